import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { moduleSchemaSchema, type CrmRecord, type ModuleSchema, type RecordData } from '../../shared/fields.ts';
import type { Filter, Sort } from '../../shared/query.ts';
import { transaction } from './database.ts';
import { compileFilters } from './filter.ts';
import { foldForSearch, searchQuery, searchWords } from './fold.ts';
import {
  compareCodePoints,
  compareKeys,
  keyOf,
  lowerText,
  searchText,
  type ColumnSpec,
  type ModuleLayout,
} from './module-layout.ts';
import { exactWords, rarestTrigrams, TrigramCounts } from './index-statistics.ts';
import { ModuleTables, parseRecord, trigramTable, type ModuleTable } from './module-tables.ts';
import { compileSqlFilters, LOWER_FN, trigramPhrase, trigramSearchable, type SqlPart } from './sql-filter.ts';

export interface ModuleState {
  module: string;
  schema: ModuleSchema | null;
  describedAt: string | null;
  /** The connector's opaque cursor after the last stored step; null before the first step. */
  cursor: string | null;
  /** When the last complete sync of this module ended. */
  lastSyncAt: string | null;
}

/** One row read back from the mirror: the record, or why it could not be read. */
export type MirrorRow = { ok: true; record: CrmRecord } | { ok: false; id: string; error: string };

const LAST_SYNC_KEY = 'lastSyncAt';
const OFFLINE_KEY = 'offline';

/** The mirrored records, schemas and sync cursors of one connection. */
export class MirrorStore {
  readonly db: DatabaseSync;
  private readonly tables: ModuleTables;
  /**
   * Up to how many matches a filtered page finds them first and sorts them, instead of walking the sort
   * order until a page of them has passed (tests set it to exercise both plans).
   */
  fewMatches = (rows: number): number => Math.max(1000, rows / 50);
  /** How many records hold a trigram, per trigram index, as first read (index-statistics.ts). */
  private readonly trigramDocs = new TrigramCounts();
  /**
   * How a trigram index is filled: a slice at a time between other work (the app, so it never freezes),
   * or all slices at once when first needed (tests of the index's answers).
   */
  trigramFill: 'background' | 'at-once' = 'background';
  /** Rows one slice of a trigram index's fill adds (a few tens of milliseconds, docs/benchmarks.md). */
  trigramFillRows = 2000;
  /** Trigram indexes this store is filling, by name. */
  private readonly fills = new Map<string, Promise<void>>();
  /** Indexes known to exist (created or found) on this connection. */
  private readonly indexed = new Set<string>();

  constructor(db: DatabaseSync) {
    this.db = db;
    this.tables = new ModuleTables(db);
    // Deterministic, so SQLite may call it once per value; used only in queries, never in the schema
    // (another program opening the file, such as the sqlite3 shell, need not know it).
    db.function(LOWER_FN, { deterministic: true }, (v) =>
      v === null || v === undefined ? null : lowerText(typeof v === 'bigint' ? String(v) : (v as string | number)),
    );
  }

  moduleState(module: string): ModuleState {
    const row = this.db
      .prepare('SELECT schema_json, described_at, cursor, last_sync_at FROM modules WHERE module = ?')
      .get(module) as
      | { schema_json: string | null; described_at: string | null; cursor: string | null; last_sync_at: string | null }
      | undefined;
    return {
      module,
      schema: row?.schema_json ? moduleSchemaSchema.parse(JSON.parse(row.schema_json)) : null,
      describedAt: row?.described_at ?? null,
      cursor: row?.cursor ?? null,
      lastSyncAt: row?.last_sync_at ?? null,
    };
  }

  syncedModules(): string[] {
    return (this.db.prepare('SELECT module FROM modules ORDER BY module').all() as { module: string }[]).map(
      (r) => r.module,
    );
  }

  /** Stores a module's schema; its table gains and loses key columns to match (no re-sync needed). */
  saveSchema(module: string, schema: ModuleSchema, at = new Date().toISOString()): void {
    transaction(this.db, () => {
      this.db
        .prepare(
          `INSERT INTO modules (module, schema_json, described_at) VALUES (?, ?, ?)
           ON CONFLICT (module) DO UPDATE SET schema_json = excluded.schema_json, described_at = excluded.described_at`,
        )
        .run(module, JSON.stringify(schema), at);
      this.tables.ensure(module, schema);
    });
  }

