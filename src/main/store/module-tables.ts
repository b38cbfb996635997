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

  /** Whether a text column has its substring index (created by `ensureTrigram`). */
  hasTrigram(layout: ModuleLayout, col: string): boolean {
    const name = trigramTable(layout, col);
    return this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
  }

  /**
   * The substring index of a text key column (`mt_<n>_<col>_tri`): an FTS5 table with the trigram
   * tokenizer over the stored key, which is already lower-cased the JavaScript way, so the tokenizer
   * folds nothing (`case_sensitive 1`) and a phrase of trigrams finds exactly the keys that contain the
   * text. Filled from the table once (then merged into one segment, which halves the time of a lookup
   * at a million records), then kept in step by triggers, so every writer (a sync in another
   * connection, a migration, a new describe's refill) updates it without knowing it is there. The
   * caller opens the transaction.
   */
  ensureTrigram(layout: ModuleLayout, col: string): void {
    if (this.hasTrigram(layout, col)) return;
    const t = layout.table;
    const tri = trigramTable(layout, col);
    this.db.exec(
      `CREATE VIRTUAL TABLE ${tri} USING fts5(body, content='', contentless_delete=1,
         tokenize='trigram case_sensitive 1');
       INSERT INTO ${tri} (rowid, body) SELECT rid, ${col} FROM ${t} WHERE ${col} IS NOT NULL;
       INSERT INTO ${tri} (${tri}) VALUES ('optimize');
       CREATE TRIGGER ${tri}_insert AFTER INSERT ON ${t} WHEN new.${col} IS NOT NULL BEGIN
         INSERT INTO ${tri} (rowid, body) VALUES (new.rid, new.${col});
       END;
       CREATE TRIGGER ${tri}_delete AFTER DELETE ON ${t} WHEN old.${col} IS NOT NULL BEGIN
         DELETE FROM ${tri} WHERE rowid = old.rid;
       END;
       CREATE TRIGGER ${tri}_update AFTER UPDATE OF ${col} ON ${t} WHEN old.${col} IS NOT new.${col} BEGIN
         DELETE FROM ${tri} WHERE rowid = old.rid AND old.${col} IS NOT NULL;
         INSERT INTO ${tri} (rowid, body) SELECT new.rid, new.${col} WHERE new.${col} IS NOT NULL;
       END;`,
    );
  }

  private dropTrigram(layout: ModuleLayout, col: string): void {
    const tri = trigramTable(layout, col);
    this.db.exec(
      `DROP TRIGGER IF EXISTS ${tri}_insert; DROP TRIGGER IF EXISTS ${tri}_delete;
       DROP TRIGGER IF EXISTS ${tri}_update; DROP TABLE IF EXISTS ${tri};`,
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

/** The name of a text column's substring index (see `ensureTrigram`). */
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
