import type { StoreFactory } from '../main/services/extensions.ts';

/**
 * Where the CLI gets the offline store (sync, exports, outbox, `--offline`). The store engineer replaces
 * the body with a lazy import of their factory, e.g.
 *   return (await import('../main/services/sync.ts')).createStoreParts;
 * Until then the CLI runs without it and those calls are 'unsupported'.
 */
export async function loadStoreFactory(): Promise<StoreFactory | undefined> {
  return (await import('../main/services/sync.ts')).createStoreParts;
}
