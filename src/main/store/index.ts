import { createHash } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { openDatabase } from './database.ts';
import { MirrorStore } from './mirror.ts';
import { OutboxStore } from './outbox.ts';

/** Everything stored locally for one connection: one SQLite file. */
export interface ConnectionStore {
  readonly file: string;
  readonly db: DatabaseSync;
  readonly mirror: MirrorStore;
  readonly outbox: OutboxStore;
  close(): void;
}

/**
 * The database file of a connection: `<dataDir>/mirror/<name>-<hash>.sqlite`. The readable part keeps
 * only safe characters; the hash of the exact name keeps two names that differ in other characters
 * apart.
 */
export function storeFile(dataDir: string, connection: string): string {
  const readable = connection.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(connection).digest('hex').slice(0, 10);
  return join(dataDir, 'mirror', `${readable}-${hash}.sqlite`);
}

/** A database file and the WAL mode's companions beside it. */
const STORE_FILE_SUFFIXES = ['', '-wal', '-shm'];

/** Deletes a connection's database (its connection must be closed). */
export async function removeStoreFiles(file: string): Promise<void> {
  for (const suffix of STORE_FILE_SUFFIXES) await rm(file + suffix, { force: true });
}

/** Moves a connection's database to a new name, replacing whatever was there (both must be closed). */
export async function moveStoreFiles(from: string, to: string): Promise<void> {
  if (from === to) return;
  await removeStoreFiles(to);
  for (const suffix of STORE_FILE_SUFFIXES) {
    await rename(from + suffix, to + suffix).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}

export function openConnectionStore(file: string): ConnectionStore {
  const db = openDatabase(file);
  return {
    file,
    db,
    mirror: new MirrorStore(db),
    outbox: new OutboxStore(db),
    close: () => {
      if (db.isOpen) db.close();
    },
  };
}

/** Opens each connection's store once per process and closes them all at the end. */
export class StoreRegistry {
  readonly dataDir: string;
  private readonly open = new Map<string, ConnectionStore>();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  get(connection: string): ConnectionStore {
    let store = this.open.get(connection);
    if (!store) {
      store = openConnectionStore(storeFile(this.dataDir, connection));
      this.open.set(connection, store);
    }
    return store;
  }

  /** Closes one connection's store (before its file is moved or deleted); the next get opens it again. */
  close(connection: string): void {
    this.open.get(connection)?.close();
    this.open.delete(connection);
  }

  closeAll(): void {
    for (const s of this.open.values()) s.close();
    this.open.clear();
  }
}
