import { moveStoreFiles, removeStoreFiles, storeFile, StoreRegistry } from '../../store/index.ts';
import type { MirrorServices, ServiceContext } from '../extensions.ts';
import { createExportService } from './export.ts';
import { createOfflineRecords } from './offline-records.ts';
import { LocalSyncService, type CountsOf } from './sync.ts';

const registryCounts: CountsOf = () => undefined;

/**
 * The services over the local mirror: sync, exports and offline records over one SQLite file per
 * connection in `<dataDir>/mirror/`. Plug into `createServices({mirror: createMirrorServices})`.
 */
export async function createMirrorServices(ctx: ServiceContext): Promise<MirrorServices> {
  return mirrorServicesFactory()(ctx);
}

/**
 * The same with options. `workerUrl`: where the background worker's code is when the main process is
 * bundled (electron-vite: build src/main/services/mirror/job-thread.ts as its own entry and pass its URL).
 */
export function mirrorServicesFactory(
  opts: { workerUrl?: URL } = {},
): (ctx: ServiceContext) => Promise<MirrorServices> {
  return async (ctx) => {
    const { connectorRequestCounts } = await import('../../connectors/registry.ts');
    return buildMirrorServices(ctx, connectorRequestCounts, opts.workerUrl);
  };
}

export function buildMirrorServices(
  ctx: ServiceContext,
  countsOf: CountsOf = registryCounts,
  workerUrl?: URL,
): MirrorServices {
  const stores = new StoreRegistry(ctx.dataDir);
  const sync = new LocalSyncService(ctx, stores, countsOf, workerUrl);
  const exports = createExportService(ctx, stores, workerUrl);
  return {
    sync,
    exports,
    offline: createOfflineRecords(stores, async (name) => ctx.known?.(name)),
    // A removed connection's mirror and outbox go with it: a new connection of the same name (perhaps
    // another vendor) must not show its records or push its queued edits.
    async connectionRemoved(name) {
      await sync.stop(name);
      stores.close(name);
      await removeStoreFiles(storeFile(ctx.dataDir, name));
    },
    // A renamed connection keeps its mirror and its queued edits.
    async connectionRenamed(from, to) {
      await sync.stop(from);
      stores.close(from);
      stores.close(to);
      await moveStoreFiles(storeFile(ctx.dataDir, from), storeFile(ctx.dataDir, to));
    },
    async close() {
      sync.cancelAll();
      await sync.settled();
      await exports.settled();
      stores.closeAll();
    },
  };
}
