import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConnectionStore, type ConnectionStore } from '../../src/main/store/index.ts';
import { syncModule } from '../../src/main/services/mirror/sync-engine.ts';
import { CrmError } from '../../src/shared/errors.ts';
import { accountsSchema, FakeConnector } from '../store/fake-connector.ts';

let dir: string;
let store: ConnectionStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sync-engine-'));
  store = openConnectionStore(join(dir, 'c.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function seeded(n: number, opts: { deletionFeed?: boolean } = {}) {
  const fake = new FakeConnector(accountsSchema, opts);
  for (let i = 1; i <= n; i++) fake.put({ name: `Account ${i}`, city: 'Utrecht', employees: i });
  return fake;
}
const ctx = (fake: FakeConnector) => ({ connector: fake, store, counts: fake.readCounts });
const mirrorIds = () => [...store.mirror.rows('Accounts')].map((r) => (r.ok ? r.record.id : `bad:${r.id}`)).sort();
const serverIds = (fake: FakeConnector) => [...fake.records.keys()].sort();

describe('incremental sync over a connector', () => {
  it('walks everything first, then costs requests in proportion to the changes', async () => {
    const fake = seeded(20);
    const first = await syncModule(ctx(fake), 'Accounts');
    expect(first).toMatchObject({ module: 'Accounts', fetched: 20, deleted: 0, pushed: 0, conflicts: 0 });
    expect(mirrorIds()).toEqual(serverIds(fake));
    expect(store.mirror.lastSyncAt()).not.toBeNull();

    const idle = await syncModule(ctx(fake), 'Accounts');
    expect(idle.fetched).toBe(0);
    expect(idle.requests).toBe(1); // one changes call, no describe (schema is fresh), no id pass (feed)

    fake.put({ id: '3', city: 'Leiden' });
    fake.put({ name: 'New one' });
    fake.remove('7');
    const three = await syncModule(ctx(fake), 'Accounts');
    expect(three).toMatchObject({ fetched: 2, deleted: 1 });
    expect(three.requests).toBeLessThanOrEqual(2);
    expect(store.mirror.get('Accounts', '3')?.city).toBe('Leiden');
    expect(mirrorIds()).toEqual(serverIds(fake));
  });

  it('finds deletions with an id pass when the vendor has no deletion feed, and reports its requests', async () => {
    const fake = seeded(12, { deletionFeed: false });
    await syncModule(ctx(fake), 'Accounts');
    fake.remove('2');
    fake.remove('11');
    const s = await syncModule(ctx(fake), 'Accounts');
    expect(s.deleted).toBe(2);
    expect(s.idPassRequests).toBe(2); // 10 ids in pages of 5
    expect(s.requests).toBe(2 + s.idPassRequests); // one changes call, one count check
    expect(s.idPass).toBe('ran: the vendor has 10 records, the mirror 12');
    expect(mirrorIds()).toEqual(serverIds(fake));
  });

  it('skips the id pass when the vendor counts as many records as the mirror, and says so', async () => {
    const fake = seeded(12, { deletionFeed: false });
    const first = await syncModule(ctx(fake), 'Accounts');
    expect(first.idPass).toBe('not needed: first sync');
    fake.put({ id: '3', city: 'Leiden' });
    const s = await syncModule(ctx(fake), 'Accounts');
    expect(s).toMatchObject({ fetched: 1, deleted: 0, idPassRequests: 0, idPass: 'skipped: counts agree (12)' });
    expect(s.requests).toBe(2);
    // A deletion hidden behind a creation still shows: the creation reaches the mirror, the count drops.
    fake.remove('5');
    fake.put({ name: 'Another' });
    const both = await syncModule(ctx(fake), 'Accounts');
    expect(both).toMatchObject({ fetched: 1, deleted: 1 });
    expect(both.idPass).toMatch(/^ran: /);
    expect(mirrorIds()).toEqual(serverIds(fake));
  });

  it('without a total from the vendor, the page at the count of the mirror tells whether the counts agree', async () => {
    const fake = seeded(12, { deletionFeed: false });
    const list = fake.list.bind(fake);
    fake.list = async (module, query) => {
      const { total: _omitted, ...page } = await list(module, query);
      return page;
    };
    await syncModule(ctx(fake), 'Accounts');
    expect(await syncModule(ctx(fake), 'Accounts')).toMatchObject({
      idPassRequests: 0,
      idPass: 'skipped: counts agree (12)',
    });
    fake.remove('4');
    const fewer = await syncModule(ctx(fake), 'Accounts');
    expect(fewer).toMatchObject({ deleted: 1, idPass: 'ran: the vendor has fewer records, the mirror 12' });
    expect(mirrorIds()).toEqual(serverIds(fake));
  });

  it('resumes from the last stored step after a crash: no duplicates, nothing missed', async () => {
    const fake = seeded(10);
    fake.failAfterChanges = 2; // two pages of 3 stored, then the connection drops
    await expect(syncModule(ctx(fake), 'Accounts')).rejects.toThrow(CrmError);
    expect(store.mirror.count('Accounts')).toBe(6);
    expect(store.mirror.lastSyncAt()).toBeNull();
    fake.failAfterChanges = null;
    const resumed = await syncModule(ctx(fake), 'Accounts');
    expect(resumed.fetched).toBe(4); // only what the crashed run had not stored
    expect(mirrorIds()).toEqual(serverIds(fake));
  });

  it('stops between steps when cancelled, keeping what it stored', async () => {
    const fake = seeded(9);
    const ac = new AbortController();
    let steps = 0;
    const run = syncModule(
      { ...ctx(fake), signal: ac.signal, onProgress: () => (++steps === 1 ? ac.abort() : undefined) },
      'Accounts',
    );
    await expect(run).rejects.toThrow();
    expect(store.mirror.count('Accounts')).toBe(3);
    await syncModule(ctx(fake), 'Accounts');
    expect(mirrorIds()).toEqual(serverIds(fake));
  });
});

describe('outbox push and conflicts', () => {
  async function synced() {
    const fake = seeded(5);
    await syncModule(ctx(fake), 'Accounts');
    return fake;
  }

  it('pushes an offline edit at the next sync', async () => {
    const fake = await synced();
    store.outbox.queue('Accounts', '2', { city: 'Gouda' }, store.mirror.get('Accounts', '2') ?? {});
    const s = await syncModule(ctx(fake), 'Accounts');
    expect(s).toMatchObject({ pushed: 1, conflicts: 0 });
    expect(fake.updates).toEqual([{ id: '2', data: { city: 'Gouda' } }]);
    expect(store.outbox.entries()).toEqual([]);
    expect(store.mirror.get('Accounts', '2')?.city).toBe('Gouda');
  });

  it('never pushes an edit whose field changed on the server; resolves field by field', async () => {
    const fake = await synced();
    store.outbox.queue('Accounts', '4', { city: 'Delft', name: 'Mine' }, store.mirror.get('Accounts', '4') ?? {});
    fake.put({ id: '4', city: 'Zwolle' }); // someone else
    const s = await syncModule(ctx(fake), 'Accounts');
    expect(s).toMatchObject({ pushed: 0, conflicts: 1 });
    expect(fake.updates).toEqual([]);
    expect(store.outbox.entries()).toEqual([
      {
        module: 'Accounts',
        id: '4',
        fields: ['city', 'name'],
        mine: { city: 'Delft', name: 'Mine' },
        theirs: { city: 'Zwolle', name: 'Account 4' },
        state: 'conflict',
      },
    ]);
    // Still unresolved: a second sync writes nothing either.
    expect((await syncModule(ctx(fake), 'Accounts')).conflicts).toBe(1);
    expect(fake.updates).toEqual([]);

    store.outbox.resolve('Accounts', '4', 'theirs', ['city']);
    expect(store.outbox.entries()[0]).toMatchObject({ state: 'pending', fields: ['name'] });
    const s2 = await syncModule(ctx(fake), 'Accounts');
    expect(s2).toMatchObject({ pushed: 1, conflicts: 0 });
    expect(fake.updates).toEqual([{ id: '4', data: { name: 'Mine' } }]);
    expect(fake.records.get('4')).toMatchObject({ city: 'Zwolle', name: 'Mine' });
  });

  it('keep mine pushes the edit over the server value it was shown, but not over a newer one', async () => {
    const fake = await synced();
    store.outbox.queue('Accounts', '1', { city: 'Breda' }, store.mirror.get('Accounts', '1') ?? {});
    fake.put({ id: '1', city: 'Venlo' });
    await syncModule(ctx(fake), 'Accounts');
    store.outbox.resolve('Accounts', '1', 'mine', []);
    expect(store.outbox.entries()[0]?.state).toBe('pending');
    fake.put({ id: '1', city: 'Assen' }); // changed again after the user decided
    expect((await syncModule(ctx(fake), 'Accounts')).conflicts).toBe(1);
    expect(store.outbox.entries()[0]?.theirs).toEqual({ city: 'Assen' });
    store.outbox.resolve('Accounts', '1', 'mine', ['city']);
    expect((await syncModule(ctx(fake), 'Accounts')).pushed).toBe(1);
    expect(fake.records.get('1')?.city).toBe('Breda');
  });

  it('keep theirs drops the edit and the mirror holds the server value', async () => {
    const fake = await synced();
    store.outbox.queue('Accounts', '5', { employees: 99 }, store.mirror.get('Accounts', '5') ?? {});
    fake.put({ id: '5', employees: 7 });
    await syncModule(ctx(fake), 'Accounts');
    store.outbox.resolve('Accounts', '5', 'theirs', []);
    expect(store.outbox.entries()).toEqual([]);
    await syncModule(ctx(fake), 'Accounts');
    expect(fake.updates).toEqual([]);
    expect(store.mirror.get('Accounts', '5')?.employees).toBe(7);
  });

  it('an edit of a record deleted on the server is a conflict only "theirs" settles', async () => {
    const fake = await synced();
    store.outbox.queue('Accounts', '3', { city: 'Ede' }, store.mirror.get('Accounts', '3') ?? {});
    fake.remove('3');
    const s = await syncModule(ctx(fake), 'Accounts');
    expect(s.conflicts).toBe(1);
    expect(store.outbox.entries()[0]).toMatchObject({ state: 'conflict', theirs: null });
    expect(() => store.outbox.resolve('Accounts', '3', 'mine', [])).toThrow(/deleted on the server/);
    store.outbox.resolve('Accounts', '3', 'theirs', []);
    expect(store.outbox.entries()).toEqual([]);
  });

  it('the same change made on both sides is not a conflict and needs no push', async () => {
    const fake = await synced();
    store.outbox.queue('Accounts', '2', { city: 'Hoorn' }, store.mirror.get('Accounts', '2') ?? {});
    fake.put({ id: '2', city: 'Hoorn' });
    const s = await syncModule(ctx(fake), 'Accounts');
    expect(s).toMatchObject({ pushed: 0, conflicts: 0 });
    expect(fake.updates).toEqual([]);
    expect(store.outbox.entries()).toEqual([]);
  });
});

describe('outbox merging', () => {
  it('a second edit merges into the first and keeps the first base; a field added during a conflict is not in conflict', async () => {
    const fake = seeded(3);
    await syncModule(ctx(fake), 'Accounts');
    store.outbox.queue('Accounts', '1', { city: 'A' }, store.mirror.get('Accounts', '1') ?? {});
    store.outbox.queue('Accounts', '1', { city: 'B' }, { ...store.mirror.get('Accounts', '1'), city: 'A' });
    expect(store.outbox.get('Accounts', '1')).toMatchObject({ mine: { city: 'B' }, base: { city: 'Utrecht' } });
    fake.put({ id: '1', city: 'Server' });
    await syncModule(ctx(fake), 'Accounts');
    store.outbox.queue('Accounts', '1', { name: 'New name' }, store.mirror.get('Accounts', '1') ?? {});
    expect(store.outbox.get('Accounts', '1')?.conflictFields).toEqual(['city']);
    store.outbox.resolve('Accounts', '1', 'mine', ['city']);
    const s = await syncModule(ctx(fake), 'Accounts');
    expect(s.pushed).toBe(1);
    expect(fake.records.get('1')).toMatchObject({ city: 'B', name: 'New name' });
  });
});
