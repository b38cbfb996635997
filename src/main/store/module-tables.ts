import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { CrmRecord, ModuleSchema, RecordValue } from '../../shared/fields.ts';
import { keyOf, planColumns, searchText, type ColumnSpec, type ModuleLayout } from './module-layout.ts';

/**
 * One table per mirrored module (`mt_<n>`, named in `mirror_tables`): the record as JSON, its content
 * hash, and one key column per described field (module-layout.ts), plus a search index over its text
 * (`mt_<n>_fts`, FTS5, contentless: it keeps only the index of the folded text). The row count is kept
 * in `mirror_tables` as rows come and go. None of this opens a transaction: callers do.
 */
export interface ModuleTable {
  layout: ModuleLayout;
  rowCount: number;
  /** The stored layout text: a change (another connection re-described the module) renews statements. */
  version: string;
}

interface Statements {
  version: string;
  lookup: StatementSync;
  insert: StatementSync;
  update: StatementSync;
  remove: StatementSync;
  ftsInsert: StatementSync;
  ftsDelete: StatementSync;
}

export type PutOutcome = 'inserted' | 'updated' | 'same';

export class ModuleTables {
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, Statements>();

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  get(module: string): ModuleTable | undefined {
    const row = this.db.prepare('SELECT layout_json, row_count FROM mirror_tables WHERE module = ?').get(module) as
      { layout_json: string; row_count: number } | undefined;
    if (!row) return undefined;
    return {
      layout: JSON.parse(row.layout_json) as ModuleLayout,
      rowCount: Number(row.row_count),
      version: row.layout_json,
    };
  }

  /**
   * The module's table, created when missing; with a schema, its columns follow the schema: new fields
   * get a column filled from the stored JSON, dropped fields lose theirs (no re-sync needed).
   */
  ensure(module: string, schema?: ModuleSchema | null): ModuleTable {
    const existing = this.get(module);
    if (!existing) return this.create(module, schema ?? null);
    if (schema === undefined) return existing;
    return this.relayout(existing, schema);
  }

  private create(module: string, schema: ModuleSchema | null): ModuleTable {
    const used = (this.db.prepare('SELECT layout_json FROM mirror_tables').all() as { layout_json: string }[]).map(
      (r) => Number((JSON.parse(r.layout_json) as ModuleLayout).table.slice(3)),
    );
    const n = used.reduce((a, b) => Math.max(a, b), 0) + 1;
    const { columns, nextCol } = planColumns(schema, [], 0);
    const layout: ModuleLayout = { module, table: `mt_${n}`, fts: `mt_${n}_fts`, columns, nextCol };
    const cols = columns.map((c) => `, ${c.col}`).join('');
    this.db.exec(
      `CREATE TABLE ${layout.table} (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, json TEXT NOT NULL,
         modified TEXT NOT NULL, synced_at TEXT NOT NULL${cols});
       CREATE VIRTUAL TABLE ${layout.fts} USING fts5(body, content='', contentless_delete=1,
         tokenize='unicode61 remove_diacritics 0');`,
    );
    const text = JSON.stringify(layout);
    this.db.prepare('INSERT INTO mirror_tables (module, layout_json, row_count) VALUES (?, ?, 0)').run(module, text);
    return { layout, rowCount: 0, version: text };
  }

  private relayout(table: ModuleTable, schema: ModuleSchema | null): ModuleTable {
    const old = table.layout;
    const { columns, nextCol } = planColumns(schema, old.columns, old.nextCol);
    const added = columns.filter((c) => !old.columns.some((o) => o.col === c.col));
    const dropped = old.columns.filter((o) => !columns.some((c) => c.col === o.col));
    const searchChanged =
      columns
        .filter((c) => c.searchable)
        .map((c) => c.col)
        .join() !==
      old.columns
        .filter((c) => c.searchable)
        .map((c) => c.col)
        .join();
    if (added.length === 0 && dropped.length === 0 && !searchChanged) return table;
    const layout: ModuleLayout = { ...old, columns, nextCol };
    for (const c of dropped) {
      this.dropTrigram(old, c.col);
      this.db.exec(`DROP INDEX IF EXISTS ${old.table}_${c.col}; ALTER TABLE ${old.table} DROP COLUMN ${c.col}`);
    }
    for (const c of added) this.db.exec(`ALTER TABLE ${old.table} ADD COLUMN ${c.col}`);
    if (added.length || searchChanged) this.refill(layout, added, searchChanged);
    const text = JSON.stringify(layout);
    this.db.prepare('UPDATE mirror_tables SET layout_json = ? WHERE module = ?').run(text, old.module);
    return { layout, rowCount: table.rowCount, version: text };
  }

