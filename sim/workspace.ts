import { createServer, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serveSimulator, type Fault, type RunningSim, type Simulator } from './common/server.ts';
import { createSimplySim } from './simply/index.ts';
import { createSimplicateSim } from './simplicate/index.ts';
import { createSmartSimpleSim } from './smartsimple/index.ts';
import { createSarvSim } from './sarv/index.ts';
import { createSpotlerSim } from './spotler/index.ts';

export interface SimOptions {
  /** Records per module (default 200). */
  records: number;
  seed: string;
  /** `real`: the vendors' documented rate limits; `off`: none, for fast test runs. */
  limits: 'real' | 'off';
}

export type SimFactory = (opts: SimOptions) => Simulator;

export const simFactories = {
  simply: createSimplySim,
  simplicate: createSimplicateSim,
  smartsimple: createSmartSimpleSim,
  sarv: createSarvSim,
  spotler: createSpotlerSim,
} satisfies Record<string, SimFactory>;
export type SimVendor = keyof typeof simFactories;
export const simVendors = Object.keys(simFactories) as SimVendor[];

export interface Workspace {
  /** The `npm run sim` JSON line: per vendor `{baseUrl, ...credentials}`, plus `control`. */
  line: Record<string, unknown> & { control: { url: string; token: string } };
  sims: Partial<Record<SimVendor, RunningSim>>;
  close(): Promise<void>;
}

/**
 * Starts the chosen simulators on ephemeral ports plus one token-guarded control endpoint:
 *   POST   {control}/{vendor}/fault     body Fault          queue a fault for the next request(s)
 *   POST   {control}/{vendor}/offline | /online             drop every connection / serve again
 *   POST   {control}/{vendor}/reset                          back to the seeded data, faults cleared
 *   POST   {control}/{vendor}/expire                         invalidate every session or token
 *   GET    {control}/{vendor}/stats                          {requests}
 *   GET    {control}/{vendor}/log                            {requests: [{method, path, status}]} (last 10000)
 *   GET    {control}/{vendor}/records/{module}/{id}          raw stored record (vendor field names)
 *   POST   {control}/{vendor}/records/{module}               create as "someone else" -> {id}
 *   PATCH  {control}/{vendor}/records/{module}/{id}          change as "someone else"
 *   DELETE {control}/{vendor}/records/{module}/{id}          delete as "someone else"
 * Module ids may contain '/', so the id is the last path segment and the module everything before it.
 * Every call needs `Authorization: Bearer <token>`.
 */
export async function startWorkspace(
  opts: Partial<SimOptions> & { only?: readonly SimVendor[] } = {},
): Promise<Workspace> {
  const options: SimOptions = {
    records: opts.records ?? 200,
    seed: opts.seed ?? 'demo',
    limits: opts.limits ?? 'real',
  };
  const chosen = opts.only?.length ? opts.only : simVendors;
  const sims: Partial<Record<SimVendor, RunningSim>> = {};
  for (const v of chosen) sims[v] = await serveSimulator(simFactories[v](options));

  const token = randomBytes(24).toString('hex');
  const control = createControlServer(sims, token);
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;

  const line: Workspace['line'] = { control: { url: controlUrl, token } };
  for (const v of chosen) {
    const s = sims[v];
    if (s) line[v] = { baseUrl: s.baseUrl, ...s.sim.credentials() };
  }
  return {
    line,
    sims,
    async close() {
      await Promise.all(Object.values(sims).map((s) => s.close()));
      await new Promise<void>((resolve) => control.close(() => resolve()));
    },
  };
}

function createControlServer(sims: Partial<Record<SimVendor, RunningSim>>, token: string): Server {
  const expected = Buffer.from(`Bearer ${token}`);
  return createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const auth = Buffer.from(String(req.headers.authorization ?? ''));
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) return reply(401, { error: 'bad token' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        body = text ? JSON.parse(text) : {};
      } catch {
        return reply(400, { error: 'body is not JSON' });
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const vendor = parts[0] as SimVendor | undefined;
      const run = vendor ? sims[vendor] : undefined;
      if (!run) return reply(404, { error: 'unknown vendor' });
      const action = parts[1];
      const method = req.method ?? 'GET';
      try {
        if (action === 'fault' && method === 'POST') {
          run.faults.add(body as Fault);
          return reply(200, { ok: true, pending: run.faults.pending });
        }
        if (action === 'offline' && method === 'POST') return (run.setOffline(true), reply(200, { ok: true }));
        if (action === 'online' && method === 'POST') return (run.setOffline(false), reply(200, { ok: true }));
        if (action === 'expire' && method === 'POST') return (run.sim.expireSessions(), reply(200, { ok: true }));
        if (action === 'reset' && method === 'POST') {
          run.faults.clear();
          run.setOffline(false);
          run.sim.reset();
          return reply(200, { ok: true });
        }
        if (action === 'stats' && method === 'GET') return reply(200, { requests: run.requestCount() });
        if (action === 'log' && method === 'GET') return reply(200, { requests: run.requestLog() });
        if (action === 'records') {
          const rest = parts.slice(2);
          const fields = (body ?? {}) as Record<string, unknown>;
          if (method === 'POST') return reply(200, { id: run.sim.records.create(rest.join('/'), fields) });
          const id = rest.pop() ?? '';
          const module = rest.join('/');
          if (method === 'GET') {
            const rec = run.sim.records.get(module, id);
            return rec ? reply(200, rec) : reply(404, { error: 'no such record' });
          }
          if (method === 'PATCH') return reply(run.sim.records.update(module, id, fields) ? 200 : 404, {});
          if (method === 'DELETE') return reply(run.sim.records.remove(module, id) ? 200 : 404, {});
        }
        return reply(404, { error: 'unknown control call' });
      } catch (err) {
        return reply(400, { error: err instanceof Error ? err.message : String(err) });
      }
    });
  });
}
