import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { createMirrorServices } from '../../src/main/services/mirror/index.ts';
import { openConnectionStore, storeFile } from '../../src/main/store/index.ts';
import { accountsSchema, fakeCatalog, fakeState } from './fake-vendor.ts';

/** Renaming a connection keeps its mirror and queued edits; removing it removes them. */
let dataDir: string;
let s: LocalServices;
const conn = { vendor: 'simply' as const, url: 'https://a.example', settings: { username: 'u' } };
const page = { page: 1, pageSize: 10, filters: [] };

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'crm-lifecycle-'));
  // A mirror as a sync leaves it: a schema, two records and one queued offline edit.
  const seeded = openConnectionStore(storeFile(dataDir, 'c'));
  seeded.mirror.saveSchema('Accounts', accountsSchema);
  seeded.mirror.upsertMany('Accounts', [
    { id: '1', name: 'One' },
    { id: '2', name: 'Two' },
  ]);
  seeded.mirror.markSynced('Accounts');
  seeded.outbox.queue('Accounts', '2', { name: 'Mine' }, { id: '2', name: 'Two' });
  seeded.close();
  s = await createServices({
    dataDir,
    env: {},
    catalog: fakeCatalog(fakeState(2)),
    secrets: { keychain: new MemorySecretStore() },
    mirror: createMirrorServices,
  });
  await s.connections.save({ name: 'c', ...conn, secrets: { password: 'pw-secret' } });
  // Opened by the services, as the app does before either change.
  expect((await s.records.list('c', 'Accounts', page, { offline: true })).total).toBe(2);
});
afterEach(async () => {
  await s.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a connection and its local store', () => {
  it('a rename moves the mirror and the pending edit with it', async () => {
    await s.connections.save({ name: 'd', previousName: 'c', ...conn });
    const list = await s.records.list('d', 'Accounts', page, { offline: true });
    expect(list.rows.map((r) => [r.id, r.name])).toEqual([
      ['1', 'One'],
      ['2', 'Mine'],
    ]);
    expect(await s.sync.outbox('d')).toMatchObject([{ module: 'Accounts', id: '2', mine: { name: 'Mine' } }]);
    expect(existsSync(storeFile(dataDir, 'c'))).toBe(false);
  });

  it('a removal deletes them: a new connection of that name starts empty', async () => {
    await s.connections.remove('c');
    expect(existsSync(storeFile(dataDir, 'c'))).toBe(false);
    await s.connections.save({ name: 'c', ...conn, secrets: { password: 'other' } });
    expect(await s.sync.outbox('c')).toEqual([]);
    await expect(s.records.list('c', 'Accounts', page, { offline: true })).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});

describe('a connection that does not exist', () => {
  it('gets not_found from every local-store call, and no store file is made for it', async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ['outbox', () => s.sync.outbox('nosuch')],
      ['offline', () => s.sync.offline('nosuch')],
      ['setOffline', () => s.sync.setOffline('nosuch', true)],
      ['resolve', () => s.sync.resolve('nosuch', 'Accounts', '1', 'theirs', [])],
      ['list', () => s.records.list('nosuch', 'Accounts', page, { offline: true })],
      ['get', () => s.records.get('nosuch', 'Accounts', '1', { offline: true })],
      ['modules', () => s.records.modules('nosuch', { offline: true })],
      [
        'export',
        () =>
          s.exports.run({
            connection: 'nosuch',
            module: 'Accounts',
            format: 'csv',
            out: join(dataDir, 'x.csv'),
            offline: true,
            columns: [],
            query: { filters: [] },
            bom: false,
          }),
      ],
    ];
    for (const [what, call] of calls) {
      await expect(call(), what).rejects.toMatchObject({ kind: 'not_found', message: /No connection named "nosuch"/ });
    }
    expect(existsSync(storeFile(dataDir, 'nosuch'))).toBe(false);
  });
});

describe('offline reads', () => {
  it('refuse a filter or sort on a field the module does not have, as the live path does', async () => {
    const bad = { ...page, filters: [{ field: 'nosuch', op: '=' as const, value: 'x' }] };
    await expect(s.records.list('c', 'Accounts', bad, { offline: true })).rejects.toMatchObject({
      kind: 'invalid_input',
      message: 'Cannot filter on "nosuch": not a field of Accounts',
    });
    const sorted = { ...page, sort: { field: 'nosuch', desc: false } };
    await expect(s.records.list('c', 'Accounts', sorted, { offline: true })).rejects.toMatchObject({
      kind: 'invalid_input',
    });
    const byName = { ...page, filters: [{ field: 'name', op: '=' as const, value: 'one' }] };
    expect((await s.records.list('c', 'Accounts', byName, { offline: true })).rows.map((r) => r.id)).toEqual(['1']);
  });
});
