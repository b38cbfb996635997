import type { SyncStatus } from '../../../shared/contract.ts';
import { CrmError } from '../../../shared/errors.ts';
import type { CrmRecord, RecordData } from '../../../shared/fields.ts';
import type { Connector } from '../../connectors/types.ts';
import type { ConnectionStore } from '../../store/index.ts';
import { sameValue } from '../../../shared/values.ts';

export type ModuleSummary = SyncStatus['summary'][number];

/** The HTTP layer's request counters of a connector (src/main/connectors/http.ts `counts`). */
export interface RequestCounts {
  readonly total: number;
  readonly byTag: Readonly<Record<string, number>>;
}

/** The id pass's requests carry this tag in the HTTP layer (connectors' `listIds`). */
export const ID_PASS_TAG = 'idpass';

/** Re-describe a synced module after this long, so new vendor fields reach the mirror. */
const SCHEMA_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface SyncProgress {
  module: string;
  /** Records fetched so far in this module. */
  done: number;
  /** The module's size when the vendor tells it cheaply (first sync); else null. */
  total: number | null;
  ratePerSec: number | null;
  etaSec: number | null;
}

export interface SyncContext {
  connector: Connector;
  store: ConnectionStore;
  /** Live counters, read before and after each module (absent: requests are reported as 0). */
  counts?: () => RequestCounts;
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  now?: () => number;
}

/**
 * Syncs one module: pulls changes since the stored cursor (each step stored with its cursor in one
 * transaction), finds deletions (from the connector's feed, else with a pass over the ids), then
 * pushes the module's outbox with a conflict check per record.
 */
export async function syncModule(ctx: SyncContext, module: string): Promise<ModuleSummary> {
  const { connector, store } = ctx;
  const now = ctx.now ?? Date.now;
  const counts = ctx.counts ?? (() => ({ total: 0, byTag: {} }));
  const before = snapshot(counts());
  const summary: ModuleSummary = {
    module,
    fetched: 0,
    deleted: 0,
    pushed: 0,
    conflicts: 0,
    requests: 0,
    idPassRequests: 0,
  };
  const tally = () => {
    const after = snapshot(counts());
    summary.requests = after.total - before.total;
    summary.idPassRequests = after.idPass - before.idPass;
  };
  try {
    ctx.signal?.throwIfAborted();
    const state = store.mirror.moduleState(module);
    if (!state.schema || !state.describedAt || now() - Date.parse(state.describedAt) > SCHEMA_MAX_AGE_MS) {
      store.mirror.saveSchema(module, await connector.describe(module));
    }
    const hadRecords = store.mirror.count(module) > 0;

    // 1. Changes since the cursor, step by step.
    const started = now();
    let total: number | null = null;
    if (state.cursor === null && !hadRecords) total = await estimateTotal(connector, module);
    let cursor = state.cursor;
    for (;;) {
      ctx.signal?.throwIfAborted();
      const page = await connector.changes(module, cursor);
      ctx.signal?.throwIfAborted();
      summary.deleted += store.mirror.applyChanges(module, page);
      summary.fetched += page.updated.length;
      cursor = page.cursor;
      ctx.onProgress?.(progress(module, summary.fetched, total, now() - started));
      if (!page.more) break;
    }

    // 2. Deletions, for vendors without a feed: every id the server still has (only the id field, the
    //    largest page the vendor allows; see each connector's listIds), but only when the vendor's count
    //    of the module differs from the mirror's. Nothing to find in an empty mirror.
    if (connector.deletionFeed(module)) summary.idPass = 'not needed: the vendor reports deletions';
    else if (!hadRecords) summary.idPass = 'not needed: first sync';
    else {
      const check = await compareCounts(connector, module, store.mirror.count(module));
      summary.idPass = check.agree ? `skipped: ${check.why}` : `ran: ${check.why}`;
    }
    if (summary.idPass?.startsWith('ran:')) {
      store.mirror.beginIdPass(module);
      for await (const ids of connector.listIds(module)) {
        ctx.signal?.throwIfAborted();
        store.mirror.addServerIds(module, ids);
      }
      summary.deleted += store.mirror.finishIdPass(module).length;
    }

    // 3. The outbox.
    for (const item of store.outbox.items(module)) {
      ctx.signal?.throwIfAborted();
      const outcome = await pushEdit(connector, store, item.module, item.id);
      if (outcome === 'pushed') summary.pushed++;
      else if (outcome === 'conflict') summary.conflicts++;
    }

    store.mirror.markSynced(module);
    return summary;
  } finally {
    tally();
  }
}

