import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConnectionStore, type ConnectionStore } from '../../src/main/store/index.ts';
import { syncModule } from '../../src/main/services/mirror/sync-engine.ts';
import type { RecordData } from '../../src/shared/fields.ts';
import { accountsSchema, FakeConnector } from '../store/fake-connector.ts';

/**
 * The app queues offline edits on its own SQLite connection while a sync pushes the outbox in a worker:
 * an edit queued while a push's requests run must survive the push.
 */
let dir: string;
let store: ConnectionStore;
let fake: FakeConnector;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-push-'));
  store = openConnectionStore(join(dir, 'c.sqlite'));
  fake = new FakeConnector(accountsSchema);
  for (let i = 1; i <= 3; i++) fake.put({ name: `Account ${i}`, city: 'Utrecht', employees: i });
  await syncModule({ connector: fake, store }, 'Accounts');
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const queue = (data: RecordData) => store.outbox.queue('Accounts', '2', data, store.mirror.get('Accounts', '2') ?? {});

/** Queues `data` (as the user would) while the vendor answers the push's update. */
function editDuringUpdate(data: RecordData) {
  const update = fake.update.bind(fake);
  fake.update = async (module, id, changed) => {
    const done = await update(module, id, changed);
    queue(data);
    return done;
  };
}

describe('an edit queued while the sync pushes the same record', () => {
  it('a newer value of the pushed field is kept and pushed at the next sync, not a conflict', async () => {
    queue({ city: 'Gouda' });
    editDuringUpdate({ city: 'Leiden' });
    const first = await syncModule({ connector: fake, store }, 'Accounts');
    expect(first).toMatchObject({ pushed: 1, conflicts: 0 });
    expect(store.outbox.entries()).toMatchObject([{ id: '2', mine: { city: 'Leiden' }, state: 'pending' }]);

    const second = await syncModule({ connector: fake, store }, 'Accounts');
    expect(second).toMatchObject({ pushed: 1, conflicts: 0 });
    expect(fake.records.get('2')?.city).toBe('Leiden');
    expect(store.outbox.entries()).toEqual([]);
  });

  it('an edit of another field is kept and only that field is pushed next', async () => {
    queue({ city: 'Gouda' });
    editDuringUpdate({ name: 'Renamed' });
    await syncModule({ connector: fake, store }, 'Accounts');
    expect(store.outbox.entries()).toMatchObject([{ id: '2', state: 'pending' }]);

    fake.updates.length = 0;
    const second = await syncModule({ connector: fake, store }, 'Accounts');
    expect(second).toMatchObject({ pushed: 1, conflicts: 0 });
    expect(fake.updates).toEqual([{ id: '2', data: { name: 'Renamed' } }]);
    expect(fake.records.get('2')).toMatchObject({ city: 'Gouda', name: 'Renamed' });
    expect(store.outbox.entries()).toEqual([]);
  });
});

describe('resolving an edit', () => {
  it('refuses a field name the edit does not have, even one every object inherits', () => {
    queue({ city: 'Gouda' });
    for (const field of ['name', 'toString', 'constructor']) {
      expect(() => store.outbox.resolve('Accounts', '2', 'theirs', [field])).toThrow(
        `The edit of Accounts 2 has no field ${field}`,
      );
    }
    expect(store.outbox.entries()).toMatchObject([{ id: '2', mine: { city: 'Gouda' } }]);
  });
});