  /**
   * Stores one step of a sync: the changed records, the deletions and the cursor that follows them, in
   * ONE transaction. A crash before the commit leaves the previous cursor and records; after it, both
   * new. Resuming from the stored cursor therefore neither skips nor repeats a step.
   */
  applyChanges(
    module: string,
    step: { updated: readonly CrmRecord[]; deleted: readonly string[]; cursor: string },
  ): number {
    const at = new Date().toISOString();
    return transaction(this.db, () => {
      this.ensureModule(module);
      this.upsertMany(module, step.updated, at);
      const deleted = this.deleteMany(module, step.deleted);
      this.db.prepare('UPDATE modules SET cursor = ? WHERE module = ?').run(step.cursor, module);
      return deleted;
    });
  }

  upsertMany(module: string, records: readonly CrmRecord[], at = new Date().toISOString()): void {
    transaction(this.db, () => {
      const table = this.tables.ensure(module);
      let added = 0;
      for (const r of records) if (this.tables.put(table, r, at, sha1) === 'inserted') added++;
      this.tables.addToCount(module, added);
    });
  }

  deleteMany(module: string, ids: readonly string[]): number {
    if (ids.length === 0) return 0;
    return transaction(this.db, () => {
      const table = this.tables.get(module);
      if (!table) return 0;
      let n = 0;
      for (const id of ids) if (this.tables.remove(table, String(id))) n++;
      this.tables.addToCount(module, -n);
      return n;
    });
  }

  /** Forgets a module's cursor so that the next sync walks it from the start. */
  resetCursor(module: string): void {
    this.db.prepare('UPDATE modules SET cursor = NULL WHERE module = ?').run(module);
  }

  markSynced(module: string, at = new Date().toISOString()): void {
    transaction(this.db, () => {
      this.ensureModule(module);
      this.db.prepare('UPDATE modules SET last_sync_at = ? WHERE module = ?').run(at, module);
      this.setSetting(LAST_SYNC_KEY, at);
    });
  }

  /** Deletion pass, step 1: forget the ids of any earlier, interrupted pass. */
  beginIdPass(module: string): void {
    this.db.prepare('DELETE FROM id_pass WHERE module = ?').run(module);
  }

  /** Deletion pass, step 2 (per page): ids the server still has. */
  addServerIds(module: string, ids: readonly string[]): void {
    const stmt = this.db.prepare('INSERT OR IGNORE INTO id_pass (module, id) VALUES (?, ?)');
    transaction(this.db, () => {
      for (const id of ids) stmt.run(module, String(id));
    });
  }

  /** Deletion pass, step 3: drops the mirrored records the server no longer has. Returns their ids. */
  finishIdPass(module: string): string[] {
    return transaction(this.db, () => {
      const table = this.tables.get(module);
      const gone = table
        ? (
            this.db
              .prepare(`SELECT id FROM ${table.layout.table} WHERE id NOT IN (SELECT id FROM id_pass WHERE module = ?)`)
              .all(module) as { id: string }[]
          ).map((r) => r.id)
        : [];
      this.deleteMany(module, gone);
      this.beginIdPass(module);
      return gone;
    });
  }

  get(module: string, id: string): CrmRecord | undefined {
    const table = this.tables.get(module);
    if (!table) return undefined;
    const row = this.db.prepare(`SELECT json FROM ${table.layout.table} WHERE id = ?`).get(id) as
      { json: string } | undefined;
    return row ? (JSON.parse(row.json) as CrmRecord) : undefined;
  }

  /** The module's record count, kept as records come and go (not counted). */
  count(module: string): number {
    return this.tables.get(module)?.rowCount ?? 0;
  }

