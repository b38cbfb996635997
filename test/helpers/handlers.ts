import { channels, type Channel } from '../../src/shared/contract.ts';
import { CrmError } from '../../src/shared/errors.ts';
import type { Handlers } from '../../src/main/router.ts';

/** Handlers for a router test: the given ones, every other channel refusing as unsupported. */
export function handlers(partial: Partial<Handlers>): Handlers {
  const all = {} as Record<Channel, unknown>;
  for (const c of channels) {
    all[c] =
      partial[c] ??
      (async () => {
        throw new CrmError('unsupported', `${c} not in this test`);
      });
  }
  return all as Handlers;
}
