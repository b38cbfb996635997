import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../src/main/credentials/env.ts';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { RUNNING_FOLDER } from '../../src/main/services/mirror/export-temps.ts';
import { createServices } from '../../src/main/services/index.ts';
import { createMirrorServices } from '../../src/main/services/mirror/index.ts';
import { openDatabase } from '../../src/main/store/database.ts';
import { fakeCatalog, fakeState } from '../services/fake-vendor.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';
import { cli, startCli } from '../sync/cli-child.ts';

// The real CLI against the SpotlerCRM simulator: an export target that can never be written fails
// before any request; an export killed with SIGKILL leaves no file at its target, and the next start of
// the CLI removes the temp file it left (only that one).
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sim: SimHarness;
let home: string;
let work: string;
let env: NodeJS.ProcessEnv;
const requests = async () => ((await sim.control('GET', 'stats')) as { requests: number }).requests;

beforeAll(async () => {
  sim = await startSim('spotler', { records: 250, limits: 'off' });
  home = mkdtempSync(join(tmpdir(), 'crm-export-files-'));
  work = mkdtempSync(join(tmpdir(), 'crm-export-out-'));
  const conn = connectionFromEntry('spotler', sim.entry);
  env = { CRM_HOME: home, CRM_RATE_LIMIT: 'off', [secretEnvName('x')]: JSON.stringify(conn.secrets) };
  const r = await cli(['connect', 'x', '--vendor', 'spotler', '--url', conn.url], env);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => {
  await sim?.ws.close();
  for (const d of [home, work]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('export --out that names a folder', { timeout: 60_000 }, () => {
  it.each([
    ['a folder', () => work, 'is a folder'],
    ['/', () => '/', 'is a folder'],
    ['a file in a missing folder', () => join(work, 'missing', 'a.csv'), 'does not exist'],
  ])('%s fails at once with a clear message and no request', async (_what, target, says) => {
    const before = await requests();
    const r = await cli(['export', 'x', 'accounts', '--format', 'csv', '--out', target()], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(says);
    expect(r.stderr).not.toMatch(/EISDIR|ENOENT|internal error/);
    expect(await requests()).toBe(before);
  });
});

describe('an export killed with SIGKILL', { timeout: 120_000 }, () => {
  it('leaves no file at the target, and the next start removes its temp file (only its own)', async () => {
    const dir = join(work, 'kill');
    mkdirSync(dir);
    const target = join(dir, 'accounts.csv');
    // Files the sweep must leave: not this naming, another target, a bare `.tmp`, a live process's.
    const keep = ['.accounts.csv.tmp', '.other.csv.999999.deadbeef.tmp', 'accounts.csv.1.deadbeef.tmp'];
    for (const k of keep) writeFileSync(join(dir, k), 'x');
    const liveTemp = `.accounts.csv.${process.pid}.cafef00d.tmp`;
    writeFileSync(join(dir, liveTemp), 'x');
    mkdirSync(join(home, RUNNING_FOLDER), { recursive: true });
    writeFileSync(join(home, RUNNING_FOLDER, 'live.json'), JSON.stringify({ pid: process.pid, out: target }));

    await sim.control('POST', 'fault', { kind: 'slow', delayMs: 400, count: 20 });
    const { child, done } = startCli(['export', 'x', 'accounts', '--format', 'csv', '--out', target], env);
    const ownTemp = (f: string) => new RegExp(`^\\.accounts\\.csv\\.${child.pid}\\.[0-9a-f]{8}\\.tmp$`).test(f);
    let seen: string[] = [];
    for (let i = 0; i < 800 && seen.length === 0; i++) {
      await sleep(25);
      seen = readdirSync(dir).filter(ownTemp);
    }
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    await sim.control('POST', 'fault', { kind: 'slow', delayMs: 0, count: 0 }).catch(() => undefined);
    expect(seen.length).toBe(1);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter(ownTemp)).toEqual(seen); // the kill left it

    const next = await cli(['connections', '--json'], env);
    expect(next.code, next.stderr).toBe(0);
    expect(readdirSync(dir).filter(ownTemp)).toEqual([]);
    expect(existsSync(target)).toBe(false);
    for (const k of [...keep, liveTemp]) expect(existsSync(join(dir, k)), k).toBe(true);
    expect(readdirSync(join(home, RUNNING_FOLDER))).toEqual(['live.json']);
  });
});

describe('file modes', { timeout: 60_000 }, () => {
  it('the data folder is 0700 and its files 0600, and an existing folder is fixed at start', async () => {
    const old = mkdtempSync(join(tmpdir(), 'crm-modes-'));
    try {
      const dataDir = join(old, 'data');
      mkdirSync(join(dataDir, 'mirror'), { recursive: true, mode: 0o755 });
      mkdirSync(join(dataDir, 'exports'), { recursive: true, mode: 0o755 });
      writeFileSync(join(dataDir, 'exports', 'old.csv'), 'a', { mode: 0o644 });
      const e = { ...env, CRM_HOME: dataDir };
      const conn = connectionFromEntry('spotler', sim.entry);
      expect((await cli(['connect', 'x', '--vendor', 'spotler', '--url', conn.url], e)).code).toBe(0);
      const synced = await cli(['sync', 'x', 'accounts', '--json'], e);
      expect(synced.code, synced.stderr).toBe(0);
      const out = join(work, 'mine.csv');
      expect((await cli(['export', 'x', 'accounts', '--format', 'csv', '--out', out, '--offline'], e)).code).toBe(0);
      const mode = (p: string) => statSync(p).mode & 0o777;
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(join(dataDir, 'connections.json'))).toBe(0o600);
      expect(mode(join(dataDir, 'mirror'))).toBe(0o700);
      const dbs = readdirSync(join(dataDir, 'mirror'));
      expect(dbs.some((f) => f.endsWith('.sqlite'))).toBe(true);
      for (const f of dbs) expect(mode(join(dataDir, 'mirror', f)), f).toBe(0o600);
      expect(mode(join(dataDir, 'exports'))).toBe(0o700);
      expect(mode(join(dataDir, 'exports', 'old.csv'))).toBe(0o600);
      // An explicit --out follows the umask (the test runner's, inherited by the CLI).
      expect(mode(out)).toBe(0o666 & ~process.umask());
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });
});

describe('file modes while the app runs', { timeout: 60_000 }, () => {
  it('a mirror database and its -wal and -shm files are 0600 while open', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-wal-'));
    try {
      const file = join(dir, 'mirror', 'x.sqlite');
      const db = openDatabase(file);
      try {
        db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
        for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
        expect(statSync(join(dir, 'mirror')).mode & 0o777).toBe(0o700);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an app export goes to the app's own folder (0700) as a 0600 file", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-app-export-'));
    const s = await createServices({
      dataDir,
      env: {},
      catalog: fakeCatalog(fakeState(3)),
      secrets: { keychain: new MemorySecretStore() },
      mirror: createMirrorServices,
    });
    try {
      await s.connections.save({
        name: 'c',
        vendor: 'simply',
        url: 'https://a.example',
        settings: { username: 'u' },
        secrets: { password: 'pw-1234' },
      });
      const jobId = s.exports.start({
        connection: 'c',
        module: 'Accounts',
        format: 'csv',
        offline: false,
        columns: [],
        query: { filters: [] },
        bom: false,
      });
      let status = s.exports.status(jobId);
      for (let i = 0; i < 500 && status.state === 'running'; i++) {
        await sleep(20);
        status = s.exports.status(jobId);
      }
      expect(status.state, JSON.stringify(status.error)).toBe('done');
      const file = status.file ?? '';
      expect(file.startsWith(join(dataDir, 'exports'))).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'exports')).mode & 0o777).toBe(0o700);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    } finally {
      await s.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
