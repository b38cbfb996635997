import type { DatabaseSync } from 'node:sqlite';
import { moveRecordsToModuleTables } from './migrate-records.ts';

/**
 * The mirror's schema, as numbered steps. A database records the last step it ran in
 * `PRAGMA user_version`; opening it runs the later steps, each in its own transaction. Never edit a
 * step that has shipped: add the next one.
 */
export interface Migration {
  version: number;
  sql: string;
  /** Work SQL alone cannot do (values computed in JavaScript), run after `sql` in the same transaction. */
  run?: (db: DatabaseSync) => void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      -- One row per synced module: its described schema, the connector's opaque sync cursor, and when
      -- the last complete sync of it ended.
      CREATE TABLE modules (
        module        TEXT PRIMARY KEY,
        schema_json   TEXT,
        described_at  TEXT,
        cursor        TEXT,
        last_sync_at  TEXT
      ) STRICT;

      -- The mirrored records, as the connector returned them (flat, normalized). "modified" is a
      -- content hash: a record whose hash did not change was not modified since we last saw it.
      CREATE TABLE records (
        module    TEXT NOT NULL,
        id        TEXT NOT NULL,
        json      TEXT NOT NULL,
        modified  TEXT NOT NULL,
        synced_at TEXT NOT NULL,
        PRIMARY KEY (module, id)
      ) STRICT, WITHOUT ROWID;

      -- Edits made offline, one row per record: the new values ("mine"), the values they were made
      -- against ("base", from the mirror), and, once a sync found the server changed, the server's
      -- values of the same fields ("theirs"), or that it deleted the record (server_deleted = 1).
      CREATE TABLE outbox (
        module         TEXT NOT NULL,
        id             TEXT NOT NULL,
        mine_json      TEXT NOT NULL,
        base_json      TEXT NOT NULL,
        theirs_json    TEXT,
        server_deleted INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (module, id)
      ) STRICT;

      -- Small per-connection values: the "work offline" switch, the time of the last sync.
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    sql: `
      -- Scratch space for a deletion pass: the ids the server still has. Emptied after each pass.
      CREATE TABLE id_pass (
        module TEXT NOT NULL,
        id     TEXT NOT NULL,
        PRIMARY KEY (module, id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    sql: `
      -- One table per module with a key column per described field, its search index and its row
      -- count (module-tables.ts). The records move there from the one JSON-per-record table.
      CREATE TABLE mirror_tables (
        module      TEXT PRIMARY KEY,
        layout_json TEXT NOT NULL,
        row_count   INTEGER NOT NULL DEFAULT 0
      ) STRICT;
    `,
    run: moveRecordsToModuleTables,
  },
];
