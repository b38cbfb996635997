import { createHash } from 'node:crypto';
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

  closeAll(): void {
    for (const s of this.open.values()) s.close();
    this.open.clear();
  }
}