  /**
   * One page of a module's records: SQLite selects, sorts and pages on the key columns (indexed on
   * first use), so the cost follows the page, not the module. `total` counts the matching records
   * (the kept count when nothing narrows them). Pending edits (`overlay`) are shown over the stored
   * values, and the records they touch are filtered and placed in JavaScript by the same rules.
   */
  page(module: string, query: MirrorQuery & { offset: number; limit: number }): { rows: CrmRecord[]; total: number } {
    const table = this.tables.get(module);
    if (!table) return { rows: [], total: 0 };
    const plan = this.plan(table, query, query);
    const narrowed = (query.filters?.length ?? 0) > 0 || plan.searching;
    const total = !narrowed
      ? table.rowCount
      : plan.counted !== undefined
        ? plan.counted
        : this.countOf(`SELECT COUNT(*) AS n FROM ${plan.from} WHERE ${plan.where.sql}`, plan.where.params) +
          plan.edited.length;
    if (total === 0) return { rows: [], total };
    const m = plan.edited.length;
    // Few matches: walking the sort order would visit most of the module to find a page of them.
    const order = narrowed && total <= this.fewMatches(table.rowCount) ? plan.sortMatches : plan.order;
    const start = Math.max(0, query.offset - m);
    const window = this.db
      .prepare(
        `SELECT id, json, ${plan.key} AS k FROM ${table.layout.table} WHERE rid IN (SELECT rid FROM ${plan.from}
           WHERE ${plan.where.sql} ORDER BY ${order} LIMIT ? OFFSET ?) ORDER BY ${plan.order}`,
      )
      .all(...plan.where.params, query.limit + m, start) as unknown as StoredRow[];
    if (start > 0 && window.length === 0) return { rows: [], total };
    // Where the window starts among all rows: the edited rows that sort before its first row come first.
    const first = window[0];
    const before = start > 0 && first ? plan.edited.filter((e) => plan.compare(e, toKeyed(first)) < 0).length : 0;
    const rows: CrmRecord[] = [];
    let position = start + before;
    for (const row of merge(window, plan.edited.slice(before), plan.compare)) {
      if (rows.length >= query.limit) break;
      if (position++ < query.offset || !row.ok) continue;
      rows.push(row.record);
    }
    return { rows, total };
  }

  /**
   * Streams a module's records (never all in memory), in the order and with the filters `page` uses.
   * Ties and the unsorted order are by id; empty values sort first; text by its lower-cased code points.
   */
  *rows(module: string, query: MirrorQuery = {}): Generator<MirrorRow> {
    const table = this.tables.get(module);
    if (!table) return;
    const plan = this.plan(table, query);
    const stored = this.db
      .prepare(`SELECT id, json, ${plan.key} AS k FROM ${plan.from} WHERE ${plan.where.sql} ORDER BY ${plan.order}`)
      .iterate(...plan.where.params) as Iterable<StoredRow>;
    yield* merge(stored, plan.edited, plan.compare);
  }

  /**
   * Records whose text matches a search the way people type it (search-text.ts), best first: the
   * base for a search across connections. Pending edits are not searched.
   */
  search(module: string, text: string, limit = 50): CrmRecord[] {
    const table = this.tables.get(module);
    const match = searchQuery(text);
    if (!table || !match) return [];
    const { table: t, fts } = table.layout;
    // Relevance is computed for every match it orders: at most RANKED of them (the first in the index),
    // so a word most records share costs the same as a rare one. Fewer matches are all ranked.
    const rows = this.db
      .prepare(
        `SELECT ${t}.json FROM (SELECT rowid AS r, rank AS score FROM ${fts} WHERE ${fts} MATCH ? LIMIT ?) AS m
           JOIN ${t} ON ${t}.rid = m.r ORDER BY m.score LIMIT ?`,
      )
      .all(match, RANKED, limit) as { json: string }[];
    return rows.map((r) => JSON.parse(r.json) as CrmRecord);
  }

