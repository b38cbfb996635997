import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
const root = process.argv[2]!;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run','--disable-quic'] });
const place = { view: 'module', connection: 'bench-1000000', module: 'Accounts', record: null, cloneOf: null };
for (let i = 0; i < Number(process.env.RUNS ?? 1); i++) {
const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
await ctx.addInitScript((p) => localStorage.setItem('crm-desk:place', JSON.stringify(p)), place);
const page = await ctx.newPage();
const t0 = performance.now();
const child = spawn(process.execPath, [...(process.env.HOSTPROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/perfui-hprof'] : []), '--disable-warning=ExperimentalWarning', join(root, 'out/main/host.js'), '--json', '--renderer', join(root, 'out/renderer')], { cwd: root, env: { ...process.env, CRM_HOME: '/tmp/perfui-data' }, stdio: ['ignore', 'pipe', 'inherit'] });
const line = await new Promise<string>((r) => createInterface({ input: child.stdout! }).once('line', r));
const ready = performance.now() - t0;
if (process.env.TRACE) await browser.startTracing(page, { path: `/tmp/perfui-cold.json`, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8', 'loading', 'toplevel'] });
await page.goto(JSON.parse(line).url);
await page.locator('[data-testid=grid] [role=rowgroup] [role=row]').first().waitFor({ timeout: 120000 });
await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => r())));
const rows = performance.now() - t0;
if (process.env.TRACE) await browser.stopTracing();
const shift = (await page.evaluate(() => performance.timeOrigin)) - (performance.timeOrigin + t0);
const entries = await page.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource'), ...performance.getEntriesByType('mark'), ...performance.getEntriesByType('paint')].map((e) => ({ n: e.name.replace(/^https?:\/\/[^/]+/, ''), s: Math.round(e.startTime), e: Math.round((e as PerformanceResourceTiming).responseEnd ?? e.startTime), dcl: Math.round((e as PerformanceNavigationTiming).domContentLoadedEventEnd ?? 0) })));
console.log(`ready ${Math.round(ready)} rows ${Math.round(rows)} shift ${Math.round(shift)}`);
if (process.env.V) for (const e of entries) console.log(`  ${(e.s + shift).toFixed(0).padStart(6)} ${(e.e + shift).toFixed(0).padStart(6)} ${e.n}${e.dcl ? ' dcl ' + Math.round(e.dcl + shift) : ''}`);
await ctx.close(); child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r));
}
await browser.close();
