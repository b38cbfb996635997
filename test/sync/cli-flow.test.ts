import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/shared/contract.ts';
import type { CrmRecord } from '../../src/shared/fields.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';
import { cli, cliJson, secretEnvName } from './cli-child.ts';
import { parseCsv } from '../export/csv-reader.ts';
import { vendorReady } from './vendor-fixtures.ts';

/**
 * The offline commands end to end through the real CLI, on one vendor (the service-level suite covers
 * all five): sync, list/get --offline, update --offline, outbox, a conflict, resolve, export --offline.
 */
const vendor = 'spotler';
const module = 'accounts';

describe.skipIf(!vendorReady(vendor))('the CLI offline flow', { timeout: 180_000 }, () => {
  let sim: SimHarness;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const requests = async () => ((await sim.control('GET', 'stats')) as { requests: number }).requests;

  beforeAll(async () => {
    sim = await startSim(vendor, { records: 20, limits: 'off' });
    home = mkdtempSync(join(tmpdir(), 'cli-flow-'));
    const conn = connectionFromEntry(vendor, sim.entry);
    env = { CRM_HOME: home, CRM_RATE_LIMIT: 'off', [secretEnvName('w')]: JSON.stringify(conn.secrets) };
    const sets = Object.entries(conn.settings).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    const r = await cli(['connect', 'w', '--vendor', vendor, '--url', conn.url, ...sets], env);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => {
    await sim?.ws.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('syncs, reads and edits offline, resolves a conflict and exports with no request', async () => {
    const first = await cliJson<{ modules: { module: string; fetched: number; requests: number }[] }>(
      ['sync', 'w', module],
      env,
    );
    expect(first.modules).toEqual([
      expect.objectContaining({ module, fetched: 20, deleted: 0, pushed: 0, conflicts: 0 }),
    ]);

    const n0 = await requests();
    const page = await cliJson<{ rows: CrmRecord[]; total: number; hasMore: boolean; offline: { lastSyncAt: string } }>(
      ['list', 'w', module, '--offline', '--page-size', '5', '--sort', 'name:desc'],
      env,
    );
    expect(page.rows).toHaveLength(5);
    expect(page.total).toBe(20);
    expect(page.offline.lastSyncAt).toMatch(/^\d{4}-/);
    // Sorted case-insensitively (ASCII letters folded), as SQLite's NOCASE collation does.
    const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
    const names = page.rows.map((r) => fold(String(r.name)));
    expect(names).toEqual([...names].sort().reverse());
    const id = page.rows[0]?.id as string;
    const got = await cliJson<CrmRecord>(['get', 'w', module, id, '--offline'], env);
    expect(got.id).toBe(id);

    const queued = await cliJson(
      ['update', 'w', module, id, '--offline', '--data', JSON.stringify({ name: '=Mine' })],
      env,
    );
    expect(queued).toEqual({ queued: true, module, id });
    const out = join(home, 'accounts.csv');
    const exported = await cliJson<{ file: string; rows: number; errors: number }>(
      ['export', 'w', module, '--format', 'csv', '--out', out, '--offline', '--columns', 'id,name', '--bom'],
      env,
    );
    expect(exported).toEqual({ file: out, rows: 20, errors: 0 });
    const csv = parseCsv(readFileSync(out, 'utf8'));
    expect(csv[0]).toEqual(['id', 'name']);
    expect(csv.find((r) => r[0] === id)?.[1]).toBe("'=Mine"); // the pending edit, neutralised
    expect(await requests()).toBe(n0); // nothing above reached the vendor

    // Someone else changes the same field: the sync finds a conflict and writes nothing.
    await sim.connector().update(module, id, { name: 'Theirs' });
    const second = await cliJson<{ modules: { conflicts: number; pushed: number }[] }>(['sync', 'w', module], env);
    expect(second.modules[0]).toMatchObject({ conflicts: 1, pushed: 0 });
    const box = await cliJson<OutboxEntry[]>(['outbox', 'w'], env);
    expect(box).toEqual([
      { module, id, fields: ['name'], mine: { name: '=Mine' }, theirs: { name: 'Theirs' }, state: 'conflict' },
    ]);
    expect((await sim.connector().get(module, id)).name).toBe('Theirs');

    const bad = await cli(['resolve', 'w', module, id, '--keep', 'both'], env);
    expect(bad.code).toBe(2);
    const resolved = await cli(['resolve', 'w', module, id, '--keep', 'mine'], env);
    expect(resolved.code, resolved.stderr).toBe(0);
    const third = await cliJson<{ modules: { pushed: number; conflicts: number }[] }>(['sync', 'w', module], env);
    expect(third.modules[0]).toMatchObject({ pushed: 1, conflicts: 0 });
    expect((await sim.connector().get(module, id)).name).toBe('=Mine');
    expect(await cliJson<OutboxEntry[]>(['outbox', 'w'], env)).toEqual([]);
  });
});