  /** Fills new key columns (and the search index) from the JSON each row keeps. */
  private refill(layout: ModuleLayout, added: readonly ColumnSpec[], search: boolean): void {
    const t = layout.table;
    const set = added.map((c) => `${c.col} = ?`).join(', ');
    const update = set ? this.db.prepare(`UPDATE ${t} SET ${set} WHERE rid = ?`) : null;
    if (search) this.db.prepare(`INSERT INTO ${layout.fts} (${layout.fts}) VALUES ('delete-all')`).run();
    const ftsInsert = this.db.prepare(`INSERT INTO ${layout.fts} (rowid, body) VALUES (?, ?)`);
    for (const row of this.db.prepare(`SELECT rid, json FROM ${t}`).iterate() as Iterable<{
      rid: number;
      json: string;
    }>) {
      const record = parseRecord(row.json);
      if (!record) continue;
      update?.run(...added.map((c) => keyOf(c.kind, record[c.field])), row.rid);
      if (search) ftsInsert.run(row.rid, searchText(layout.columns, record));
    }
  }

  /** An index on a key column (then the id, for ties), created the first time a sort or filter needs it. */
  ensureIndex(layout: ModuleLayout, col: string): void {
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${layout.table}_${col} ON ${layout.table} (${col}, id)`);
  }

  /**
   * Where a text column's substring index stands: none yet, being filled (`createTrigram` made it, rows
   * below the marker in `mirror_trigram_fill` are in it), or ready. An index with no marker is ready,
   * such as one a version that filled it in one statement made.
   */
  trigramState(layout: ModuleLayout, col: string): TrigramState {
    const name = trigramTable(layout, col);
    const exists = (table: string) =>
      this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
    if (!exists(name)) return 'none';
    if (!exists(FILL_TABLE)) return 'ready';
    return this.db.prepare(`SELECT 1 FROM ${FILL_TABLE} WHERE name = ?`).get(name) ? 'filling' : 'ready';
  }

  /**
   * The substring index of a text key column (`mt_<n>_<col>_tri`), empty, with its triggers and a fill
   * marker; `fillTrigram` then adds the rows already there a slice at a time. An FTS5 table with the
   * trigram tokenizer over the stored key, which is already lower-cased the JavaScript way, so the
   * tokenizer folds nothing (`case_sensitive 1`) and a phrase of trigrams finds exactly the keys that
   * contain the text. Triggers keep it in step from the start, so every writer (a sync in another
   * connection, a migration, a new describe's refill) updates it without knowing it is there, during
   * the fill too. The caller opens the transaction.
   */
  createTrigram(layout: ModuleLayout, col: string): void {
    if (this.trigramState(layout, col) !== 'none') return;
    const t = layout.table;
    const tri = trigramTable(layout, col);
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${FILL_TABLE} (name TEXT PRIMARY KEY, next_rid INTEGER NOT NULL,
         merging INTEGER NOT NULL DEFAULT 0);
       CREATE VIRTUAL TABLE ${tri} USING fts5(body, content='', contentless_delete=1,
         tokenize='trigram case_sensitive 1');
       CREATE TRIGGER ${tri}_insert AFTER INSERT ON ${t} WHEN new.${col} IS NOT NULL BEGIN
         INSERT OR REPLACE INTO ${tri} (rowid, body) VALUES (new.rid, new.${col});
       END;
       CREATE TRIGGER ${tri}_delete AFTER DELETE ON ${t} WHEN old.${col} IS NOT NULL BEGIN
         DELETE FROM ${tri} WHERE rowid = old.rid;
       END;
       CREATE TRIGGER ${tri}_update AFTER UPDATE OF ${col} ON ${t} WHEN old.${col} IS NOT new.${col} BEGIN
         DELETE FROM ${tri} WHERE rowid = old.rid AND old.${col} IS NOT NULL;
         INSERT INTO ${tri} (rowid, body) SELECT new.rid, new.${col} WHERE new.${col} IS NOT NULL;
       END;`,
    );
    // While filling, a write merges nothing (FTS5 would merge levels inside a slice, hundreds of
    // milliseconds at a million rows); the fill's own merge steps do it in bounded slices.
    this.mergeSettings(tri, 0, FILL_CRISIS_MERGE);
    this.db.prepare(`INSERT INTO ${FILL_TABLE} (name, next_rid) VALUES (?, 0)`).run(tri);
  }

  /**
   * One FTS5 merge step of about `pages` pages (negative: whatever the levels; positive: only levels
   * with several segments). True when it merged something (fewer than two changes means it did not).
   */
  private mergeStep(tri: string, pages: number): boolean {
    const changes = this.db.prepare('SELECT total_changes() AS n');
    const before = Number((changes.get() as { n: number }).n);
    this.db.exec(`INSERT INTO ${tri} (${tri}, rank) VALUES ('merge', ${pages})`);
    return Number((changes.get() as { n: number }).n) - before >= 2;
  }

  private mergeSettings(tri: string, automerge: number, crisismerge: number): void {
    // FTS5 takes a setting's name only as literal text, not as a bound value.
    this.db.exec(
      `INSERT INTO ${tri} (${tri}, rank) VALUES ('automerge', ${automerge});
       INSERT INTO ${tri} (${tri}, rank) VALUES ('crisismerge', ${crisismerge});`,
    );
  }

  /**
   * One slice of a substring index's fill: the next `rows` rows by rid, then merge steps (one segment
   * halves the time of a lookup at a million records), then the marker goes and the index is ready.
   * Each row is written with INSERT OR REPLACE, so a row a trigger already indexed (written or changed
   * during the fill: a trigger's delete of a row not yet there removes nothing) is indexed once, with
   * its current key. The marker moves in the same transaction (the caller's), so two processes filling
   * at once, or a restart, carry on from where the last slice ended. True when the index is ready.
   */
  fillTrigram(layout: ModuleLayout, col: string, rows: number, mergeFirst = false): boolean {
    const tri = trigramTable(layout, col);
    if (this.trigramState(layout, col) !== 'filling') return true;
    const marker = this.db.prepare(`SELECT next_rid, merging FROM ${FILL_TABLE} WHERE name = ?`).get(tri) as {
      next_rid: number;
      merging: number;
    };
    // Slices that merge (a few segments at a time, bounded pages) alternate with slices that add rows,
    // so the segments stay few and no slice merges hundreds of them at once.
    if (!marker.merging && mergeFirst && this.mergeStep(tri, MERGE_PAGES)) return false;
    if (!marker.merging) {
      const last = this.db
        .prepare(`SELECT MAX(rid) AS hi FROM (SELECT rid FROM ${layout.table} WHERE rid >= ? ORDER BY rid LIMIT ?)`)
        .get(marker.next_rid, rows) as { hi: number | null };
      if (last.hi !== null) {
        this.db
          .prepare(
            `INSERT OR REPLACE INTO ${tri} (rowid, body)
               SELECT rid, ${col} FROM ${layout.table} WHERE rid >= ? AND rid <= ? AND ${col} IS NOT NULL`,
          )
          .run(marker.next_rid, last.hi);
        this.db.prepare(`UPDATE ${FILL_TABLE} SET next_rid = ? WHERE name = ?`).run(last.hi + 1, tri);
        return false;
      }
      this.db.prepare(`UPDATE ${FILL_TABLE} SET merging = 1 WHERE name = ?`).run(tri);
    }
    if (this.mergeStep(tri, -MERGE_PAGES)) return false;
    this.mergeSettings(tri, FTS5_AUTOMERGE, FTS5_CRISIS_MERGE);
    this.db.prepare(`DELETE FROM ${FILL_TABLE} WHERE name = ?`).run(tri);
    return true;
  }

  private dropTrigram(layout: ModuleLayout, col: string): void {
    const tri = trigramTable(layout, col);
    this.db.exec(
      `DROP TRIGGER IF EXISTS ${tri}_insert; DROP TRIGGER IF EXISTS ${tri}_delete;
       DROP TRIGGER IF EXISTS ${tri}_update; DROP TABLE IF EXISTS ${tri};`,
    );
    if (this.hasFillTable()) this.db.prepare(`DELETE FROM ${FILL_TABLE} WHERE name = ?`).run(tri);
  }

  private hasFillTable(): boolean {
    return (
      this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(FILL_TABLE) !== undefined
    );
  }

  /** Stores a record unless the same content is there already. */
  put(
    table: ModuleTable,
    record: CrmRecord,
    at: string,
    hash: (json: string) => string,
    /** The JSON to keep, when it is not the record's own (a migration keeps the stored text as it was). */
    storedJson?: string,
  ): PutOutcome {
    const s = this.prepared(table);
    const json = storedJson ?? JSON.stringify(record);
    const modified = hash(json);
    const id = String(record.id);
    const existing = s.lookup.get(id) as { rid: number; modified: string } | undefined;
    if (existing && existing.modified === modified) return 'same';
    const keys = table.layout.columns.map((c) => keyOf(c.kind, record[c.field]));
    const body = searchText(table.layout.columns, record);
    if (existing) {
      s.update.run(json, modified, at, ...keys, existing.rid);
      s.ftsDelete.run(existing.rid);
      s.ftsInsert.run(existing.rid, body);
      return 'updated';
    }
    const { lastInsertRowid } = s.insert.run(id, json, modified, at, ...keys);
    s.ftsInsert.run(lastInsertRowid, body);
    return 'inserted';
  }

  /** Removes a record; false when it was not there. */
  remove(table: ModuleTable, id: string): boolean {
    const s = this.prepared(table);
    const existing = s.lookup.get(id) as { rid: number } | undefined;
    if (!existing) return false;
    s.remove.run(existing.rid);
    s.ftsDelete.run(existing.rid);
    return true;
  }

  addToCount(module: string, delta: number): void {
    if (delta !== 0)
      this.db.prepare('UPDATE mirror_tables SET row_count = row_count + ? WHERE module = ?').run(delta, module);
  }

  private prepared(table: ModuleTable): Statements {
    const cached = this.statements.get(table.layout.module);
    if (cached && cached.version === table.version) return cached;
    const { table: t, fts, columns } = table.layout;
    const cols = columns.map((c) => `, ${c.col}`).join('');
    const marks = columns.map(() => ', ?').join('');
    const sets = columns.map((c) => `, ${c.col} = ?`).join('');
    const s: Statements = {
      version: table.version,
      lookup: this.db.prepare(`SELECT rid, modified FROM ${t} WHERE id = ?`),
      insert: this.db.prepare(`INSERT INTO ${t} (id, json, modified, synced_at${cols}) VALUES (?, ?, ?, ?${marks})`),
      update: this.db.prepare(`UPDATE ${t} SET json = ?, modified = ?, synced_at = ?${sets} WHERE rid = ?`),
      remove: this.db.prepare(`DELETE FROM ${t} WHERE rid = ?`),
      ftsInsert: this.db.prepare(`INSERT INTO ${fts} (rowid, body) VALUES (?, ?)`),
      ftsDelete: this.db.prepare(`DELETE FROM ${fts} WHERE rowid = ?`),
    };
    this.statements.set(table.layout.module, s);
    return s;
  }
}

/** Where a substring index stands (see `ModuleTables.trigramState`). */
export type TrigramState = 'none' | 'filling' | 'ready';

/** How far each unfinished substring index's fill got (created with the first one). */
const FILL_TABLE = 'mirror_trigram_fill';
/** Pages one merge step of a filled substring index writes at most (a few tens of milliseconds). */
const MERGE_PAGES = 200;
/**
 * Segments on one level of an index being filled before FTS5 merges them at once: above the fill's
 * slices at a million rows (500) and below FTS5's limit of 2,000 segments.
 */
const FILL_CRISIS_MERGE = 1000;
/** FTS5's own merge settings, restored when the fill is done. */
const FTS5_AUTOMERGE = 4;
const FTS5_CRISIS_MERGE = 16;

/** The name of a text column's substring index (see `createTrigram`). */
export const trigramTable = (layout: ModuleLayout, col: string): string => `${layout.table}_${col}_tri`;

export function parseRecord(json: string): Record<string, RecordValue> | undefined {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    return parsed as Record<string, RecordValue>;
  } catch {
    return undefined;
  }
}
