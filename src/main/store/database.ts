import { DatabaseSync } from 'node:sqlite';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations, type Migration } from './migrations.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';

/**
 * Opens (creating if needed) one SQLite database file in WAL mode and brings its schema up to date.
 * WAL lets an export read while a sync writes (another connection, possibly in a worker thread).
 */
export function openDatabase(file: string, steps: readonly Migration[] = migrations): DatabaseSync {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // This user only: SQLite gives the -wal and -shm files the mode of the database file.
    closeSync(openSync(file, 'a', 0o600));
  }
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    // Wait for a concurrent writer (a sync in a worker) instead of failing at once with SQLITE_BUSY.
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec('PRAGMA synchronous = NORMAL');
    migrate(db, steps);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

export function migrate(db: DatabaseSync, steps: readonly Migration[] = migrations): void {
  const current = schemaVersion(db);
  const latest = steps.reduce((n, s) => Math.max(n, s.version), 0);
  if (current > latest) {
    throw serviceError('internal', 'errors.service.mirrorTooNew', { current, latest });
  }
  for (const step of [...steps].sort((a, b) => a.version - b.version)) {
    if (step.version <= current) continue;
    transaction(db, () => {
      db.exec(step.sql);
      step.run?.(db);
      // PRAGMA takes no bound parameters; the version is an integer from our own table.
      db.exec(`PRAGMA user_version = ${Math.trunc(step.version)}`);
    });
  }
}

/** Runs `fn` in one transaction: all of its writes land, or none do. Nested calls join the outer one. */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  if (db.isTransaction) return fn();
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
