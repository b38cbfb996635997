import { CrmError } from '../../shared/errors.ts';
import type { ExportService, Services, SyncService } from './api.ts';
import { ConnectorPool } from './connector-pool.ts';
import { ConnectionsFile } from './connections-file.ts';
import { LocalConnectionsService, type DemoConnection } from './connections.ts';
import type { ServiceContext, StoreFactory, StoreParts } from './extensions.ts';
import { sweepStaleExportTemps } from './export-temps.ts';
import { resolveDataDir } from './paths.ts';
import { securePrivateFiles } from './private-files.ts';
import { LocalRecordsService } from './records.ts';
import { ConnectionSecrets, type SecretsOptions } from './secrets.ts';
import { loadVendorCatalog, type VendorCatalog } from './vendor-catalog.ts';

export type { DemoConnection } from './connections.ts';
export type { OfflineRecords, ServiceContext, StoreFactory, StoreParts } from './extensions.ts';

export interface CreateServicesOptions {
  /** Default: `CRM_HOME`, else the platform's app-data folder (Electron passes its userData path). */
  dataDir?: string;
  secrets?: SecretsOptions;
  /** Default: the real connector registry, loaded on demand. */
  catalog?: VendorCatalog;
  /** Connections of the embedded demo workspace: in memory only, secrets too. */
  demo?: DemoConnection[];
  /** The offline store (sync, exports, offline records). Without it those calls are 'unsupported'. */
  store?: StoreFactory;
  /** Read for `CRM_RATE_LIMIT` and `CRM_SECRET_<NAME>`. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface LocalServices extends Services {
  connections: LocalConnectionsService;
  records: LocalRecordsService;
  /** What the store factory received: the cached connectors and schemas. */
  context: ServiceContext;
}

/**
 * Builds the services the CLI, the Electron router and the browser host share. Plain Node: nothing here
 * imports Electron, and keytar loads only when a secret is read from or written to the keychain.
 */
export async function createServices(opts: CreateServicesOptions = {}): Promise<LocalServices> {
  const env = opts.env ?? process.env;
  const dataDir = opts.dataDir ?? resolveDataDir({ env });
  // Start-up care of the data folder: private modes whatever an earlier run left, and no temp file of an
  // export killed midway.
  await securePrivateFiles(dataDir);
  await sweepStaleExportTemps(dataDir);
  const catalog = opts.catalog ?? (await loadVendorCatalog());
  const secrets = new ConnectionSecrets(dataDir, { env, ...opts.secrets });
  const connections = new LocalConnectionsService({
    file: new ConnectionsFile(dataDir),
    secrets,
    catalog,
    // CRM_RATE_LIMIT=off: no client-side limiter, for simulators run with `--limits off` (tests, bench).
    rateLimitOff: (env.CRM_RATE_LIMIT ?? '').toLowerCase() === 'off',
  });
  const pool = new ConnectorPool((name) => connections.resolve(name), catalog);
  connections.attachPool(pool);
  for (const d of opts.demo ?? []) await connections.addDemo(d);

  let store: StoreParts | undefined;
  const records = new LocalRecordsService({ pool, offline: () => store?.offline });
  const context: ServiceContext = {
    dataDir,
    connector: (name) => pool.get(name),
    describe: (name, module) => records.describe(name, module),
    connection: (name) => connections.info(name),
    scrub: (name, err) => pool.scrub(name, err),
    known: async (name) => void (await connections.info(name)),
  };
  if (opts.store) {
    store = await opts.store(context);
    connections.attachStore(store);
  }

  return {
    dataDir,
    connections,
    records,
    // NOT YET AVAILABLE: until the store engineer's factory is passed as `store`, these throw 'unsupported'.
    sync: store?.sync ?? unavailableSync(),
    exports: store?.exports ?? unavailableExports(),
    context,
    async close() {
      await store?.close?.();
      await pool.closeAll();
    },
  };
}

function notYet(): never {
  throw new CrmError('unsupported', 'not available yet');
}

/** Placeholder until the offline store lands: every call is 'unsupported'. */
function unavailableSync(): SyncService {
  return {
    run: async () => notYet(),
    start: () => notYet(),
    status: () => notYet(),
    cancel: () => notYet(),
    outbox: async () => notYet(),
    resolve: async () => notYet(),
    offline: async () => notYet(),
    setOffline: async () => notYet(),
  };
}

/** Placeholder until the offline store lands: every call is 'unsupported'. */
function unavailableExports(): ExportService {
  return {
    run: async () => notYet(),
    start: () => notYet(),
    status: () => notYet(),
    cancel: () => notYet(),
  };
}
