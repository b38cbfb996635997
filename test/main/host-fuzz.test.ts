import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { vendorDefinition } from '../../src/main/connectors/registry.ts';
import { channels, contract, envelopeSchema, type Channel } from '../../src/shared/contract.ts';
import { vendorIds } from '../../src/shared/crm-vendors.ts';
import { rng } from '../../sim/common/random.ts';
import { Fuzzer, rawBodies, type Json } from '../helpers/fuzz.ts';

// Hostile input over every channel of the contract, through the real browser host (its own process, the
// demo workspace behind it): every answer is a typed envelope, never a 5xx, a stack trace or a secret of
// the workspace, and the host still answers afterwards. CRM_FUZZ_RUNS (default 3000) and CRM_FUZZ_SEED
// replay or extend a run.
const RUNS = Number(process.env['CRM_FUZZ_RUNS'] ?? 3000);
const SEED = Number(process.env['CRM_FUZZ_SEED'] ?? 20261203);
const IN_FLIGHT = 4;

interface Line {
  origin: string;
  token: string;
  demo: Record<string, unknown> & { control: { token: string } };
}

let app: ChildProcess;
let line: Line;
const dirs: string[] = [];
let hostLog = '';

beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), 'host-fuzz-home-'));
  const renderer = mkdtempSync(join(tmpdir(), 'host-fuzz-renderer-'));
  dirs.push(home, renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>CRM Desk</title>');
  app = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', 'src/main/host/main.ts', '--json', '--renderer', renderer],
    {
      // No Secret Service here: a save with secrets must fail with a typed `keychain` error, fast.
      env: {
        ...process.env,
        CRM_HOME: home,
        CRM_DEMO_RECORDS: '30',
        CRM_DEMO_LIMITS: 'off',
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  app.stderr!.on('data', (c: Buffer) => (hostLog += c.toString()));
  line = JSON.parse(
    await new Promise<string>((resolve, reject) => {
      createInterface({ input: app.stdout! }).once('line', resolve);
      app.once('exit', (code) => reject(new Error(`the host exited early (${code}): ${hostLog}`)));
    }),
  ) as Line;
});

afterAll(async () => {
  if (app.exitCode === null) {
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function post(path: string, body: string): Promise<{ status: number; body: string }> {
  const url = new URL(line.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-crm-token': line.token },
        // A connection per call: a kept-alive one can meet the server's idle close (a client-side race).
        agent: false,
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in 30 s: ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Every secret of the demo workspace (by each vendor's own secret names), its control token, our token. */
function workspaceSecrets(): string[] {
  const found = new Set<string>([line.token, line.demo.control.token]);
  const collect = (v: unknown, key: string, names: Set<string>) => {
    if (typeof v === 'string') {
      if (names.has(key) || /token|secret|password|key$/i.test(key)) found.add(v);
      if (v.startsWith('[') || v.startsWith('{')) {
        try {
          collect(JSON.parse(v), key, names);
        } catch {
          // not JSON
        }
      }
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) collect(child, k, names);
    }
  };
  for (const vendor of vendorIds) {
    const names = new Set(vendorDefinition(vendor).secrets.map((s) => s.name));
    collect(line.demo[vendor], '', names);
  }
  return [...found].filter((s) => s.length >= 6);
}

/** A valid input per channel, on the demo workspace's real connections, modules and fields. */
async function templates(): Promise<Record<Channel, Json>> {
  const call = async (channel: Channel, input: Json) => {
    const res = await post(`/rpc/${channel}`, JSON.stringify(input));
    const env = JSON.parse(res.body) as { ok: boolean; value: unknown };
    if (!env.ok) throw new Error(`${channel}: ${res.body}`);
    return env.value;
  };
  const conns = (await call('connections.list', {})) as { name: string; vendor: string; url: string }[];
  const conn = conns[0]!;
  const modules = (await call('modules.list', { connection: conn.name })) as { name: string }[];
  const module = modules[0]!.name;
  const schema = (await call('modules.describe', { connection: conn.name, module })) as {
    fields: { name: string }[];
  };
  const field = schema.fields[0]!.name;
  const page = (await call('records.list', { connection: conn.name, module, query: { pageSize: 2 } })) as {
    rows: { id: string }[];
  };
  const id = page.rows[0]!.id;
  const ref = { connection: conn.name, module };
  return {
    'app.info': {},
    'vendors.list': {},
    'connections.list': {},
    'connections.save': {
      name: 'Fuzz one',
      vendor: conn.vendor,
      url: 'http://127.0.0.1:1/',
      settings: { username: 'fuzz' },
      secrets: { password: 'fuzz-secret' },
    },
    'connections.remove': { connection: 'Fuzz one' },
    'connections.test': { connection: conn.name },
    'modules.list': { connection: conn.name },
    'modules.describe': ref,
    'records.list': {
      ...ref,
      query: {
        page: 1,
        pageSize: 5,
        sort: { field, desc: true },
        filters: [{ field, op: 'contains', value: 'a' }],
      },
    },
    'records.get': { ...ref, id },
    'records.create': { ...ref, data: { [field]: 'Fuzz' } },
    'records.update': { ...ref, id, data: { [field]: 'Fuzz' } },
    'records.delete': { ...ref, id: 'fuzz-missing' },
    'records.lookup': { ...ref, text: 'a', limit: 5 },
    'records.labels': { ...ref, ids: [id] },
    'search.run': { text: 'a', limit: 5, scope: 'mirror' },
    'recents.list': {},
    'recents.visit': { ...ref, id, label: 'Fuzz', moduleLabel: module },
    'recents.pin': { ...ref, id, label: 'Fuzz', moduleLabel: module, pinned: true },
    'records.relations': ref,
    'records.related': { ...ref, id },
    'views.list': ref,
    'views.save': { ...ref, view: { name: 'Fuzz view', columns: [field] } },
    'views.remove': { ...ref, name: 'Fuzz view' },
    'views.rename': { ...ref, name: 'Fuzz view', to: 'Fuzz view 2' },
    'views.setDefault': { ...ref, name: null },
    'views.export': { ...ref, name: 'Fuzz view' },
    'views.import': { ...ref, text: '{}' },
    'sync.start': { connection: conn.name, modules: [module] },
    'sync.status': { connection: conn.name },
    'sync.cancel': { connection: conn.name },
    'outbox.list': { connection: conn.name },
    'outbox.resolve': { ...ref, id, keep: 'mine', fields: [field] },
    'offline.get': { connection: conn.name },
    'offline.set': { connection: conn.name, offline: false },
    'export.start': { ...ref, format: 'csv', columns: [field], query: {} },
    'export.status': { jobId: 'fuzz' },
    'export.cancel': { jobId: 'fuzz' },
    'bulk.start': { ...ref, text: `id,${field}\n${id},Fuzz`, dryRun: true },
    'bulk.status': { jobId: 'fuzz' },
    'bulk.pause': { jobId: 'fuzz', paused: true },
    'bulk.cancel': { jobId: 'fuzz' },
    'audit.list': { connection: conn.name, module },
    'audit.undo': { connection: conn.name, entry: 1 },
  };
}

/** Lone surrogates replaced, so the name can be percent-encoded. */
const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

const STACK = /\n\s+at |\bat [\w.<>]+ \(|node:internal|\.ts:\d+:\d+|\.js:\d+:\d+|node_modules/;

it(
  `answers ${RUNS} hostile calls over every channel with typed errors only`,
  async () => {
    expect(channels.length).toBe(Object.keys(contract).length);
    const base = await templates();
    const secrets = workspaceSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    const f = new Fuzzer(rng(SEED));

    // Generated up front, so the run is the same whatever order the answers come back in.
    const calls: { path: string; body: string }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const channel = f.pick(channels);
      const roll = f.int(100);
      let path = `/rpc/${channel}`;
      let body: string;
      if (roll < 5) {
        const name = f.pick(['__proto__', 'constructor', 'toString', '', '..', 'app.info/x', f.string().slice(0, 200)]);
        path = f.chance(0.2) ? `/rpc/app%E0%A4%A${f.int(9)}` : `/rpc/${encodeURIComponent(wellFormed(name))}`;
        body = '{}';
      } else if (roll < 15) {
        body = rawBodies(f);
      } else if (roll < 35) {
        body = JSON.stringify(f.value());
      } else if (roll < 40) {
        body = JSON.stringify(base[channel]);
      } else {
        body = JSON.stringify(f.mutate(base[channel]));
      }
      calls.push({ path, body });
    }

    const statuses = new Map<string, number>();
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const { path, body } = calls[next++]!;
        let res: { status: number; body: string };
        try {
          res = await post(path, body);
        } catch (err) {
          failures.push(`no answer (${String(err)}): ${path} ${body.length} bytes ${body.slice(0, 120)}`);
          continue;
        }
        const what = `${path} ${body.slice(0, 120)} -> ${res.status} ${res.body.slice(0, 300)}`;
        let kind = 'unparsed';
        try {
          const env = envelopeSchema.parse(JSON.parse(res.body));
          kind = env.ok ? 'ok' : env.error.kind;
        } catch {
          failures.push(`not an envelope: ${what}`);
        }
        statuses.set(`${res.status} ${kind}`, (statuses.get(`${res.status} ${kind}`) ?? 0) + 1);
        if (res.status >= 500) failures.push(`5xx: ${what}`);
        if (kind === 'internal') failures.push(`internal error: ${what}`);
        if (STACK.test(res.body)) failures.push(`stack text: ${what}`);
        for (const s of secrets) if (res.body.includes(s)) failures.push(`secret in answer: ${what}`);
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const seconds = (Date.now() - started) / 1000;

    // The figures SECURITY.md quotes.
    const summary = [...statuses].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`);
    process.stdout.write(`fuzz: ${RUNS} calls, seed ${SEED}, ${seconds.toFixed(1)} s; ${summary.join(', ')}\n`);

    expect(failures.slice(0, 20)).toEqual([]);
    expect(app.exitCode).toBeNull();
    const after = await post('/rpc/app.info', '{}');
    expect(JSON.parse(after.body)).toMatchObject({ ok: true, value: { transport: 'browser' } });
    expect(STACK.test(hostLog)).toBe(false);
    for (const s of secrets) expect(hostLog.includes(s)).toBe(false);
  },
  60_000 + RUNS * 40,
);
