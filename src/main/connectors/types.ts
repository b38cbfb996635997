import type { WriteIntent } from '../../shared/audit.ts';
import type { ListQuery } from '../../shared/query.ts';
import type { CrmRecord, ModuleInfo, ModuleSchema, RecordData } from '../../shared/fields.ts';
import type { VendorId, SettingSpec, SecretSpec, SecretMap } from '../../shared/crm-vendors.ts';
import type { HttpClient } from './http.ts';
import type { MetadataCache } from './common/metadata-cache.ts';
import type { Relation } from '../../shared/relations.ts';

/** One page of a module, as the grid and the CLI's `list` show it. */
export interface ListPage {
  rows: CrmRecord[];
  /** Omitted where the vendor gives no count. */
  total?: number;
  hasMore: boolean;
}

/**
 * One step of "changes since a cursor". The first call passes `null` and walks the whole module;
 * later calls pass the cursor the previous step returned. A cursor is opaque to everything outside the
 * connector and must let a crashed sync resume where its last stored step ended (no duplicates, nothing
 * missed).
 */
export interface ChangePage {
  updated: CrmRecord[];
  /** Ids deleted on the server since the cursor; only connectors with `deletionFeed` fill it. */
  deleted: string[];
  cursor: string;
  /** True while another call with `cursor` will return more. */
  more: boolean;
}

export interface TestResult {
  ok: true;
  /** Who we are logged in as, when the vendor says. */
  user?: string;
  detail?: string;
}

export interface Connector {
  test(): Promise<TestResult>;
  modules(): Promise<ModuleInfo[]>;
  describe(module: string): Promise<ModuleSchema>;
  list(module: string, query: ListQuery): Promise<ListPage>;
  get(module: string, id: string): Promise<CrmRecord>;
  /**
   * Writes take an optional intent for the audit log (services/audit.ts wraps every connector the
   * services use); a connector itself ignores it.
   */
  create(module: string, data: RecordData, intent?: WriteIntent): Promise<CrmRecord>;
  /** `data` holds only the changed fields; the connector sends whatever the vendor needs. */
  update(module: string, id: string, data: RecordData, intent?: WriteIntent): Promise<CrmRecord>;
  delete(module: string, id: string, intent?: WriteIntent): Promise<void>;
  /** The connector reads the whole record before an update anyway and hands it to `intent.onCurrent`. */
  readonly readsBeforeUpdate?: boolean;
  changes(module: string, cursor: string | null): Promise<ChangePage>;
  /** Whether `changes` reports deletions; if not, sync finds them with `listIds`. */
  deletionFeed(module: string): boolean;
  /** Every id of the module, page by page: only the id field, the largest page the vendor allows. */
  listIds(module: string): AsyncIterable<string[]>;
  /**
   * The relations of `module` (records of other modules that point at one of its records), from the
   * vendor's own relation metadata in `schemas` (the described modules of the connection). No request:
   * the same answer serves the live vendor and the offline mirror. Absent: the module has none.
   */
  relations?(module: string, schemas: readonly ModuleSchema[]): Relation[];
  close(): Promise<void>;
  /** The cached metadata the connector reads (set by the registry): for an explicit refresh. */
  metadata?: MetadataCache;
}

/**
 * A connection with every secret part: what a connector is created from (the registry's
 * `ConnectorConfig` adds this run's options), what the services resolve a saved connection to, and what
 * the demo workspace hands in.
 */
export interface ConnectionWithSecrets {
  vendor: VendorId;
  url: string;
  /** Masked settings: secret parts (SmartSimple's function tokens) are in `secrets`. */
  settings: Record<string, string>;
  secrets: SecretMap;
  /**
   * `false` turns the client-side rate limiter off. Only for simulators started with `--limits off`
   * (tests, benchmarks): against a real vendor the documented limit always applies.
   */
  rateLimit?: boolean;
}

export interface ConnectorContext {
  baseUrl: string;
  /** Plain settings, with any secret parts (SmartSimple's function tokens) joined back in. */
  settings: Record<string, string>;
  secrets: SecretMap;
  http: HttpClient;
  /** Where describe answers and other metadata are kept; a connector without one keeps its own. */
  metadata?: MetadataCache;
}

export interface VendorDefinition {
  id: VendorId;
  label: string;
  settings: readonly SettingSpec[];
  secrets: readonly SecretSpec[];
  /** Client-side limit at the vendor's documented rate. */
  rateLimit?: { requests: number; perMs: number };
  /**
   * Moves secret parts of the settings into secrets (and masks them in the settings), so they go to the
   * keychain. Default: nothing to move.
   */
  splitSecrets?(settings: Record<string, string>): { settings: Record<string, string>; secrets: SecretMap };
  /** Reverses `splitSecrets` before a connector is created. */
  joinSecrets?(settings: Record<string, string>, secrets: SecretMap): Record<string, string>;
  create(ctx: ConnectorContext): Connector;
}
