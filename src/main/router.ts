import {
  contract,
  isChannel,
  type Channel,
  type ChannelOutput,
  type Envelope,
  type ParsedInput,
} from '../shared/contract.ts';
import { formatZodError, toErrorData } from '../shared/errors.ts';

export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> };
export type Dispatch = (channel: unknown, input: unknown) => Promise<Envelope>;

/**
 * The one entry point for every call from a renderer, whichever the transport (Electron IPC or the
 * browser host). It validates the input against the contract before any handler runs, and passes the
 * result through the output schema too, so nothing the contract does not name (a secret on a stray
 * property, say) can reach the renderer. Failures come back as typed error data, never a stack.
 */
export function createRouter(handlers: Handlers, log: (msg: string) => void = () => {}): Dispatch {
  return async (channel, input) => {
    if (!isChannel(channel)) {
      return {
        ok: false,
        error: { kind: 'invalid_input', message: `Unknown channel "${String(channel).slice(0, 80)}"` },
      };
    }
    const spec = contract[channel];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      return { ok: false, error: { kind: 'invalid_input', message: `${channel}: ${formatZodError(parsed.error)}` } };
    }
    try {
      const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      const out = spec.output.safeParse(value);
      if (!out.success) {
        log(`${channel}: handler returned a value outside the contract: ${formatZodError(out.error)}`);
        return { ok: false, error: { kind: 'internal', message: `${channel}: unexpected result` } };
      }
      return { ok: true, value: out.data };
    } catch (err) {
      const error = toErrorData(err);
      if (error.kind === 'internal') log(`${channel}: ${error.message}`);
      return { ok: false, error };
    }
  };
}
