import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { moduleSchemaSchema, type CrmRecord, type ModuleSchema, type RecordData } from '../../shared/fields.ts';
import type { Filter, Sort } from '../../shared/query.ts';
import { transaction } from './database.ts';
import { compileFilters } from './filter.ts';

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

  constructor(db: DatabaseSync) {
    this.db = db;
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

  saveSchema(module: string, schema: ModuleSchema, at = new Date().toISOString()): void {
    this.db
      .prepare(
        `INSERT INTO modules (module, schema_json, described_at) VALUES (?, ?, ?)
         ON CONFLICT (module) DO UPDATE SET schema_json = excluded.schema_json, described_at = excluded.described_at`,
      )
      .run(module, JSON.stringify(schema), at);
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
    const stmt = this.db.prepare(
      `INSERT INTO records (module, id, json, modified, synced_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (module, id) DO UPDATE SET json = excluded.json, modified = excluded.modified,
         synced_at = excluded.synced_at`,
    );
    transaction(this.db, () => {
      for (const r of records) {
        const json = JSON.stringify(r);
        stmt.run(module, String(r.id), json, createHash('sha1').update(json).digest('hex'), at);
      }
    });
  }

  deleteMany(module: string, ids: readonly string[]): number {
    const stmt = this.db.prepare('DELETE FROM records WHERE module = ? AND id = ?');
    let n = 0;
    transaction(this.db, () => {
      for (const id of ids) n += Number(stmt.run(module, String(id)).changes);
    });
    return n;
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
      const gone = (
        this.db
          .prepare(
            `SELECT id FROM records WHERE module = ?
             AND id NOT IN (SELECT id FROM id_pass WHERE module = ?)`,
          )
          .all(module, module) as { id: string }[]
      ).map((r) => r.id);
      this.deleteMany(module, gone);
      this.beginIdPass(module);
      return gone;
    });
  }

  get(module: string, id: string): CrmRecord | undefined {
    const row = this.db.prepare('SELECT json FROM records WHERE module = ? AND id = ?').get(module, id) as
      { json: string } | undefined;
    return row ? (JSON.parse(row.json) as CrmRecord) : undefined;
  }

  count(module: string): number {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM records WHERE module = ?').get(module) as { n: number };
    return Number(row.n);
  }

  /**
   * Streams a module's records (never all in memory): sorted by SQLite (which spills to disk for large
   * sorts), filtered here with the shared filter semantics. Ties and the unsorted order are by id. The
   * sort uses the stored (server) values; text sorts case-insensitively (ASCII letters), as the
   * vendors' SQL back ends do, numbers as numbers, and empty values first.
   */
  *rows(
    module: string,
    query: {
      filters?: readonly Filter[];
      sort?: Sort | undefined;
      /** Values shown over the stored ones (pending offline edits), applied before the filters. */
      overlay?: ReadonlyMap<string, RecordData>;
    } = {},
  ): Generator<MirrorRow> {
    const fields = this.moduleState(module).schema?.fields ?? [];
    const match = compileFilters(query.filters ?? [], fields);
    // json_extract takes the path as a bound value; a quoted key works for names with dots or spaces.
    const dir = query.sort?.desc ? 'DESC' : 'ASC';
    const stmt = query.sort
      ? this.db.prepare(
          `SELECT id, json FROM records WHERE module = ? ORDER BY json_extract(json, ?) COLLATE NOCASE ${dir}, id ${dir}`,
        )
      : this.db.prepare('SELECT id, json FROM records WHERE module = ? ORDER BY id');
    const params = query.sort ? [module, jsonPath(query.sort.field)] : [module];
    for (const row of stmt.iterate(...params) as Iterable<{ id: string; json: string }>) {
      let record: CrmRecord;
      try {
        const parsed: unknown = JSON.parse(row.json);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        record = parsed as CrmRecord;
        const edits = query.overlay?.get(row.id);
        if (edits) record = { ...record, ...edits, id: record.id };
      } catch (err) {
        yield {
          ok: false,
          id: row.id,
          error: `stored record is unreadable: ${err instanceof Error ? err.message : String(err)}`,
        };
        continue;
      }
      if (match(record)) yield { ok: true, record };
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

function jsonPath(field: string): string {
  return `$."${field.replace(/"/g, '""')}"`;
}