/**
 * Pushes one queued edit unless the server changed an edited field since the edit's base. A conflict
 * writes nothing to the server: it records the server's values ("theirs") for the user to resolve.
 */
export async function pushEdit(
  connector: Connector,
  store: ConnectionStore,
  module: string,
  id: string,
): Promise<'pushed' | 'conflict' | 'dropped'> {
  const item = store.outbox.get(module, id);
  if (!item) return 'dropped';
  // Unresolved: wait for the user (the conflict check would only find the same thing again).
  if (item.serverDeleted || item.conflictFields.length > 0) return 'conflict';
  let server: CrmRecord;
  try {
    server = await connector.get(module, id);
  } catch (err) {
    if (err instanceof CrmError && err.kind === 'not_found') {
      store.outbox.setTheirs(module, id, null);
      store.mirror.deleteMany(module, [id]);
      return 'conflict';
    }
    throw err;
  }
  const theirs: RecordData = {};
  let conflict = false;
  let needed = false;
  for (const [field, mine] of Object.entries(item.mine)) {
    const now = server[field] ?? null;
    theirs[field] = now;
    if (sameValue(now, mine)) continue; // the server already holds what the user wants
    needed = true;
    if (!sameValue(now, item.base[field])) conflict = true;
  }
  store.mirror.upsertMany(module, [server]);
  if (conflict) {
    store.outbox.setTheirs(module, id, theirs);
    return 'conflict';
  }
  if (!needed) {
    store.outbox.settle(module, id, item, server);
    return 'dropped';
  }
  const changed: RecordData = {};
  for (const [field, mine] of Object.entries(item.mine))
    if (!sameValue(server[field] ?? null, mine)) changed[field] = mine;
  const before: RecordData = {};
  for (const field of Object.keys(changed)) before[field] = server[field] ?? null;
  const updated = await connector.update(module, id, changed, { action: 'push', before });
  store.mirror.upsertMany(module, [updated]);
  store.outbox.settle(module, id, item, updated);
  return 'pushed';
}

/**
 * Whether the vendor holds as many records of the module as the mirror, with one request: the page of
 * one record at the mirror's count. A vendor that reports a total answers it outright; otherwise that
 * page holds a record, and no more follow, exactly when the counts agree. Every creation reaches the
 * mirror through the change feed, so fewer records on the server means some were deleted.
 */
export async function compareCounts(
  connector: Connector,
  module: string,
  mirrored: number,
): Promise<{ agree: boolean; why: string }> {
  let page;
  try {
    page = await connector.list(module, { page: Math.max(1, mirrored), pageSize: 1, filters: [] });
  } catch (err) {
    const kind = err instanceof CrmError ? err.kind : 'error';
    return { agree: false, why: `the count check failed (${kind})` };
  }
  const counted =
    page.total !== undefined ? page.total : page.rows.length === 0 ? null : page.hasMore ? mirrored + 1 : mirrored;
  if (counted === mirrored) return { agree: true, why: `counts agree (${mirrored})` };
  const theirs = page.total ?? (counted === null ? 'fewer' : 'more');
  return { agree: false, why: `the vendor has ${theirs} records, the mirror ${mirrored}` };
}

async function estimateTotal(connector: Connector, module: string): Promise<number | null> {
  try {
    const page = await connector.list(module, { page: 1, pageSize: 1, filters: [] });
    return page.total ?? null;
  } catch {
    return null; // progress without a total; the sync itself does not depend on it
  }
}

function progress(module: string, done: number, total: number | null, elapsedMs: number): SyncProgress {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : null;
  const eta = total !== null && rate ? Math.max(0, (total - done) / rate) : null;
  return { module, done, total, ratePerSec: rate, etaSec: eta };
}

function snapshot(c: RequestCounts): { total: number; idPass: number } {
  return { total: c.total, idPass: c.byTag[ID_PASS_TAG] ?? 0 };
}
