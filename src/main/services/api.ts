import type { ChannelOutput, ConnectionInfo, OutboxEntry, SyncStatus } from '../../shared/contract.ts';
import type { CrmRecord, ModuleInfo, ModuleSchema, RecordData } from '../../shared/fields.ts';
import type { ListQuery } from '../../shared/query.ts';
import type { SecretMap, VendorId, VendorInfo } from '../../shared/crm-vendors.ts';
import type { ListPage, TestResult } from '../connectors/types.ts';
import type { RecentsService } from './recents.ts';
import type { SearchService } from './search.ts';
import type { RelatedList, Relation } from '../../shared/relations.ts';
import type { ViewsStore } from './views.ts';
import type { AuditService } from './audit-service.ts';
import type { BulkService } from './bulk/service.ts';

/**
 * What the CLI, the Electron IPC router and the browser host all call: plain Node, no Electron. The
 * router's handlers are one line each over these methods.
 */
export interface ConnectionInput {
  name: string;
  vendor: VendorId;
  url: string;
  settings: Record<string, string>;
  /** Omitted: keep what is stored. */
  secrets?: SecretMap;
  previousName?: string;
  /**
   * The new origin (`scheme://host[:port]`) when the URL moves to another host and the stored secrets
   * should go there: without it, such a change needs the secrets again.
   */
  confirmHost?: string;
}

export interface ConnectionsService {
  vendors(): VendorInfo[];
  list(): Promise<ConnectionInfo[]>;
  save(input: ConnectionInput): Promise<ConnectionInfo>;
  remove(name: string): Promise<void>;
  test(name: string): Promise<TestResult>;
}

export interface RecordsService {
  modules(connection: string, opts?: { offline?: boolean }): Promise<ModuleInfo[]>;
  /** `refresh`: fetch the metadata from the vendor again instead of using the cached copy. */
  describe(connection: string, module: string, opts?: { offline?: boolean; refresh?: boolean }): Promise<ModuleSchema>;
  list(
    connection: string,
    module: string,
    query: ListQuery,
    opts?: { offline?: boolean },
  ): Promise<ListPage & { offline?: { lastSyncAt: string | null } }>;
  get(connection: string, module: string, id: string, opts?: { offline?: boolean }): Promise<CrmRecord>;
  create(connection: string, module: string, data: RecordData): Promise<CrmRecord>;
  update(
    connection: string,
    module: string,
    id: string,
    data: RecordData,
    opts?: { offline?: boolean },
  ): Promise<CrmRecord | { queued: true; module: string; id: string }>;
  delete(connection: string, module: string, id: string): Promise<void>;
  lookup(connection: string, module: string, text: string, limit: number): Promise<{ id: string; label: string }[]>;
  labels(connection: string, module: string, ids: string[]): Promise<Record<string, string>>;
  /** The module's relations, from the vendor's relation data over the described (or mirrored) modules. */
  relations(connection: string, module: string, opts?: { offline?: boolean }): Promise<Relation[]>;
  /** The first page of each relation of one record: records whose reference field holds its id. */
  related(
    connection: string,
    module: string,
    id: string,
    opts?: { offline?: boolean; pageSize?: number },
  ): Promise<RelatedList[]>;
}

export interface SyncService {
  /** Runs a sync to the end (CLI) and returns the per-module summary. */
  run(
    connection: string,
    modules: string[],
    opts?: { signal?: AbortSignal; onProgress?: (s: SyncStatus) => void },
  ): Promise<SyncStatus['summary']>;
  /** Starts one in the background (UI) and reports through status(). */
  start(connection: string, modules: string[]): void;
  status(connection: string): SyncStatus;
  cancel(connection: string): void;
  outbox(connection: string): Promise<OutboxEntry[]>;
  resolve(connection: string, module: string, id: string, keep: 'mine' | 'theirs', fields: string[]): Promise<void>;
  offline(connection: string): Promise<{ offline: boolean; lastSyncAt: string | null }>;
  setOffline(connection: string, offline: boolean): Promise<void>;
}

export interface ExportRequest {
  connection: string;
  module: string;
  format: 'csv' | 'xlsx' | 'json' | 'ndjson';
  out: string;
  offline: boolean;
  columns: string[];
  query: Pick<ListQuery, 'filters' | 'sort'>;
  bom: boolean;
  /** The app's own export folder: the file is readable by this user only (an explicit `--out` follows the umask). */
  privateFile?: boolean;
}
export type ExportStatus = ChannelOutput<'export.status'>;

export interface ExportService {
  /** Writes the whole file (CLI); errors per row go to `<out>.errors.ndjson`. */
  run(
    req: ExportRequest,
    opts?: { signal?: AbortSignal; onProgress?: (rows: number) => void },
  ): Promise<{
    file: string;
    rows: number;
    errors: number;
  }>;
  start(req: Omit<ExportRequest, 'out'> & { out?: string }): string;
  status(jobId: string): ExportStatus;
  cancel(jobId: string): void;
}

export interface Services {
  dataDir: string;
  /** Every write the app and the CLI made, and undo. */
  audit: AuditService;
  /** Bulk updates from a spreadsheet. */
  bulk: BulkService;
  connections: ConnectionsService;
  records: RecordsService;
  sync: SyncService;
  exports: ExportService;
  /** One search across every connection and module. */
  search: SearchService;
  /** The records opened last and the pinned ones (home screen). */
  recents: RecentsService;
  /** Saved grid views per connection and module, in the data folder. */
  views: ViewsStore;
  close(): Promise<void>;
}