  private plan(table: ModuleTable, query: MirrorQuery, window?: { offset: number; limit: number }): QueryPlan {
    const { layout } = table;
    const filters = query.filters ?? [];
    const overlay = query.overlay ?? new Map<string, RecordData>();
    const few = this.fewMatches(table.rowCount);
    // A `contains` on a text field looks up its rarest trigrams (at most two) in the field's trigram
    // index: when they are in few records, those are the candidates the exact predicate tests; when in
    // many, most rows qualify and the page's order is walked, testing each row.
    const substring = new Map<Filter, { index: string; rarest: string; candidates: number }>();
    for (const f of filters) {
      const spec = f.op === 'contains' ? layout.columns.find((c) => c.field === f.field) : undefined;
      if (f.op !== 'contains' || spec?.kind !== 'text' || !trigramSearchable(f.value)) continue;
      const index = this.trigram(layout, spec.col);
      if (index) substring.set(f, { index, ...rarestTrigrams(this.db, index, f.value, this.trigramDocs) });
    }
    const filtered = compileSqlFilters(filters, layout.columns, (f) => {
      const s = substring.get(f);
      return s && s.candidates <= few ? { index: s.index, query: s.rarest } : undefined;
    });
    const conditions: SqlPart[] = [filtered];
    for (const f of filters) {
      const spec = layout.columns.find((c) => c.field === f.field);
      if (spec && spec.kind !== 'multi' && indexableOps.has(f.op)) this.index(layout, spec.col);
    }
    const match = query.search ? searchQuery(query.search) : null;
    // A search alone is counted in its index; with many matches, a page near the start tests the rows
    // its order visits (each a lookup of exact words) instead of listing every match first.
    const searchMatches =
      match && filters.length === 0 && overlay.size === 0
        ? this.countOf(`SELECT COUNT(*) AS n FROM ${layout.fts} WHERE ${layout.fts} MATCH ?`, [match])
        : undefined;
    if (match) {
      const { fts, table: t } = layout;
      const visited = window && searchMatches ? ((window.offset + window.limit) * table.rowCount) / searchMatches : 0;
      const exact =
        window && searchMatches !== undefined && searchMatches > few && visited * PER_ROW_COST < searchMatches
          ? exactWords(this.db, layout.fts, searchWords(query.search ?? ''), MAX_PREFIX_WORDS)
          : undefined;
      conditions.push(
        exact
          ? { sql: `(SELECT 1 FROM ${fts} WHERE ${fts} MATCH ? AND rowid = ${t}.rid) IS NOT NULL`, params: [exact] }
          : { sql: `rid IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ?)`, params: [match] },
      );
    }
    // An index's own count is the total when it is the only condition and no pending edit is shown
    // (counting through the table would list every match first).
    const counted = match
      ? searchMatches
      : filters.length === 1 && overlay.size === 0
        ? this.substringCount(substring.get(filters[0] as Filter), filters[0] as Filter, few)
        : undefined;
    const dir = query.sort?.desc ? 'DESC' : 'ASC';
    const spec = query.sort ? layout.columns.find((c) => c.field === query.sort?.field) : undefined;
    if (spec) this.index(layout, spec.col);
    const order = spec ? `${spec.col} ${dir}, id ${dir}` : `id ${dir}`;
    // The same order as expressions no index can give: SQLite then picks its plan for the filter alone.
    const sortMatches = spec ? `+${spec.col} ${dir}, +id ${dir}` : `+id ${dir}`;
    const sign = query.sort?.desc ? -1 : 1;
    const compare = (a: Keyed, b: Keyed) => sign * (compareKeys(a.key, b.key) || compareCodePoints(a.id, b.id));

    // Records with pending edits: read here, edits applied, filtered and searched in JavaScript.
    const edited: KeyedRow[] = [];
    if (overlay.size > 0) {
      const matches = compileFilters(filters, this.moduleState(layout.module).schema?.fields ?? []);
      const lookup = this.db.prepare(`SELECT json FROM ${layout.table} WHERE id = ?`);
      for (const [id, edits] of overlay) {
        const row = lookup.get(id) as { json: string } | undefined;
        const stored = row ? parseRecord(row.json) : undefined;
        if (!stored) continue;
        const record = { ...stored, ...edits, id: String(stored.id ?? id) } as CrmRecord;
        if (!matches(record) || (match && !matchesSearch(layout.columns, record, query.search ?? ''))) continue;
        edited.push({ ok: true, record, id, key: spec ? keyOf(spec.kind, record[spec.field]) : null });
      }
      edited.sort(compare);
      const pending = {
        sql: 'id NOT IN (SELECT value FROM json_each(?))',
        params: [JSON.stringify([...overlay.keys()])],
      };
      conditions.push(pending);
    }
    return {
      from: layout.table,
      where: allOf(conditions),
      counted,
      order,
      sortMatches,
      key: spec ? spec.col : 'NULL',
      searching: match !== null,
      edited,
      compare,
    };
  }

