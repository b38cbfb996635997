import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';
import { createServices } from '../../src/main/services/index.ts';
import { createMirrorServices } from '../../src/main/services/mirror/index.ts';
import type { SyncStatus } from '../../src/shared/contract.ts';
import { STATE_FILE } from '../../src/main/connectors/common/state-db.ts';
import { runCli } from '../../src/cli/run.ts';
import { memoryIo } from './io.ts';
import { oneJson, runCrm, type CrmRun } from './run-crm.ts';

interface Logged {
  method: string;
  path: string;
  status: number;
}

/**
 * A script that runs the CLI again and again against Simplicate with its real limits (60 requests a
 * minute, 429 without Retry-After): every run is its own process, so only a request window shared
 * through the data folder and metadata cached there keep the script inside the vendor's limit.
 */
async function simplicateAccount(seed: string) {
  const sim = await startSim('simplicate', { records: 12, limits: 'real', seed });
  const home = await mkdtemp(join(tmpdir(), 'crm-limits-'));
  const conn = connectionFromEntry('simplicate', sim.entry);
  const env = { CRM_HOME: home, CRM_SECRET_ACME: JSON.stringify(conn.secrets) };
  const connected = await runCrm(['connect', 'acme', '--vendor', 'simplicate', '--url', conn.url, '--json'], env);
  expect(connected.code, connected.err).toBe(0);
  const log = async () => ((await sim.control('GET', 'log')) as { requests: Logged[] }).requests;
  return { sim, home, env, log };
}

/** Fills the account's request window as if another process had sent 60 requests `agoMs` ago. */
function fillWindow(home: string, agoMs: number): void {
  const db = new DatabaseSync(join(home, STATE_FILE));
  try {
    const { bucket } = db.prepare('SELECT DISTINCT bucket FROM request_slot').get() as { bucket: string };
    db.prepare('DELETE FROM request_slot').run();
    const insert = db.prepare('INSERT INTO request_slot (bucket, id, at) VALUES (?, ?, ?)');
    for (let i = 0; i < 60; i++) insert.run(bucket, `other-${i}`, Date.now() - agoMs);
  } finally {
    db.close();
  }
}

