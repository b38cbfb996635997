import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMirrorServices } from '../../src/main/services/mirror/index.ts';
import type { MirrorServices } from '../../src/main/services/extensions.ts';
import type { SyncStatus } from '../../src/shared/contract.ts';
import { accountsSchema, FakeConnector } from '../store/fake-connector.ts';

/** The app's entries (start/status/cancel) run the job in a worker thread. */
let dir: string;
let fake: FakeConnector;
let parts: MirrorServices;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'job-thread-'));
  fake = new FakeConnector(accountsSchema, { deletionFeed: false });
  for (let i = 1; i <= 25; i++) fake.put({ name: `Account ${i}`, employees: i });
  parts = buildMirrorServices(
    {
      dataDir: dir,
      connector: async () => fake,
      describe: async () => accountsSchema,
      connection: async () => {
        throw new Error('not needed');
      },
    },
    () => fake.counts,
  );
});
afterEach(async () => {
  await parts.close?.();
  rmSync(dir, { recursive: true, force: true });
});

async function settled<T extends { state: string }>(read: () => T): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const s = read();
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('job did not finish');
}

describe('background jobs in a worker thread', () => {
  it('a sync started by the app fills the mirror and reports its summary and requests', async () => {
    parts.sync.start('c', ['Accounts']);
    expect(parts.sync.status('c').state).toBe('running');
    const done: SyncStatus = await settled(() => parts.sync.status('c'));
    expect(done.error).toBeNull();
    expect(done.state).toBe('done');
    expect(done.summary).toEqual([
      {
        module: 'Accounts',
        fetched: 25,
        deleted: 0,
        pushed: 0,
        conflicts: 0,
        requests: fake.counts.total,
        idPassRequests: 0,
        idPass: 'not needed: first sync',
      },
    ]);
    const page = await parts.offline.list('c', 'Accounts', { page: 1, pageSize: 100, filters: [] });
    expect(page.total).toBe(25);

    fake.remove('4');
    parts.sync.start('c', ['Accounts']);
    const second = await settled(() => parts.sync.status('c'));
    expect(second.summary[0]).toMatchObject({ deleted: 1, idPassRequests: 5 });
  });

  it('an export started by the app is written by the worker; offline it needs no connector', async () => {
    parts.sync.start('c', ['Accounts']);
    await settled(() => parts.sync.status('c'));
    const before = fake.counts.total;
    const out = join(dir, 'a.csv');
    const job = parts.exports.start({
      connection: 'c',
      module: 'Accounts',
      format: 'csv',
      out,
      offline: true,
      columns: ['id', 'name'],
      query: { filters: [{ field: 'employees', op: '>', value: '20' }], sort: { field: 'employees', desc: true } },
      bom: false,
    });
    const status = await settled(() => parts.exports.status(job));
    expect(status).toEqual({ state: 'done', rows: 5, errors: 0, file: out, error: null });
    expect(readFileSync(out, 'utf8').split('\r\n').slice(0, 3)).toEqual(['id,name', '25,Account 25', '24,Account 24']);
    expect(fake.counts.total).toBe(before);
  });

  it('a sync can be cancelled and a failure is reported, not thrown', async () => {
    fake.failAfterChanges = 1;
    parts.sync.start('c', ['Accounts']);
    const failed = await settled(() => parts.sync.status('c'));
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ kind: 'unavailable' });
    fake.failAfterChanges = null;
    parts.sync.start('c', ['Accounts']);
    parts.sync.cancel('c');
    const cancelled = await settled(() => parts.sync.status('c'));
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.error).toBeNull();
  });
});