  /**
   * The trigram index of a text column when it is ready; created the first time a `contains` on it
   * needs it, then filled a slice at a time (see `fillTrigram`). Undefined until it is ready, or when it
   * cannot be made now (busy or read-only file): the filter then reads the column, so results are exact
   * meanwhile.
   */
  private trigram(layout: ModuleLayout, col: string): string | undefined {
    const name = trigramTable(layout, col);
    if (this.indexed.has(name)) return name;
    try {
      if (this.tables.trigramState(layout, col) === 'none')
        transaction(this.db, () => this.tables.createTrigram(layout, col));
    } catch {
      // SQLITE_BUSY (a sync is writing) or SQLITE_READONLY: read the column this time.
    }
    const state = this.tables.trigramState(layout, col);
    if (state === 'filling' && this.trigramFill === 'background') void this.fillTrigram(layout, col);
    if (state === 'filling' && this.trigramFill === 'at-once') {
      try {
        while (!this.fillStep(layout, col));
      } catch {
        // Busy or read-only: read the column this time; the marker keeps what was done.
      }
    }
    if (this.tables.trigramState(layout, col) !== 'ready') return undefined;
    this.indexed.add(name);
    return name;
  }

  /**
   * Fills a trigram index in slices of `trigramFillRows` rows, each its own transaction, yielding to the
   * event loop between them so that the process (the app's IPC, the UI) is never held for long. The fill
   * stops when the store closes (the CLI closes its stores and exits when its command is done): the
   * marker stays where its last slice ended, and the next process that needs the index carries on from
   * there. Resolves when the index is ready, when the store closed, or when the file stayed busy or
   * read-only (a later `contains` tries again).
   */
  private fillTrigram(layout: ModuleLayout, col: string): Promise<void> {
    const name = trigramTable(layout, col);
    const running = this.fills.get(name);
    if (running) return running;
    const fill = new Promise<void>((resolve) => {
      let failures = 0;
      let steps = 0;
      const step = () => {
        let done: boolean;
        try {
          done = this.fillStep(layout, col, steps++ % 2 === 1);
          failures = 0;
        } catch {
          done = !this.db.isOpen || ++failures > MAX_FILL_FAILURES;
        }
        if (done) {
          this.fills.delete(name);
          resolve();
        } else if (failures > 0) setTimeout(step, FILL_RETRY_MS);
        else setImmediate(step);
      };
      setImmediate(step);
    });
    this.fills.set(name, fill);
    return fill;
  }

  /**
   * One slice of a fill. It does not wait for another connection's write (a sync's batch) as other
   * writes do: busy, it fails at once and the fill tries again a little later, so the process is not held.
   */
  private fillStep(layout: ModuleLayout, col: string, mergeFirst = false): boolean {
    const wait = this.db.prepare('PRAGMA busy_timeout').get() as { timeout: number } | undefined;
    this.db.exec('PRAGMA busy_timeout = 0');
    try {
      return transaction(this.db, () => this.tables.fillTrigram(layout, col, this.trigramFillRows, mergeFirst));
    } finally {
      if (this.db.isOpen) this.db.exec(`PRAGMA busy_timeout = ${Number(wait?.timeout ?? 0)}`);
    }
  }

  /** Resolves when every trigram index this store is filling is ready (or its fill stopped). */
  async trigramFills(): Promise<void> {
    while (this.fills.size > 0) await Promise.all([...this.fills.values()]);
  }

  /**
   * The exact number of records whose text contains the value, from the index alone, when many do: the
   * value as one phrase (its trigrams side by side) matches exactly the keys that contain it, since the
   * keys are indexed as stored (lower-cased, nothing folded). Few candidates are counted through the
   * table instead (undefined), which costs less than a phrase over common trigrams.
   */
  private substringCount(
    s: { index: string; candidates: number } | undefined,
    f: Filter,
    few: number,
  ): number | undefined {
    if (!s || s.candidates <= few || f.op !== 'contains') return undefined;
    return this.countOf(`SELECT COUNT(*) AS n FROM ${s.index} WHERE ${s.index} MATCH ?`, [trigramPhrase(f.value)]);
  }

  private countOf(sql: string, params: readonly (string | number)[]): number {
    return Number((this.db.prepare(sql).get(...params) as { n: number | bigint }).n);
  }

