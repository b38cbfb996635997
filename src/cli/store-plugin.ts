import type { StoreFactory } from '../main/services/extensions.ts';

/**
 * The offline store (sync, exports, outbox, `--offline`), imported only when a command needs it, so
 * commands that only talk to the vendor never load node:sqlite and the store's modules.
 */
export async function loadStoreFactory(): Promise<StoreFactory> {
  return (await import('../main/services/mirror/sync.ts')).createStoreParts;
}
