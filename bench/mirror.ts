import { request } from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserHost } from '../src/main/host/server.ts';
import { createRouter } from '../src/main/router.ts';
import { createOfflineRecords } from '../src/main/services/mirror/offline-records.ts';
import { StoreRegistry } from '../src/main/store/index.ts';
import type { ListQuery } from '../src/shared/query.ts';
import { handlers } from '../test/helpers/handlers.ts';
import { benchConnection, mirrorOf } from './mirror-data.ts';

const PAGE = 50;
const RUNS = 5;

interface Case {
  label: string;
  query: (rows: number) => Omit<ListQuery, 'pageSize'>;
}

/** The deepest of page 10,000 and the last page (100,000 records have 2,000 pages of 50). */
const deep = (rows: number) => Math.min(10_000, Math.ceil(rows / PAGE));

const cases: Case[] = [
  { label: 'first page', query: () => ({ page: 1, filters: [] }) },
  { label: 'page 10,000 (or the last)', query: (n) => ({ page: deep(n), filters: [] }) },
  { label: 'sorted by name, A→Z', query: () => ({ page: 1, filters: [], sort: { field: 'name', desc: false } }) },
  { label: 'sorted by name, Z→A', query: () => ({ page: 1, filters: [], sort: { field: 'name', desc: true } }) },
  {
    label: 'sorted by name, page 10,000 (or the last)',
    query: (n) => ({ page: deep(n), filters: [], sort: { field: 'name', desc: false } }),
  },
  {
    label: 'name contains "zür" (2 in 3 match)',
    query: () => ({ page: 1, filters: [{ field: 'name', op: 'contains', value: 'zür' }] }),
  },
  {
    label: 'name contains "zü" (2 characters: no trigram)',
    query: () => ({ page: 1, filters: [{ field: 'name', op: 'contains', value: 'zü' }] }),
  },
  {
    label: 'name contains "account 4242," (few match)',
    query: () => ({ page: 1, filters: [{ field: 'name', op: 'contains', value: 'account 4242,' }] }),
  },
  { label: 'city = köln (1 in 4)', query: () => ({ page: 1, filters: [{ field: 'city', op: '=', value: 'köln' }] }) },
  {
    label: 'employees 100 to 119 (range)',
    query: () => ({
      page: 1,
      filters: [
        { field: 'employees', op: '>=', value: '100' },
        { field: 'employees', op: '<', value: '120' },
      ],
    }),
  },
  {
    label: 'city in (gent, utrecht) (1 in 2)',
    query: () => ({ page: 1, filters: [{ field: 'city', op: 'in', value: ['gent', 'utrecht'] }] }),
  },
  { label: 'search "zurich" (2 in 3 match)', query: () => ({ page: 1, filters: [], search: 'zurich' }) },
  { label: 'search "info4242" (1 match)', query: () => ({ page: 1, filters: [], search: 'info4242' }) },
];

export interface MirrorFigures {
  rows: number;
  fillMs: number;
  /** The first sorted page, which creates the index on the name column. */
  firstSortMs: number;
  /** The first page filtered with `contains` on the name: creates its trigram index, empty, and reads the column. */
  firstContainsMs: number;
  /** The trigram index's fill, a slice at a time between other work, from start to ready. */
  trigramFillMs: number;
  /** The longest the event loop was held during that fill (its longest slice, as the loop saw it). */
  longestSliceMs: number;
  /** The search across connections' read of one module: 250 candidates, best first (`search "zurich"`). */
  rankedSearchMs: number;
  byCase: { label: string; mainMs: number; httpMs: number; total: number }[];
}

/** Offline pages from the mirror, in the main process and through the browser host's HTTP call. */
export async function mirrorPages(dataDir: string, sizes: readonly number[]): Promise<MirrorFigures[]> {
  const out: MirrorFigures[] = [];
  for (const rows of sizes) {
    const { fillMs } = mirrorOf(dataDir, rows);
    const stores = new StoreRegistry(dataDir);
    const offline = createOfflineRecords(stores);
    const connection = benchConnection(rows);
    writeFileSync(join(dataDir, 'index.html'), '<!doctype html><title>bench</title>');
    const host = await startBrowserHost({
      dispatch: createRouter(
        handlers({
          'records.list': async (input) => offline.list(input.connection, input.module, input.query),
        }),
      ),
      rendererDir: dataDir,
    });
    try {
      const list = (q: ListQuery) => offline.list(connection, 'Accounts', q);
      const t0 = performance.now();
      await list({ page: 1, pageSize: PAGE, filters: [], sort: { field: 'name', desc: false } });
      const firstSortMs = performance.now() - t0;
      const t1 = performance.now();
      await list({ page: 1, pageSize: PAGE, filters: [{ field: 'name', op: 'contains', value: 'account 1,' }] });
      const firstContainsMs = performance.now() - t1;
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      const t2 = performance.now();
      await stores.get(connection).mirror.trigramFills();
      const trigramFillMs = performance.now() - t2;
      loop.disable();
      const longestSliceMs = loop.max / 1e6;
      const byCase: MirrorFigures['byCase'] = [];
      for (const c of cases) {
        const q = { ...c.query(rows), pageSize: PAGE };
        const first = await list(q); // warm: indexes, statement cache, page cache
        const mainMs = await best(() => list(q));
        const body = JSON.stringify({ connection, module: 'Accounts', query: q, offline: true });
        const http = () =>
          post(host.port, '/rpc/records.list', body, { 'x-crm-token': host.token, Origin: host.origin });
        await http();
        const httpMs = await best(http);
        byCase.push({ label: c.label, mainMs, httpMs, total: first.total ?? 0 });
      }
      await offline.search?.(connection, 'Accounts', 'zurich', 250);
      const rankedSearchMs = await best(async () => offline.search?.(connection, 'Accounts', 'zurich', 250));
      out.push({ rows, fillMs, firstSortMs, firstContainsMs, trigramFillMs, longestSliceMs, rankedSearchMs, byCase });
    } finally {
      await host.close();
      stores.closeAll();
    }
  }
  return out;
}

/**
 * One call on a fresh connection (no keep-alive: a page timed in the main process between two calls
 * can outlast the server's keep-alive and reset a reused socket).
 */
function post(port: number, path: string, body: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const answer = JSON.parse(text) as { ok: boolean };
          if (answer.ok) resolve();
          else reject(new Error(`the host refused the call: ${text.slice(0, 200)}`));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The fastest of a few runs: on a shared machine the fastest is the least disturbed. */
async function best(fn: () => Promise<unknown>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}
