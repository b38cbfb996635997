import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion, transaction } from '../../src/main/store/database.ts';
import { migrations } from '../../src/main/store/migrations.ts';
import { openConnectionStore, storeFile } from '../../src/main/store/index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the SQLite file', () => {
  it('is in WAL mode and at the latest migration; reopening runs nothing again', () => {
    const file = join(dir, 'a.sqlite');
    const db = openDatabase(file);
    const latest = Math.max(...migrations.map((m) => m.version));
    expect(schemaVersion(db)).toBe(latest);
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
    db.close();
    const again = openDatabase(file);
    expect(again.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: 'v' });
    again.close();
  });

  it('upgrades an older file step by step and refuses one from a newer app', () => {
    const db = new DatabaseSync(join(dir, 'old.sqlite'));
    migrate(
      db,
      migrations.filter((m) => m.version === 1),
    );
    expect(schemaVersion(db)).toBe(1);
    migrate(db);
    expect(schemaVersion(db)).toBe(Math.max(...migrations.map((m) => m.version)));
    db.exec('PRAGMA user_version = 999');
    expect(() => migrate(db)).toThrow(/newer version/);
    db.close();
  });

  it('a failing step leaves the file at the previous version', () => {
    const db = new DatabaseSync(':memory:');
    expect(() => migrate(db, [...migrations, { version: 99, sql: 'CREATE TABLE ok1 (a); THIS IS NOT SQL' }])).toThrow();
    expect(schemaVersion(db)).toBe(Math.max(...migrations.map((m) => m.version)));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok1'").get()).toBeUndefined();
    db.close();
  });

  it('a transaction lands whole or not at all', () => {
    const db = openDatabase(join(dir, 't.sqlite'));
    expect(() =>
      transaction(db, () => {
        db.prepare("INSERT INTO settings (key, value) VALUES ('a', '1')").run();
        throw new Error('midway');
      }),
    ).toThrow('midway');
    expect(db.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 0 });
    db.close();
  });

  it('keeps one file per connection, apart even for names that differ only in unsafe characters', () => {
    expect(storeFile(dir, 'a/b')).not.toBe(storeFile(dir, 'a_b'));
    expect(storeFile(dir, 'Sales EU')).toMatch(/mirror[\\/]Sales_EU-[0-9a-f]{10}\.sqlite$/);
    const s = openConnectionStore(storeFile(dir, 'x'));
    s.mirror.setOffline(true);
    expect(s.mirror.offline()).toBe(true);
    s.close();
  });
});
