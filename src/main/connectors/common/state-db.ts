import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { serviceError } from '../../../shared/i18n/error-text.ts';

/**
 * The connectors' shared state in the data folder: the request windows every process that uses the
 * folder (app, CLI runs, sync workers) takes its slots from, and the cached vendor metadata. One file,
 * opened once per process and folder; docs/rate-limits-and-cache.md describes it.
 */
export const STATE_FILE = 'connector-state.sqlite';
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS request_slot (
  bucket TEXT NOT NULL,
  id TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (bucket, id)
);
CREATE INDEX IF NOT EXISTS request_slot_at ON request_slot (bucket, at);
CREATE TABLE IF NOT EXISTS request_hold (
  bucket TEXT PRIMARY KEY,
  until INTEGER NOT NULL,
  since INTEGER NOT NULL,
  probe TEXT,
  probe_until INTEGER
);
CREATE TABLE IF NOT EXISTS metadata (
  scope TEXT NOT NULL,
  module TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  fetched_at INTEGER NOT NULL,
  PRIMARY KEY (scope, module, key)
);
`;

interface Opened {
  db: DatabaseSync;
  users: number;
}
const opened = new Map<string, Opened>();

export interface StateDbLease {
  db: DatabaseSync;
  release(): void;
}

function openFile(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    // Other processes hold the write lock for a few statements at most: wait for them.
    db.exec('PRAGMA busy_timeout = 10000');
    db.exec('PRAGMA synchronous = NORMAL');
    const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
    const version = row?.user_version ?? 0;
    if (version > SCHEMA_VERSION) throw new Error(`connector state schema ${version} is newer than this app`);
    db.exec(SCHEMA);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * The data folder's state database, shared by every connector of this process; release it when the
 * connector closes. `undefined` folder: a private in-memory database (one process only, for tests and
 * connectors made without a data folder).
 */
export function leaseStateDb(dataDir: string | undefined): StateDbLease {
  if (dataDir === undefined) {
    const db = openFile(':memory:');
    return { db, release: () => db.close() };
  }
  const file = join(dataDir, STATE_FILE);
  let entry = opened.get(file);
  if (!entry) {
    let db: DatabaseSync;
    try {
      mkdirSync(dataDir, { recursive: true });
      db = openFile(file);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw serviceError('internal', 'errors.service.stateFileUnreadable', { file, reason }, { cause: err });
    }
    entry = { db, users: 0 };
    opened.set(file, entry);
  }
  entry.users++;
  const held = entry;
  let released = false;
  return {
    db: held.db,
    release() {
      if (released) return;
      released = true;
      held.users--;
      if (held.users === 0 && opened.get(file) === held) {
        opened.delete(file);
        held.db.close();
      }
    },
  };
}

/** Runs `fn` holding SQLite's write lock, so a read-then-write cannot interleave with another process. */
export function immediate<T>(db: DatabaseSync, fn: () => T): T {
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    // Past the busy timeout: another process has held the file for seconds (it should take milliseconds).
    throw serviceError('unavailable', 'errors.service.stateFileLocked', { file: STATE_FILE }, { cause: err });
  }
  try {
    const out = fn();
    db.exec('COMMIT');
    return out;
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
