import type { DatabaseSync } from 'node:sqlite';
import { moduleSchemaSchema, type CrmRecord, type ModuleSchema } from '../../shared/fields.ts';
import { ModuleTables, parseRecord } from './module-tables.ts';

/**
 * Migration 3: moves every record of the `records` table (one JSON text per record) into its module's
 * table, keeping its JSON, content hash and sync time as they were, then drops `records`. A record
 * whose JSON cannot be read keeps its JSON, with empty key columns.
 */
export function moveRecordsToModuleTables(db: DatabaseSync): void {
  const tables = new ModuleTables(db);
  const modules = db
    .prepare('SELECT module FROM modules UNION SELECT DISTINCT module FROM records ORDER BY 1')
    .all() as { module: string }[];
  for (const { module } of modules) {
    const table = tables.ensure(module, storedSchema(db, module));
    let count = 0;
    const rows = db
      .prepare('SELECT id, json, modified, synced_at FROM records WHERE module = ?')
      .iterate(module) as Iterable<{ id: string; json: string; modified: string; synced_at: string }>;
    for (const row of rows) {
      const record = parseRecord(row.json) ?? {};
      // The stored hash is kept (not recomputed) so the next sync sees the same "modified" as before.
      tables.put(table, { ...record, id: row.id } as CrmRecord, row.synced_at, () => row.modified, row.json);
      count++;
    }
    tables.addToCount(module, count);
  }
  db.exec('DROP TABLE records');
}

function storedSchema(db: DatabaseSync, module: string): ModuleSchema | null {
  const row = db.prepare('SELECT schema_json FROM modules WHERE module = ?').get(module) as
    { schema_json: string | null } | undefined;
  if (!row?.schema_json) return null;
  try {
    const parsed = moduleSchemaSchema.safeParse(JSON.parse(row.schema_json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // an unreadable schema: the table starts without key columns until the next describe
  }
}
