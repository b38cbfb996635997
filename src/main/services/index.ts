import { CrmError } from '../../shared/errors.ts';
import { NO_MIRROR_MESSAGE } from './extensions.ts';
import type { ExportService, Services, SyncService } from './api.ts';
import { ConnectorPool } from './connector-pool.ts';
import { ConnectionsFile } from './connections-file.ts';
import { LocalConnectionsService, type DemoConnection } from './connections.ts';
import type { ServiceContext, MirrorServicesFactory, MirrorServices } from './extensions.ts';
import { sweepStaleExportTemps } from './mirror/export-temps.ts';
import { AuditStore, auditFile } from '../store/audit.ts';
import { auditConnectionHooks, createAuditService } from './audit-service.ts';
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
  let auditStore: AuditStore | undefined;
  const auditLog = (): AuditStore => (auditStore ??= new AuditStore(auditFile(dataDir)));
  // Built in this order; a few need a piece built after them, and reach it through a function they call
  // only later, once createServices has returned: the pool asks the connections service for a
  // connection's secrets on its first request, the connections service tells the mirror services when a
  // connection is removed or renamed, and records reads offline through the mirror services.
  const pool: ConnectorPool = new ConnectorPool((name) => connections.resolve(name), catalog, dataDir, auditLog);
  const recents = new LocalRecentsService(dataDir);
  const views = new ViewsStore(dataDir);
  const auditHooks = auditConnectionHooks(auditFile(dataDir), auditLog);
  const connections: LocalConnectionsService = new LocalConnectionsService({
    file: new ConnectionsFile(dataDir),
    secrets,
    catalog,
    // CRM_RATE_LIMIT=off: no client-side limiter, for simulators run with `--limits off` (tests, bench).
    rateLimitOff: (env.CRM_RATE_LIMIT ?? '').toLowerCase() === 'off',
    pool,
    lifecycle: {
      connectionRemoved: async (name) => {
        await mirror?.connectionRemoved?.(name);
        await recents.connectionRemoved(name);
        await views.connectionRemoved(name);
        auditHooks.connectionRemoved(name);
      },
      connectionRenamed: async (from, to) => {
        await mirror?.connectionRenamed?.(from, to);
        await recents.connectionRenamed(from, to);
        await views.connectionRenamed(from, to);
        auditHooks.connectionRenamed(from, to);
      },
    },
  });
  for (const d of opts.demo ?? []) await connections.addDemo(d);

  const records = new LocalRecordsService({ pool, offline: () => mirror?.offline });
  const known = async (name: string) => void (await connections.info(name));
  const context: ServiceContext = {
    dataDir,
    connector: (name) => pool.get(name),
    describe: (name, module) => records.describe(name, module),
    connection: (name) => connections.info(name),
    scrub: (name, err) => pool.scrub(name, err),
    rateWait: (name) => pool.rateWait(name),
    known,
  };
  const mirror: MirrorServices | undefined = opts.mirror ? await opts.mirror(context) : undefined;
  const audit = createAuditService({
    log: auditLog,
    connector: (name) => pool.get(name),
    describe: (name, module) => records.describe(name, module),
    known,
  });
  const bulk = createBulkService({
    dataDir,
    viewMapping: (name, module, view) => views.bulkMap(name, module, view),
    log: auditLog,
    connector: (name) => pool.get(name),
    describe: (name, module) => records.describe(name, module),
    ...(mirror ? { offline: mirror.offline } : {}),
    isOffline: async (name) => (mirror ? (await mirror.sync.offline(name)).offline : false),
    scrub: (name, err) => pool.scrub(name, err),
  });
  const search = new LocalSearchService({
    connections: () => connections.list(),
    records,
    offline: () => mirror?.offline,
    ...(mirror ? { workingOffline: async (name: string) => (await mirror.sync.offline(name)).offline } : {}),
  });

  return {
    dataDir,
    onRateWait: (fn) => pool.onRateWait(fn),
    connections,
    records,
    sync: mirror?.sync ?? mirrorlessSync(),
    exports: mirror?.exports ?? mirrorlessExports(),
    search,
    recents,
    views,
    audit,
    bulk,
    context,
    async close() {
      await mirror?.close?.();
      await pool.closeAll();
      auditStore?.close();
    },
  };
}

function noMirror(): never {
  throw new CrmError('unsupported', NO_MIRROR_MESSAGE);
}

/** Sync without the mirror services (a CLI command that only talks to the vendor, a test): every call is refused. */
function mirrorlessSync(): SyncService {
  return {
    run: async () => noMirror(),
    start: () => noMirror(),
    status: () => noMirror(),
    cancel: () => noMirror(),
    outbox: async () => noMirror(),
    resolve: async () => noMirror(),
    offline: async () => noMirror(),
    setOffline: async () => noMirror(),
  };
}

/** Exports without the mirror services: every call is refused. */
function mirrorlessExports(): ExportService {
  return {
    run: async () => noMirror(),
    start: () => noMirror(),
    status: () => noMirror(),
    cancel: () => noMirror(),
  };
}
