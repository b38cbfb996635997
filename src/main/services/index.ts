import { CrmError } from '../../shared/errors.ts';
import { NO_MIRROR_MESSAGE } from './extensions.ts';
import type { ExportService, Services, SyncService } from './api.ts';
import { ConnectorPool } from './connector-pool.ts';
import { ConnectionsFile } from './connections-file.ts';
import { LocalConnectionsService, type DemoConnection } from './connections.ts';
import type { ServiceContext, MirrorServicesFactory, MirrorServices } from './extensions.ts';
import { sweepStaleExportTemps } from './mirror/export-temps.ts';
import { AuditStore, auditFile } from '../store/audit.ts';
import { createAuditService } from './audit-service.ts';
import { createBulkService } from './bulk/service.ts';
import { resolveDataDir } from './paths.ts';
import { securePrivateFiles } from './private-files.ts';
import { LocalRecentsService } from './recents.ts';
import { LocalRecordsService } from './records.ts';
import { LocalSearchService } from './search.ts';
import { ConnectionSecrets, type SecretsOptions } from './secrets.ts';
import { loadVendorCatalog, type VendorCatalog } from './vendor-catalog.ts';
import { ViewsStore } from './views.ts';

export type { DemoConnection } from './connections.ts';
export type { OfflineRecords, ServiceContext, MirrorServicesFactory, MirrorServices } from './extensions.ts';

export interface CreateServicesOptions {
  /** Default: `CRM_HOME`, else the platform's app-data folder (Electron passes its userData path). */
  dataDir?: string;
  secrets?: SecretsOptions;
  /** Default: the real connector registry, loaded on demand. */
  catalog?: VendorCatalog;
  /** Connections of the embedded demo workspace: in memory only, secrets too. */
  demo?: DemoConnection[];
  /**
   * The services over the local mirror (sync, exports, offline records; services/mirror/). Without them
   * (CLI commands that only talk to the vendor, tests of the live path) those calls are 'unsupported'
   * with NO_MIRROR_MESSAGE.
   */
  mirror?: MirrorServicesFactory;
  /** Read for `CRM_RATE_LIMIT` and `CRM_SECRET_<NAME>`. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface LocalServices extends Services {
  /** Requests waiting for a vendor's rate limit (the CLI notes them on stderr). */
  onRateWait: ConnectorPool['onRateWait'];
  connections: LocalConnectionsService;
  records: LocalRecordsService;
  /** What the mirror services' factory received: the cached connectors and schemas. */
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
  let auditStore: AuditStore | undefined;
  const auditLog = (): AuditStore => (auditStore ??= new AuditStore(auditFile(dataDir)));
  const pool = new ConnectorPool((name) => connections.resolve(name), catalog, dataDir, auditLog);
  connections.attachPool(pool);
  for (const d of opts.demo ?? []) await connections.addDemo(d);

  let store: MirrorServices | undefined;
  const records = new LocalRecordsService({ pool, offline: () => store?.offline });
  const context: ServiceContext = {
    dataDir,
    connector: (name) => pool.get(name),
    describe: (name, module) => records.describe(name, module),
    connection: (name) => connections.info(name),
    scrub: (name, err) => pool.scrub(name, err),
    rateWait: (name) => pool.rateWait(name),
    known: async (name) => void (await connections.info(name)),
  };
  if (opts.mirror) store = await opts.mirror(context);
  const recents = new LocalRecentsService(dataDir);
  const parts = store;
  connections.attachStore({
    connectionRemoved: async (name) => {
      await parts?.connectionRemoved?.(name);
      await recents.connectionRemoved(name);
    },
    connectionRenamed: async (from, to) => {
      await parts?.connectionRenamed?.(from, to);
      await recents.connectionRenamed(from, to);
    },
  });
  const known = async (name: string) => void (await connections.info(name));
  const audit = createAuditService({
    log: auditLog,
    connector: (name) => pool.get(name),
    describe: (name, module) => records.describe(name, module),
    known,
  });
  const bulk = createBulkService({
    dataDir,
    log: auditLog,
    connector: (name) => pool.get(name),
    describe: (name, module) => records.describe(name, module),
    ...(store ? { offline: store.offline } : {}),
    isOffline: async (name) => (store ? (await store.sync.offline(name)).offline : false),
    scrub: (name, err) => pool.scrub(name, err),
  });
  const search = new LocalSearchService({
    connections: () => connections.list(),
    records,
    offline: () => parts?.offline,
    ...(parts ? { workingOffline: async (name: string) => (await parts.sync.offline(name)).offline } : {}),
  });

  return {
    dataDir,
    onRateWait: (fn) => pool.onRateWait(fn),
    connections,
    records,
    sync: store?.sync ?? storelessSync(),
    exports: store?.exports ?? storelessExports(),
    search,
    recents,
    views: new ViewsStore(dataDir),
    audit,
    bulk,
    context,
    async close() {
      await store?.close?.();
      await pool.closeAll();
      auditStore?.close();
    },
  };
}

function noStore(): never {
  throw new CrmError('unsupported', NO_MIRROR_MESSAGE);
}

/** Sync without a store (a CLI command that only talks to the vendor, a test): every call is refused. */
function storelessSync(): SyncService {
  return {
    run: async () => noStore(),
    start: () => noStore(),
    status: () => noStore(),
    cancel: () => noStore(),
    outbox: async () => noStore(),
    resolve: async () => noStore(),
    offline: async () => noStore(),
    setOffline: async () => noStore(),
  };
}

/** Exports without a store: every call is refused. */
function storelessExports(): ExportService {
  return {
    run: async () => noStore(),
    start: () => noStore(),
    status: () => noStore(),
    cancel: () => noStore(),
  };
}
