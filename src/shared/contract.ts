import { z } from 'zod';
import { auditEntrySchema, undoConflictSchema } from './audit.ts';
import { crmErrorSchema } from './errors.ts';
import { moduleInfoSchema, moduleSchemaSchema, recordDataSchema, recordSchema } from './fields.ts';
import { listQuerySchema } from './query.ts';
import { relatedListSchema, relationSchema } from './relations.ts';
import { bulkMapSchema, savedViewSchema, viewNameSchema } from './views.ts';
import { vendorIdSchema, vendorInfoSchema } from './crm-vendors.ts';

/**
 * The one list of everything the renderer may ask of the main process. Main's router, the preload
 * bridge, the browser host and the renderer's client all import this table, so a channel cannot drift:
 * the router validates every input against it, and the client types every call from it.
 */

/** The single Electron IPC channel that carries every call of the contract. */
export const IPC_CHANNEL = 'crm:invoke';
/** The browser host's path prefix for calls (`POST /rpc/<channel>`) and its token header. */
export const RPC_PATH = '/rpc/';
export const TOKEN_HEADER = 'x-crm-token';
/**
 * The browser host's one-time launch: the window opens `/#launch=<code>` and the page trades the code
 * for the per-launch token with `POST /session {code}`; a code works once. `POST /session/launch` (with
 * the token) mints a new launch address.
 */
export const SESSION_PATH = '/session';
export const LAUNCH_PARAM = 'launch';
/**
 * The largest call body the browser host reads (it answers 413 past it). The largest call the app makes
 * is a record create or update: one text value at its bound (MAX_TEXT_CHARS, up to 3 UTF-8 bytes per
 * UTF-16 unit) is 300 KB, and a few hundred ordinary fields beside it stay well under the rest. The
 * per-part bounds of the schemas (filters, lists) could add up to more in theory; this bounds the whole.
 */
export const MAX_CALL_BYTES = 512 * 1024;
/** The largest XLSX file the app's bulk dialog sends (its base64 stays under MAX_CALL_BYTES; the CLI reads any size). */
export const MAX_BULK_XLSX_BYTES = 300 * 1024;

const name = z.string().trim().min(1).max(100);
const moduleId = z.string().min(1).max(200);
const recordId = z.string().min(1).max(200);
const settings = z.record(z.string().max(100), z.string().max(100_000));
const secrets = z.record(z.string().max(100), z.string().max(10_000));

export const connectionInfoSchema = z.object({
  name,
  vendor: vendorIdSchema,
  url: z.string(),
  /** Never a secret: SmartSimple's function tokens are masked here. */
  settings,
  /** Which secrets are stored (names only). */
  secretNames: z.array(z.string()),
  /** A connection of the embedded demo workspace (simulators). */
  demo: z.boolean(),
});
export type ConnectionInfo = z.infer<typeof connectionInfoSchema>;

export const listPageSchema = z.object({
  rows: z.array(recordSchema),
  total: z.number().int().optional(),
  hasMore: z.boolean(),
  /** Set when the page came from the local mirror rather than the vendor. */
  offline: z.object({ lastSyncAt: z.string().nullable() }).optional(),
});
export type ListPageData = z.infer<typeof listPageSchema>;

export const syncModuleSummarySchema = z.object({
  module: z.string(),
  fetched: z.number().int(),
  deleted: z.number().int(),
  pushed: z.number().int(),
  conflicts: z.number().int(),
  requests: z.number().int(),
  idPassRequests: z.number().int(),
  /** Whether the pass over every id (finding deletions) ran, and why, e.g. "skipped: counts agree". */
  idPass: z.string().optional(),
});
/** Requests of the connection are waiting for the vendor's rate limit (shown beside the progress). */
export const rateWaitSchema = z.object({ vendor: z.string(), seconds: z.number().int() });
export type RateWaitInfo = z.infer<typeof rateWaitSchema>;

