import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startWorkspace } from '../sim/workspace.ts';
import { connectionFromEntry } from '../src/main/demo.ts';
import { secretEnvName } from '../src/main/credentials/env.ts';
import { openConnectionStore } from '../src/main/store/index.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.ts';
import { benchConnection, mirrorOf } from './mirror-data.ts';

export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  longest: number;
  /** Long animation frames (over 50 ms) the browser reported meanwhile. */
  longFrames: number;
}

/** One cold start, in ms from the host process's spawn (medians over the tries). */
export interface ColdStart {
  /** The first rows painted: the mirror's preview or the grid's, whichever shows first. */
  rowsMs: number;
  /** The grid's own rows painted (sortable, filterable). */
  gridMs: number;
  /** The host process printed its address (Node started, the core and stores opened). */
  hostReadyMs: number;
  /** The page's DOMContentLoaded: the launch page, the renderer bundle fetched and run. */
  domReadyMs: number;
  /** The first call the renderer made (the app mounted and asked for something). */
  firstCallMs: number;
  /** The calls made until the rows were painted, in the median run: channel, start and end (ms from spawn). */
  calls: { channel: string; start: number; end: number }[];
}

export interface UiFigures {
  rows: number;
  /** Cold start from the mirror: the one connection is offline, its mirror holds `rows` records. */
  fromMirror: ColdStart;
  /** Cold start from a vendor: one online connection to a SpotlerCRM simulator, no mirror. */
  fromVendor: ColdStart;
  vendorRecords: number;
  /** Request to rows painted, in ms, best of `tries` and the median. */
  pages: { label: string; best: number; median: number }[];
  scroll: FrameStats;
  paging: FrameStats;
  /** The 1-minute load average when the part ended (the machine is shared). */
  load: number;
}

/**
 * The data folder the host opens: one connection whose mirror holds `rows` records of Accounts, switched
 * offline so the grid reads the mirror; its address is a closed port, so nothing reaches a vendor.
 */
function prepareDataDir(dataDir: string, rows: number): string {
  const file = join(dataDir, 'connections.json');
  // `--data` could name a real data folder by mistake: never replace connections the bench did not write.
  if (existsSync(file)) {
    const present = (JSON.parse(readFileSync(file, 'utf8')) as { connections?: { name?: unknown }[] }).connections;
    if ((present ?? []).some((c) => typeof c.name !== 'string' || !c.name.startsWith('bench-'))) {
      throw new Error(`${file} holds connections other than the bench's: use another --data folder`);
    }
  }
  const store = openConnectionStore(mirrorOf(dataDir, rows).file);
  store.mirror.setOffline(true);
  store.close();
  const name = benchConnection(rows);
  const connections = {
    version: 1,
    connections: [
      { name, vendor: 'spotler', url: 'http://127.0.0.1:9', settings: {}, secretNames: [], rateLimit: false },
    ],
  };
  writeFileSync(file, JSON.stringify(connections, null, 2), { mode: 0o600 });
  return name;
}

interface Host {
  child: ChildProcess;
  url: string;
  origin: string;
  token: string;
}

