import type { ServiceTextKey } from '../../shared/i18n/error-text.ts';
import type { ConnectionInfo } from '../../shared/contract.ts';
import type { CrmRecord, ModuleSchema, RecordData } from '../../shared/fields.ts';
import type { ListQuery } from '../../shared/query.ts';
import type { Connector, ListPage } from '../connectors/types.ts';
import type { ExportService, SyncService } from './api.ts';

/**
 * The seam for the services over the local mirror (services/mirror/: sync, outbox, exports, offline
 * records). `createServices` builds connections and records itself and takes the rest from a
 * `MirrorServicesFactory` given in its options.
 */
export interface ServiceContext {
  dataDir: string;
  /** The cached connector of a connection (created on first use). */
  connector(connection: string): Promise<Connector>;
  /** The module's schema, cached for the process. */
  describe(connection: string, module: string): Promise<ModuleSchema>;
  connection(name: string): Promise<ConnectionInfo>;
  /**
   * The error with any of the connection's secret values a vendor echoed replaced (what records and
   * test do): sync and export errors reach the renderer and the CLI too. Absent: errors pass unchanged.
   */
  scrub?(connection: string, err: unknown): unknown;
  /**
   * Throws not_found for a connection that does not exist, so that a typo gets a clear error instead
   * of a new, empty local store. Absent: every name is taken as known.
   */
  known?(connection: string): Promise<void>;
  /** The wait for a vendor's rate limit the connection's requests are in now (for progress), if any. */
  rateWait?(connection: string): { vendor: string; seconds: number } | null;
}

/** What `records` calls for `{offline: true}`: reads from the mirror, edits into the outbox. */
export interface OfflineRecords {
  /** Modules with a mirror (synced at least once), labelled from their stored schemas. */
  modules(connection: string): Promise<{ name: string; label: string }[]>;
  /** The schema stored with the mirror (the CLI parses `--where` against it without a request). */
  describe(connection: string, module: string): Promise<ModuleSchema>;
  list(
    connection: string,
    module: string,
    query: ListQuery,
  ): Promise<ListPage & { offline: { lastSyncAt: string | null } }>;
  get(connection: string, module: string, id: string): Promise<CrmRecord>;
  /**
   * Records of a mirrored module whose text matches the words, best first (folded as people type:
   * accents, Arabic/Persian letter variants). The base for a search across connections.
   */
  search?(connection: string, module: string, text: string, limit?: number): Promise<CrmRecord[]>;
  update(
    connection: string,
    module: string,
    id: string,
    data: RecordData,
  ): Promise<{ queued: true; module: string; id: string }>;
}

export interface MirrorServices {
  sync: SyncService;
  exports: ExportService;
  offline: OfflineRecords;
  /** Called after a connection is removed (drop its mirror) or renamed (move it). */
  connectionRemoved?(name: string): Promise<void>;
  connectionRenamed?(from: string, to: string): Promise<void>;
  close?(): Promise<void>;
}

/** Why sync, exports and offline reads are refused in a process built without the mirror services. */
export const NO_MIRROR_TEXT = 'errors.service.noLocalStore' satisfies ServiceTextKey;

export type MirrorServicesFactory = (ctx: ServiceContext) => MirrorServices | Promise<MirrorServices>;