export const syncStatusSchema = z.object({
  state: z.enum(['idle', 'running', 'done', 'failed', 'cancelled']),
  module: z.string().nullable(),
  done: z.number().int(),
  total: z.number().int().nullable(),
  ratePerSec: z.number().nullable(),
  etaSec: z.number().nullable(),
  summary: z.array(syncModuleSummarySchema),
  error: crmErrorSchema.nullable(),
  waiting: rateWaitSchema.nullable().optional(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const outboxEntrySchema = z.object({
  module: z.string(),
  id: z.string(),
  fields: z.array(z.string()),
  mine: recordDataSchema,
  theirs: recordDataSchema.nullable(),
  state: z.enum(['pending', 'conflict']),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

/** One record a search across connections found. */
export const searchHitSchema = z.object({
  connection: z.string(),
  vendor: vendorIdSchema,
  module: z.string(),
  /** The module's label from its schema (the CLI's JSON leaves it out). */
  moduleLabel: z.string(),
  id: z.string(),
  label: z.string(),
  /** Higher is better: exact name matches first, then prefixes, then other word matches. */
  score: z.number().int(),
  /** Found in the local mirror (true) or at the vendor (false). */
  offline: z.boolean(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

/**
 * One place a search looked: a module of a connection, or `*` for the connection as a whole (its module
 * list could not be read). `skipped`: not searched, and why (never synced, or the vendor cannot search
 * the module by text).
 */
export const searchSourceSchema = z.object({
  connection: z.string(),
  module: z.string(),
  state: z.enum(['done', 'skipped', 'failed']),
  error: z.string().optional(),
});
export type SearchSource = z.infer<typeof searchSourceSchema>;
export const searchResultSchema = z.object({ hits: z.array(searchHitSchema), sources: z.array(searchSourceSchema) });
export type SearchResult = z.infer<typeof searchResultSchema>;
/** Where a search looks: the mirrors, the modules never synced (at the vendor), or both. */
export const searchScopeSchema = z.enum(['mirror', 'live', 'all']);
export type SearchScope = z.infer<typeof searchScopeSchema>;
export const MAX_SEARCH_TEXT = 200;
export const MAX_SEARCH_LIMIT = 200;

/** A record the user opened or pinned, for the home screen (kept in the data folder). */
export const recentRecordSchema = z.object({
  connection: name,
  module: moduleId,
  id: recordId,
  label: z.string().max(500),
  moduleLabel: z.string().max(200),
  /** When it was last opened (or pinned). */
  at: z.string(),
});
export type RecentRecord = z.infer<typeof recentRecordSchema>;
export const recentsSchema = z.object({ recent: z.array(recentRecordSchema), pinned: z.array(recentRecordSchema) });
export type Recents = z.infer<typeof recentsSchema>;
export const bulkLineSchema = z.object({
  row: z.number().int(),
  id: z.string(),
  status: z.enum([
    'applied',
    'unchanged',
    'refused',
    'not_sent',
    'created',
    'would_apply',
    'would_create',
    'would_refuse',
  ]),
  fields: z.array(z.string()),
  message: z.string(),
});
export type BulkLine = z.infer<typeof bulkLineSchema>;

export const bulkPlanSchema = z.object({
  row: z.number().int(),
  key: z.string(),
  id: z.string().nullable(),
  kind: z.enum(['update', 'create', 'unchanged', 'refused']),
  changes: recordDataSchema,
  before: recordDataSchema,
  message: z.string().nullable(),
});

export const bulkStatusSchema = z.object({
  state: z.enum(['running', 'paused', 'done', 'failed', 'cancelled']),
  phase: z.enum(['plan', 'apply']),
  done: z.number().int(),
  total: z.number().int(),
  result: z
    .object({
      dryRun: z.boolean(),
      rows: z.number().int(),
      applied: z.number().int(),
      unchanged: z.number().int(),
      refused: z.number().int(),
      notSent: z.number().int(),
      created: z.number().int(),
      job: z.string().optional(),
      columns: z.array(z.string()),
      mapping: z.record(z.string(), z.string()),
      lines: z.array(bulkLineSchema),
      plans: z.array(bulkPlanSchema).optional(),
    })
    .nullable(),
  error: crmErrorSchema.nullable(),
});
export type BulkStatus = z.infer<typeof bulkStatusSchema>;

export const undoResultSchema = z.union([
  z.object({
    ok: z.literal(true),
    auditId: z.number().int(),
    undone: z.number().int(),
    newIds: z.record(z.string(), z.string()).optional(),
  }),
  z.object({ ok: z.literal(false), conflicts: z.array(undoConflictSchema.extend({ record: z.string() })) }),
]);
export type UndoResultData = z.infer<typeof undoResultSchema>;

const connectionRef = z.object({ connection: name });
const moduleRef = connectionRef.extend({ module: moduleId });
const recordRef = moduleRef.extend({ id: recordId });
const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

export const contract = {
  'app.info': {
    input: empty,
    output: z.object({ version: z.string(), transport: z.enum(['electron', 'browser']), demo: z.boolean() }),
  },
  'vendors.list': { input: empty, output: z.array(vendorInfoSchema) },
  'connections.list': { input: empty, output: z.array(connectionInfoSchema) },
  'connections.save': {
    input: z.object({
      name,
      vendor: vendorIdSchema,
      url: z.url({ protocol: /^https?$/ }),
      settings,
      /** Omit to keep the stored secrets (editing a connection without retyping them). */
      secrets: secrets.optional(),
      /** The name it had before, when renaming. */
      previousName: name.optional(),
      /**
       * A new scheme, host or port needs the secrets again, unless this names the new origin
       * (`scheme://host[:port]`): the user confirmed that the stored secrets may be sent there.
       */
      confirmHost: z.string().max(300).optional(),
    }),
    output: connectionInfoSchema,
  },
  'connections.remove': { input: connectionRef, output: ok },
  'connections.test': {
    input: connectionRef,
    output: z.object({ ok: z.literal(true), user: z.string().optional(), detail: z.string().optional() }),
  },
  'modules.list': { input: connectionRef, output: z.array(moduleInfoSchema) },
  /** `refresh`: fetch the module's metadata from the vendor again instead of the cached copy. */
  'modules.describe': { input: moduleRef.extend({ refresh: z.boolean().default(false) }), output: moduleSchemaSchema },
  'records.list': {
    input: moduleRef.extend({ query: listQuerySchema, offline: z.boolean().default(false) }),
    output: listPageSchema,
  },
  'records.get': { input: recordRef.extend({ offline: z.boolean().default(false) }), output: recordSchema },
  'records.create': { input: moduleRef.extend({ data: recordDataSchema }), output: recordSchema },
  'records.update': {
    input: recordRef.extend({ data: recordDataSchema, offline: z.boolean().default(false) }),
    output: z.union([recordSchema, z.object({ queued: z.literal(true), module: z.string(), id: z.string() })]),
  },
  'records.delete': { input: recordRef, output: ok },
  /** Reference pickers: records of `module` whose label matches `text`. */
  'records.lookup': {
    input: moduleRef.extend({ text: z.string().max(200), limit: z.number().int().min(1).max(50).default(20) }),
    output: z.array(z.object({ id: z.string(), label: z.string() })),
  },
  /** Readable labels for reference ids shown in grids and forms. */
  'records.labels': {
    input: moduleRef.extend({ ids: z.array(recordId).max(200) }),
    output: z.record(z.string(), z.string()),
  },
  /** One search over every connection's mirror (and, on request, the modules never synced). */
  'search.run': {
    input: z.object({
      text: z.string().max(MAX_SEARCH_TEXT),
      connections: z.array(name).max(100).default([]),
      limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).default(50),
      scope: searchScopeSchema.default('mirror'),
    }),
    output: searchResultSchema,
  },
  'recents.list': { input: empty, output: recentsSchema },
  /** The user opened a record: it goes to the top of the recent list. */
  'recents.visit': {
    input: recordRef.extend({ label: z.string().max(500), moduleLabel: z.string().max(200) }),
    output: ok,
  },
  'recents.pin': {
    input: recordRef.extend({ label: z.string().max(500), moduleLabel: z.string().max(200), pinned: z.boolean() }),
    output: ok,
  },
  /** A module's relations: the other modules' reference fields that may point at its records. */
  'records.relations': {
    input: moduleRef.extend({ offline: z.boolean().default(false) }),
    output: z.array(relationSchema),
  },
  /** The first page of each relation of one record (a record view's Related section). */
  'records.related': {
    input: recordRef.extend({
      offline: z.boolean().default(false),
      pageSize: z.number().int().min(1).max(100).default(10),
    }),
    output: z.array(relatedListSchema),
  },
  /** Saved grid views of a module (kept in the data folder, per connection and module). */
  'views.list': { input: moduleRef, output: z.array(savedViewSchema) },
  'views.save': { input: moduleRef.extend({ view: savedViewSchema }), output: savedViewSchema },
  'views.remove': { input: moduleRef.extend({ name: viewNameSchema }), output: ok },
  'views.rename': { input: moduleRef.extend({ name: viewNameSchema, to: viewNameSchema }), output: savedViewSchema },
  'views.setDefault': { input: moduleRef.extend({ name: viewNameSchema.nullable() }), output: ok },
  /** A view as the text of its shareable file. */
  'views.export': { input: moduleRef.extend({ name: viewNameSchema }), output: z.object({ text: z.string() }) },
  /** Keeps a bulk update's column mapping with a saved view (`null` forgets it). */
  'views.setBulkMap': {
    input: moduleRef.extend({ name: viewNameSchema, map: bulkMapSchema.nullable() }),
    output: savedViewSchema,
  },
  /** A shared view file's text: saved with the fields the module has; the others are named. */
  'views.import': {
    input: moduleRef.extend({ text: z.string().max(256 * 1024) }),
    output: z.object({ name: z.string(), unknownFields: z.array(z.string()) }),
  },
  'sync.start': { input: connectionRef.extend({ modules: z.array(moduleId).max(200).default([]) }), output: ok },
  'sync.status': { input: connectionRef, output: syncStatusSchema },
  'sync.cancel': { input: connectionRef, output: ok },
  'outbox.list': { input: connectionRef, output: z.array(outboxEntrySchema) },
  'outbox.resolve': {
    input: recordRef.extend({
      keep: z.enum(['mine', 'theirs']),
      fields: z.array(z.string().max(200)).max(1000).default([]),
    }),
    output: ok,
  },
  'offline.get': {
    input: connectionRef,
    output: z.object({
      offline: z.boolean(),
      lastSyncAt: z.string().nullable(),
      /** Set while the vendor cannot be reached and reads come from the mirror. */
      unreachableSince: z.string().nullable().optional(),
    }),
  },
  'offline.set': { input: connectionRef.extend({ offline: z.boolean() }), output: ok },
  'export.start': {
    input: moduleRef.extend({
      format: z.enum(['csv', 'xlsx', 'json', 'ndjson']),
      offline: z.boolean().default(false),
      columns: z.array(z.string().max(200)).max(1000).default([]),
      query: listQuerySchema.pick({ sort: true, filters: true }).partial().default({}),
      bom: z.boolean().default(false),
    }),
    output: z.object({ jobId: z.string() }),
  },
  'export.status': {
    input: z.object({ jobId: z.string().max(100) }),
    output: z.object({
      state: z.enum(['running', 'done', 'failed', 'cancelled']),
      rows: z.number().int(),
      errors: z.number().int(),
      /** Where the finished file is (Electron), or the id to download it from the browser host. */
      file: z.string().nullable(),
      error: crmErrorSchema.nullable(),
      waiting: rateWaitSchema.nullable().optional(),
    }),
  },
  'export.cancel': { input: z.object({ jobId: z.string().max(100) }), output: ok },
  /** A bulk update (or its dry run) from pasted cells, a CSV file's text or an XLSX file's bytes. */
  'bulk.start': {
    input: moduleRef
      .extend({
        text: z.string().max(400_000).optional(),
        /** The XLSX file's bytes in base64. */
        xlsx: z
          .base64()
          .max(Math.ceil(MAX_BULK_XLSX_BYTES / 3) * 4)
          .optional(),
        /** A saved view whose bulk mapping is the base; `map` overrides it column by column. */
        view: viewNameSchema.optional(),
        map: z.record(z.string().max(200), z.string().max(200)).default({}),
        match: z.string().min(1).max(200).default('id'),
        createMissing: z.boolean().default(false),
        dryRun: z.boolean(),
      })
      .refine((i) => (i.text === undefined) !== (i.xlsx === undefined), 'a bulk update takes text or an XLSX file'),
    output: z.object({ jobId: z.string() }),
  },
  'bulk.status': { input: z.object({ jobId: z.string().max(100) }), output: bulkStatusSchema },
  'bulk.pause': { input: z.object({ jobId: z.string().max(100), paused: z.boolean() }), output: ok },
  'bulk.cancel': { input: z.object({ jobId: z.string().max(100) }), output: ok },
  /** The audit log of a connection, newest first. */
  'audit.list': {
    input: connectionRef.extend({
      module: moduleId.optional(),
      record: recordId.optional(),
      since: z.string().max(40).optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
    output: z.array(auditEntrySchema),
  },
  /** Undo one entry, a bulk job, or the connection's last write. */
  'audit.undo': {
    input: connectionRef.extend({
      entry: z.number().int().optional(),
      job: z.string().max(100).optional(),
      last: z.boolean().default(false),
      keep: z.enum(['mine', 'theirs']).optional(),
      recreate: z.boolean().default(false),
    }),
    output: undoResultSchema,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;
export const channels = Object.keys(contract) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}

/** What crosses the process boundary: a value, or a typed error (never a stack). */
export const envelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: crmErrorSchema }),
]);
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: z.infer<typeof crmErrorSchema> };

/** The API the preload puts on `window.crm`. */
export interface CrmBridge {
  invoke(channel: Channel, input: unknown): Promise<Envelope>;
}