describe('CLI scripted against Simplicate with real limits', () => {
  let sim: SimHarness;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const name = 'acme';
  const crm = (...args: string[]): Promise<CrmRun> => runCrm(args, env);
  const log = async () => ((await sim.control('GET', 'log')) as { requests: Logged[] }).requests;

  beforeAll(async () => {
    sim = await startSim('simplicate', { records: 12, limits: 'real', seed: 'cli-limits' });
    home = await mkdtemp(join(tmpdir(), 'crm-limits-'));
    const conn = connectionFromEntry('simplicate', sim.entry);
    env = { CRM_HOME: home, CRM_SECRET_ACME: JSON.stringify(conn.secrets) };
    const connected = await crm('connect', name, '--vendor', 'simplicate', '--url', conn.url, '--json');
    expect(connected.code, connected.err).toBe(0);
  });

  afterAll(async () => {
    await sim?.ws.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('runs 20 commands in a row (list, get, describe, update) without a single 429', async () => {
    const first = oneJson(await crm('list', name, 'crm/person', '--page-size', '5', '--json')) as {
      rows: { id: string }[];
    };
    const id = first.rows[0]?.id;
    expect(id).toBeDefined();
    const runs: CrmRun[] = [];
    for (let i = 0; i < 5; i++) {
      runs.push(await crm('list', name, 'crm/person', '--page-size', '5', '--json'));
      runs.push(await crm('get', name, 'crm/person', String(id), '--json'));
      runs.push(await crm('describe', name, 'crm/person', '--json'));
      runs.push(await crm('update', name, 'crm/person', String(id), '--data', `{"first_name":"Run ${i}"}`, '--json'));
    }
    for (const r of runs) expect(r.code, r.err).toBe(0);
    expect((oneJson(runs[19] as CrmRun) as Record<string, unknown>).first_name).toBe('Run 4');
    const requests = await log();
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    // Metadata is fetched once for all 21 runs: after that a list, a get or a describe costs no
    // metadata request at all.
    const metadata = requests.filter((r) =>
      /customfields|relationtype|industry|organizationsize|employee/.test(r.path),
    );
    expect(metadata.length).toBeLessThanOrEqual(5);
    expect(requests.length).toBeLessThanOrEqual(60);
  }, 300_000);

  it('describe --refresh fetches the metadata again; a plain describe does not', async () => {
    const before = (await log()).length;
    expect((await crm('describe', name, 'crm/person', '--json')).code).toBe(0);
    expect((await log()).length).toBe(before);
    const refreshed = await crm('describe', name, 'crm/person', '--refresh', '--json');
    expect(refreshed.code, refreshed.err).toBe(0);
    const fetched = (await log()).slice(before);
    expect(fetched.some((r) => r.path.endsWith('/crm/personcustomfields'))).toBe(true);
    expect(fetched.every((r) => r.status === 200)).toBe(true);
  }, 60_000);
});

describe('the app syncing while a CLI script runs, on one Simplicate account with real limits', () => {
  it('both finish without a single 429', async () => {
    const { sim, home, env, log } = await simplicateAccount('app-and-cli');
    // The app: the same services and background sync (worker thread) it runs, on the same data folder.
    const app = await createServices({ dataDir: home, env, mirror: createMirrorServices });
    try {
      app.sync.start('acme', ['crm/person', 'crm/organization', 'sales/sales']);
      const script = (async () => {
        const runs: CrmRun[] = [];
        const first = oneJson(await runCrm(['list', 'acme', 'crm/person', '--page-size', '3', '--json'], env)) as {
          rows: { id: string }[];
        };
        const id = String(first.rows[0]?.id);
        for (let i = 0; i < 4; i++) {
          runs.push(await runCrm(['list', 'acme', 'crm/person', '--page-size', '3', '--json'], env));
          runs.push(await runCrm(['get', 'acme', 'crm/person', id, '--json'], env));
          runs.push(await runCrm(['update', 'acme', 'crm/person', id, '--data', `{"first_name":"Loop ${i}"}`], env));
        }
        return runs;
      })();
      let status: SyncStatus = app.sync.status('acme');
      for (let i = 0; i < 1200 && status.state === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = app.sync.status('acme');
      }
      const runs = await script;
      expect(status.error).toBeNull();
      expect(status.state).toBe('done');
      expect(status.summary.map((m) => m.fetched)).toEqual([12, 12, 12]);
      for (const r of runs) expect(r.code, r.err).toBe(0);
      const requests = await log();
      expect(requests.filter((r) => r.status === 429)).toEqual([]);
      expect(requests.length).toBeLessThanOrEqual(60);
    } finally {
      await app.close();
      await sim.ws.close();
      await rm(home, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('a CLI run that finds the account budget used up by another process', () => {
  it('waits for a free slot, says so on stderr, and is not refused', async () => {
    const { sim, home, env, log } = await simplicateAccount('budget-used');
    try {
      expect((await runCrm(['test', 'acme', '--json'], env)).code).toBe(0);
      // Another process (say the app) sent 60 requests for this account a little under a minute ago.
      fillWindow(home, 55_000);
      const started = Date.now();
      // In-process (the same runCli a terminal runs), so a slow process start cannot eat the wait.
      const io = memoryIo(env);
      const code = await runCli(['list', 'acme', 'crm/person', '--page-size', '3', '--json'], io);
      const run: CrmRun = { code, out: io.out(), err: io.err() };
      expect(run.code, run.err).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
      expect(run.err).toMatch(/^waiting \d s for Simplicate's rate limit$/m);
      expect((oneJson(run) as { rows: unknown[] }).rows).toHaveLength(3);
      expect((await log()).filter((r) => r.status === 429)).toEqual([]);
    } finally {
      await sim.ws.close();
      await rm(home, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the app's sync waiting for the account budget", () => {
  it('shows the wait in its progress, then finishes', async () => {
    const { sim, home, env, log } = await simplicateAccount('sync-waits');
    const app = await createServices({ dataDir: home, env, mirror: createMirrorServices });
    try {
      expect((await runCrm(['test', 'acme'], env)).code).toBe(0);
      // Slots free in 10 s: the sync's first request (after its worker thread starts) has to wait.
      fillWindow(home, 50_000);
      app.sync.start('acme', ['crm/person']);
      const seen: NonNullable<SyncStatus['waiting']>[] = [];
      let status = app.sync.status('acme');
      for (let i = 0; i < 1600 && status.state === 'running'; i++) {
        if (status.waiting) seen.push(status.waiting);
        await new Promise((r) => setTimeout(r, 25));
        status = app.sync.status('acme');
      }
      expect(status.state, JSON.stringify(status.error)).toBe('done');
      expect(status.waiting ?? null).toBeNull();
      expect(seen.length).toBeGreaterThan(0);
      expect(seen[0]).toEqual({ vendor: 'Simplicate', seconds: expect.any(Number) });
      expect(seen[0]?.seconds).toBeGreaterThanOrEqual(1);
      expect((await log()).filter((r) => r.status === 429)).toEqual([]);
    } finally {
      await app.close();
      await sim.ws.close();
      await rm(home, { recursive: true, force: true });
    }
  }, 60_000);
});