  /** Creates an index the first time a sort or filter needs it; a busy or read-only file just goes without. */
  private index(layout: ModuleLayout, col: string): void {
    const name = `${layout.table}.${col}`;
    if (this.indexed.has(name)) return;
    try {
      this.tables.ensureIndex(layout, col);
      this.indexed.add(name);
    } catch {
      // SQLITE_BUSY (a sync is writing) or SQLITE_READONLY: the query still runs, only slower.
    }
  }

  lastSyncAt(): string | null {
    return this.getSetting(LAST_SYNC_KEY);
  }

  offline(): boolean {
    return this.getSetting(OFFLINE_KEY) === 'true';
  }

  setOffline(offline: boolean): void {
    this.setSetting(OFFLINE_KEY, String(offline));
  }

  getSetting(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  private ensureModule(module: string): void {
    this.db.prepare('INSERT OR IGNORE INTO modules (module) VALUES (?)').run(module);
  }
}

const sha1 = (json: string) => createHash('sha1').update(json).digest('hex');

/** Filters whose operator an index on the column can answer. */
const indexableOps: ReadonlySet<Filter['op']> = new Set(['=', 'in', '<', '<=', '>', '>=', 'startswith']);

export interface MirrorQuery {
  filters?: readonly Filter[];
  sort?: Sort | undefined;
  /** Values shown over the stored ones (pending offline edits), applied before the filters. */
  overlay?: ReadonlyMap<string, RecordData>;
  /** Words to find in the records' text (search-text.ts folding). */
  search?: string | undefined;
}

interface StoredRow {
  id: string;
  json: string;
  k: string | number | null;
}

interface Keyed {
  id: string;
  key: string | number | null;
}

type KeyedRow = MirrorRow & Keyed;

/** How many times more a row tested in the search index costs than a match listed from it (measured). */
const PER_ROW_COST = 10;
/** The most words of the index a search word may start for the page to test rows one by one. */
const MAX_PREFIX_WORDS = 64;

/** Busy or failing slices in a row (a minute) after which a trigram fill stops until a `contains` needs it again. */
const MAX_FILL_FAILURES = 300;
/** How long a trigram fill waits after a busy slice (another connection is writing). */
const FILL_RETRY_MS = 200;

/** Matches the search index ranks by relevance for `MirrorStore.search` (the first ones it lists). */
const RANKED = 10_000;

const allOf = (parts: readonly SqlPart[]): SqlPart => ({
  sql: parts.map((c) => `(${c.sql})`).join(' AND '),
  params: parts.flatMap((c) => c.params),
});

interface QueryPlan {
  from: string;
  where: SqlPart;
  /** The number of matches when an index counted them exactly (one condition, no pending edits). */
  counted: number | undefined;
  order: string;
  /** `order` for few matches: find them first (by the filter's best plan), then sort them. */
  sortMatches: string;
  /** The sort's key column, or NULL. */
  key: string;
  searching: boolean;
  /** Records with pending edits that match, in order. */
  edited: KeyedRow[];
  compare: (a: Keyed, b: Keyed) => number;
}

function toKeyed(row: StoredRow): KeyedRow {
  const record = parseRecord(row.json);
  return record
    ? { ok: true, record: record as CrmRecord, id: row.id, key: row.k }
    : { ok: false, id: row.id, key: row.k, error: 'stored record is unreadable: not a JSON object' };
}

/** The rows SQLite sorted and the few edited rows sorted here, merged into one order. */
function* merge(
  stored: Iterable<StoredRow>,
  edited: readonly KeyedRow[],
  compare: (a: Keyed, b: Keyed) => number,
): Generator<KeyedRow> {
  let i = 0;
  for (const row of stored) {
    const keyed = toKeyed(row);
    while (i < edited.length && compare(edited[i] as KeyedRow, keyed) < 0) yield edited[i++] as KeyedRow;
    yield keyed;
  }
  while (i < edited.length) yield edited[i++] as KeyedRow;
}

/** The search index's rule in JavaScript: every word of the search starts a word of the record. */
function matchesSearch(columns: readonly ColumnSpec[], record: CrmRecord, search: string): boolean {
  const words = new Set(searchText(columns, record).split(/[^\p{L}\p{N}]+/u));
  const wanted = foldForSearch(search)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  return wanted.every((w) => [...words].some((x) => x.startsWith(w)));
}
