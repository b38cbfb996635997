import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { createMirrorServices } from '../../src/main/services/mirror/index.ts';
import type { CrmRecord } from '../../src/shared/fields.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';
import { loadFixture } from '../sync/vendor-fixtures.ts';
import { csvLine, parseReport } from './report.ts';

// A bulk update on a connection switched to offline work, over a real simulator and the SQLite mirror:
// the rows become ordinary outbox edits (no request at all until the next sync), the sync pushes them
// (audited as outbox pushes), and a record someone changed at the vendor meanwhile is a conflict that
// waits for `resolve`, as any offline edit.

const VENDOR = 'spotler';
let sim: SimHarness;
let home: string;
let s: LocalServices;
let module: string;
let field: string;

beforeEach(async () => {
  const fixture = await loadFixture(VENDOR);
  module = fixture.module;
  field = fixture.textField;
  sim = await startSim(VENDOR, { records: 12, limits: 'off' });
  home = await mkdtemp(join(tmpdir(), 'crm-bulk-offline-'));
  s = await createServices({
    dataDir: home,
    env: { CRM_RATE_LIMIT: 'off' },
    secrets: { keychain: new MemorySecretStore() },
    mirror: createMirrorServices,
  });
  await s.connections.save({ name: 'k', ...connectionFromEntry(VENDOR, sim.entry) });
});
afterEach(async () => {
  await s.close();
  await sim.ws.close();
  await rm(home, { recursive: true, force: true });
});

const requests = async () => ((await sim.control('GET', 'log')) as { requests: unknown[] }).requests.length;

async function atVendor(id: string): Promise<CrmRecord> {
  const c = sim.connector();
  try {
    return await c.get(module, id);
  } finally {
    await c.close();
  }
}

describe('a bulk update while working offline', () => {
  it(
    'queues the rows in the outbox; the sync pushes them with the outbox conflict rules',
    { timeout: 120_000 },
    async () => {
      await s.sync.run('k', [module]);
      const page = await s.records.list('k', module, { page: 1, pageSize: 3, filters: [] }, { offline: true });
      const [a, b, c] = page.rows as [CrmRecord, CrmRecord, CrmRecord];
      await s.sync.setOffline('k', true);
      const text = [
        csvLine(['id', field]),
        csvLine([a.id, 'Offline A']),
        csvLine([b.id, 'Offline B']),
        csvLine([c.id, 'Offline C']),
        csvLine(['no-such-id', 'Nobody']),
      ].join('\n');
      const report = join(home, 'r.csv');
      const input = { connection: 'k', module, source: { text }, report };

      const before = await requests();
      const dry = await s.bulk.run({ ...input, dryRun: true });
      expect(dry.lines.map((l) => l.status)).toEqual(['would_apply', 'would_apply', 'would_apply', 'would_refuse']);
      const result = await s.bulk.run({ ...input, dryRun: false });
      expect(result.lines.map((l) => [l.id, l.status])).toEqual([
        [a.id, 'applied'],
        [b.id, 'applied'],
        [c.id, 'applied'],
        ['', 'refused'],
      ]);
      expect(parseReport(await readFile(report, 'utf8'))[0]?.message).toBe('queued for the next sync (offline)');
      // Offline: the plan read the mirror and the rows went to the outbox, without a single request.
      expect(await requests()).toBe(before);
      expect((await atVendor(a.id))[field]).toBe(a[field]);
      const outbox = await s.sync.outbox('k');
      expect(outbox.map((e) => [e.id, e.mine, e.state])).toEqual([
        [a.id, { [field]: 'Offline A' }, 'pending'],
        [b.id, { [field]: 'Offline B' }, 'pending'],
        [c.id, { [field]: 'Offline C' }, 'pending'],
      ]);
      // The offline view shows the queued values.
      expect((await s.records.get('k', module, b.id, { offline: true }))[field]).toBe('Offline B');

      // Someone else changes C at the vendor meanwhile.
      const other = sim.connector();
      await other.update(module, c.id, { [field]: 'Theirs C' });
      await other.close();

      await s.sync.setOffline('k', false);
      const sync = await s.sync.run('k', [module]);
      expect(sync[0]).toMatchObject({ pushed: 2, conflicts: 1 });
      expect((await atVendor(a.id))[field]).toBe('Offline A');
      expect((await atVendor(b.id))[field]).toBe('Offline B');
      expect((await atVendor(c.id))[field]).toBe('Theirs C');
      expect((await s.sync.outbox('k')).map((e) => [e.id, e.state, e.theirs])).toEqual([
        [c.id, 'conflict', { [field]: 'Theirs C' }],
      ]);
      const pushes = (await s.audit.list('k')).filter((e) => e.action === 'push');
      expect(pushes.map((e) => [e.record, e.before[field], e.after[field], e.outcome]).sort()).toEqual(
        [
          [a.id, a[field], 'Offline A', 'ok'],
          [b.id, b[field], 'Offline B', 'ok'],
        ].sort(),
      );

      // Keeping mine pushes C at the next sync, audited like the others.
      await s.sync.resolve('k', module, c.id, 'mine', []);
      expect((await s.sync.run('k', [module]))[0]).toMatchObject({ pushed: 1, conflicts: 0 });
      expect((await atVendor(c.id))[field]).toBe('Offline C');
      const [last] = await s.audit.list('k');
      expect(last).toMatchObject({ action: 'push', record: c.id, before: { [field]: 'Theirs C' } });
      expect(await s.sync.outbox('k')).toEqual([]);
    },
  );

  it('a module never synced is refused before any request', { timeout: 60_000 }, async () => {
    await s.sync.setOffline('k', true);
    const before = await requests();
    await expect(
      s.bulk.run({
        connection: 'k',
        module,
        source: { text: `id,${field}\n1,x` },
        dryRun: false,
        report: join(home, 'r.csv'),
      }),
    ).rejects.toThrow(/has not been synced yet/);
    expect(await requests()).toBe(before);
  });
});
