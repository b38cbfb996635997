import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/contract.ts';
import { CrmError } from '../../../shared/errors.ts';
import { bridge } from './transport.ts';

/** Calls one channel of the contract; resolves with its typed output or throws a CrmError. */
export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const envelope = await bridge.invoke(channel, input);
  if (!envelope.ok) throw CrmError.fromData(envelope.error);
  return envelope.value as ChannelOutput<C>;
}