/** The built browser host, as `npm start` runs it. */
async function startHost(root: string, dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Host> {
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', join(root, 'out/main/host.js'), '--json'],
    { cwd: root, env: { ...process.env, ...env, CRM_HOME: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the host exited early (code ${code})`)));
  });
  const parsed = JSON.parse(line) as { url: string; origin: string; token: string };
  return { child, url: parsed.url, origin: parsed.origin, token: parsed.token };
}

async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** In the page: helpers that time an action until new rows are in the DOM and a frame has run. */
const PAGE_HELPERS = `
window.__bench = {
  rows() {
    return [...document.querySelectorAll('[data-testid=grid] [role=row]')]
      .filter((r) => r.closest('[role=rowgroup]'))
      .map((r) => r.textContent).join('\\n');
  },
  async timed(act) {
    const before = this.rows();
    const t0 = performance.now();
    act();
    await new Promise((resolve) => {
      const check = () => { const now = this.rows(); if (now !== '' && now !== before) { mo.disconnect(); resolve(); } };
      const mo = new MutationObserver(check);
      mo.observe(document.body, { subtree: true, childList: true, characterData: true });
      check();
    });
    await new Promise((r) => requestAnimationFrame(() => r()));
    return performance.now() - t0;
  },
  async frames(drive) {
    const deltas = [];
    let long = 0;
    const po = new PerformanceObserver((list) => { long += list.getEntries().length; });
    try { po.observe({ type: 'long-animation-frame', buffered: false }); } catch {}
    let last = performance.now();
    let running = true;
    const tick = (t) => { deltas.push(t - last); last = t; if (running) requestAnimationFrame(tick); };
    requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
    await drive();
    running = false;
    await new Promise((r) => setTimeout(r, 50));
    po.disconnect();
    return { deltas, long };
  },
};
`;

function stats(deltas: number[], longFrames: number): FrameStats {
  const s = [...deltas].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { frames: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), longest: s.at(-1) ?? 0, longFrames };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function timedClick(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    (sel) =>
      (window as unknown as { __bench: { timed(act: () => void): Promise<number> } }).__bench.timed(() =>
        (document.querySelector(sel) as HTMLElement).click(),
      ),
    selector,
  );
}

async function timedSelect(page: Page, selector: string, value: string): Promise<number> {
  return page.evaluate(
    ([sel, v]) =>
      (window as unknown as { __bench: { timed(act: () => void): Promise<number> } }).__bench.timed(() => {
        const el = document.querySelector(sel as string) as HTMLSelectElement;
        el.value = v as string;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }),
    [selector, value],
  );
}

const GRID_ROWS = '[data-testid=grid] [role=rowgroup] [role=row]';
const PREVIEW_ROWS = '[data-testid=mirror-preview] tbody tr';

type Place = { view: string; connection: string; module: string; record: null; cloneOf: null };

async function contextAt(browser: Browser, place: Place): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(({ place: p }) => localStorage.setItem('crm-desk:place', JSON.stringify(p)), {
    place,
  });
  return context;
}

/** What the page knows of its own start: its clock's origin, DOMContentLoaded and the calls it made. */
interface PageTimes {
  origin: number;
  domReady: number;
  calls: { name: string; start: number; end: number }[];
}

/**
 * Starts the host `tries` times on `dataDir`, each time opening a fresh page on the last-opened module,
 * until its first rows are painted. Every host but the last is stopped; the last is returned running.
 */
async function coldStarts(
  browser: Browser,
  root: string,
  dataDir: string,
  place: Place,
  tries: number,
  env: NodeJS.ProcessEnv = {},
): Promise<{ figures: ColdStart; host: Host }> {
  const runs: ColdStart[] = [];
  let host: Host | null = null;
  for (let i = 0; i < tries; i++) {
    const context = await contextAt(browser, place);
    const page = await context.newPage();
    const t0 = performance.now();
    const started = await startHost(root, dataDir, env);
    const hostReadyMs = performance.now() - t0;
    await page.goto(started.url);
    // The first rows the window shows: the mirror's preview (shown while the module's fields load) or the grid's.
    await page.locator(`${GRID_ROWS}, ${PREVIEW_ROWS}`).first().waitFor({ timeout: 120_000 });
    await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => r())));
    const rowsMs = performance.now() - t0;
    await page.locator(GRID_ROWS).first().waitFor({ timeout: 120_000 });
    await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => r())));
    const gridMs = performance.now() - t0;
    const times = await page.evaluate((): PageTimes => {
      const perf = window.performance;
      const nav = perf.getEntriesByType('navigation').at(-1) as PerformanceNavigationTiming | undefined;
      return {
        origin: perf.timeOrigin,
        domReady: nav?.domContentLoadedEventEnd ?? 0,
        calls: (perf.getEntriesByType('resource') as PerformanceResourceTiming[])
          .filter((e) => new URL(e.name).pathname.startsWith('/rpc/'))
          .map((e) => ({ name: new URL(e.name).pathname.slice(5), start: e.startTime, end: e.responseEnd })),
      };
    });
    // The page's clock starts at its navigation; this process's at its own start: both are wall-clock based.
    const shift = times.origin - (performance.timeOrigin + t0);
    const calls = times.calls.map((c) => ({ channel: c.name, start: c.start + shift, end: c.end + shift }));
    runs.push({
      rowsMs,
      gridMs,
      hostReadyMs,
      domReadyMs: times.domReady + shift,
      firstCallMs: calls[0]?.start ?? rowsMs,
      calls,
    });
    await context.close();
    if (i < tries - 1) await stopHost(started.child);
    else host = started;
  }
  if (!host) throw new Error('no host');
  const byRows = [...runs].sort((a, b) => a.rowsMs - b.rowsMs);
  const mid = byRows[Math.floor(byRows.length / 2)]!;
  const med = (pick: (c: ColdStart) => number) => median(runs.map(pick));
  return {
    figures: {
      rowsMs: med((c) => c.rowsMs),
      gridMs: med((c) => c.gridMs),
      hostReadyMs: med((c) => c.hostReadyMs),
      domReadyMs: med((c) => c.domReadyMs),
      firstCallMs: med((c) => c.firstCallMs),
      calls: mid.calls,
    },
    host,
  };
}

/** Cold starts on a data folder whose one connection reaches a SpotlerCRM simulator (no mirror). */
async function vendorColdStarts(
  browser: Browser,
  root: string,
  dataDir: string,
  records: number,
  tries: number,
): Promise<ColdStart> {
  const ws = await startWorkspace({ only: ['spotler'], records, seed: 'bench', limits: 'off' });
  try {
    const name = 'bench-vendor';
    const entry = connectionFromEntry('spotler', ws.line.spotler as Record<string, unknown>);
    mkdirSync(dataDir, { recursive: true });
    const connections = {
      version: 1,
      connections: [
        {
          name,
          vendor: 'spotler',
          url: entry.url,
          settings: entry.settings,
          secretNames: Object.keys(entry.secrets),
          rateLimit: false,
        },
      ],
    };
    writeFileSync(join(dataDir, 'connections.json'), JSON.stringify(connections, null, 2), { mode: 0o600 });
    // The simulator's secret through the environment (docs/cli.md, "Secrets"): no keychain needed.
    const env = { [secretEnvName(name)]: JSON.stringify(entry.secrets) };
    const place = { view: 'module', connection: name, module: 'accounts', record: null, cloneOf: null };
    const { figures, host } = await coldStarts(browser, root, dataDir, place, tries, env);
    await stopHost(host.child);
    return figures;
  } finally {
    await ws.close();
  }
}

/**
 * Runs the UI part against `rows` records: the host started `tries` times cold from the mirror (and
 * from a vendor), then page changes, scrolling and paging on one page.
 */
export async function uiFigures(root: string, dataDir: string, rows: number, tries = 5): Promise<UiFigures> {
  if (!existsSync(join(root, 'out/renderer/index.html')) || !existsSync(join(root, 'out/main/host.js'))) {
    throw new Error('the app is not built: run "npx electron-vite build" first');
  }
  const connection = prepareDataDir(dataDir, rows);
  const place = { view: 'module', connection, module: 'Accounts', record: null, cloneOf: null };
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const vendorRecords = 1000;
  let host: Host | null = null;
  try {
    // Cold start: the app (host process, mirror opened) started to the last-opened module's rows painted.
    const mirror = await coldStarts(browser, root, dataDir, place, tries);
    host = mirror.host;
    const fromVendor = await vendorColdStarts(browser, root, join(dataDir, 'vendor-start'), vendorRecords, tries);

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(({ place: p }) => localStorage.setItem('crm-desk:place', JSON.stringify(p)), {
      place,
    });
    await context.addInitScript(PAGE_HELPERS);
    const page = await context.newPage();
    const launch = await launchUrl(host);
    await page.goto(launch);
    await page.locator(GRID_ROWS).first().waitFor({ timeout: 120_000 });

    const pages: UiFigures['pages'] = [];
    const measure = async (label: string, act: () => Promise<number>, reset: () => Promise<number>) => {
      const times: number[] = [];
      for (let i = 0; i < tries; i++) {
        times.push(await act());
        await reset();
      }
      pages.push({ label, best: Math.min(...times), median: median(times) });
    };
    await measure(
      'next page (page 2)',
      () => timedClick(page, 'button[aria-label="Next page"]'),
      () => timedClick(page, 'button[aria-label="First page"]'),
    );
    await measure(
      `last page (page ${Math.ceil(rows / 50).toLocaleString('en')})`,
      () => timedClick(page, 'button[aria-label="Last page"]'),
      () => timedClick(page, 'button[aria-label="First page"]'),
    );
    await measure(
      'sorted by name',
      () => timedClick(page, '[role=columnheader] button.sort-button'),
      async () => {
        // asc → desc → unsorted: two more clicks back to the unsorted first page.
        await timedClick(page, '[role=columnheader] button.sort-button');
        return timedClick(page, '[role=columnheader] button.sort-button');
      },
    );
    await measure(
      'filtered: active = yes (1 in 2)',
      () => timedSelect(page, 'select[aria-label="Filter active"]', 'true'),
      () => timedSelect(page, 'select[aria-label="Filter active"]', ''),
    );

    // Scrolling through a page of 500 rows, then paging through pages of 500.
    await page.evaluate(() => {
      const select = [...document.querySelectorAll('[data-testid=pager] select')][0] as HTMLSelectElement;
      select.value = '500';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitForFunction(
      () => document.querySelector('[data-testid=page-info]')?.textContent?.includes('rows 1–500') ?? false,
    );
    type Frames = { deltas: number[]; long: number };
    const scroll = await page.evaluate(() =>
      (window as unknown as { __bench: { frames(d: () => Promise<void>): Promise<Frames> } }).__bench.frames(
        async () => {
          const wrap = document.querySelector('[data-testid=grid]') as HTMLElement;
          const scroller =
            [wrap, ...wrap.querySelectorAll<HTMLElement>('*')].find((e) => e.scrollHeight > e.clientHeight + 10) ??
            wrap;
          for (let pass = 0; pass < 2; pass++) {
            scroller.scrollTop = 0;
            while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
              scroller.scrollTop += 120;
              await new Promise((r) => requestAnimationFrame(() => r(null)));
            }
          }
        },
      ),
    );
    const paging = await page.evaluate(() =>
      (
        window as unknown as {
          __bench: { frames(d: () => Promise<void>): Promise<Frames>; timed(a: () => void): Promise<number> };
        }
      ).__bench.frames(async () => {
        const b = (window as unknown as { __bench: { timed(a: () => void): Promise<number> } }).__bench;
        for (let i = 0; i < 10; i++) {
          await b.timed(() => (document.querySelector('button[aria-label="Next page"]') as HTMLElement).click());
        }
      }),
    );
    await context.close();
    return {
      rows,
      fromMirror: mirror.figures,
      fromVendor,
      vendorRecords,
      pages,
      scroll: stats(scroll.deltas, scroll.long),
      paging: stats(paging.deltas, paging.long),
      load: loadavg()[0] ?? 0,
    };
  } finally {
    await browser.close();
    if (host) await stopHost(host.child);
  }
}

/** A fresh one-time launch address (the first one went to the cold start's page). */
async function launchUrl(host: Host): Promise<string> {
  const res = await fetch(`${host.origin}/session/launch`, { method: 'POST', headers: { 'x-crm-token': host.token } });
  if (!res.ok) throw new Error(`launch: ${res.status}`);
  return ((await res.json()) as { value: { url: string } }).value.url;
}
