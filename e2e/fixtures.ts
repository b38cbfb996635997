import { test as base, expect, _electron, type ElectronApplication, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { assertNoDemoSecrets } from './secret-sweep.ts';

/** The demo simulators' JSON line (as `npm run sim` prints it) with their control endpoint. */
export interface SimLine {
  control: { url: string; token: string };
  [vendor: string]: unknown;
}

export interface AppProcess {
  /** A one-time launch address (the first page that opens it gets the session). */
  url: string;
  origin: string;
  /** The browser host's per-launch token (printed with --json only); mints fresh launch addresses. */
  token: string;
  sim: SimLine;
  dataDir: string;
  /** Set when the project runs the real Electron app (where its binary is installed). */
  electron?: ElectronApplication;
}

const demoEnv = (dataDir: string) => ({ CRM_HOME: dataDir, CRM_DEMO_LIMITS: 'off', CRM_DEMO_RECORDS: '120' });

/**
 * Starts the app as `npm start` does where Electron is absent (built browser host + demo workspace), in a
 * fresh data folder, once per worker. Simulator rate limits are off so the run stays fast.
 */
async function startApp(): Promise<{ app: AppProcess; child: ChildProcess; stderr: () => string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-e2e-'));
  // The built host, as `npm start` runs it (`npx electron-vite build` first, as for the renderer).
  if (!existsSync('out/main/host.js')) throw new Error('out/main/host.js is missing: run "npx electron-vite build"');
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'out/main/host.js', '--json'], {
    env: { ...process.env, ...demoEnv(dataDir) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Passed through, and kept for the secrets sweep at the end.
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    process.stderr.write(c);
    stderr += c.toString('utf8');
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the app exited early (code ${code})`)));
  });
  const parsed = JSON.parse(line) as { url: string; origin: string; token: string; demo: SimLine };
  return {
    app: { url: parsed.url, origin: parsed.origin, token: parsed.token, sim: parsed.demo, dataDir },
    child,
    stderr: () => stderr,
  };
}

/** The real desktop app (built main process), for the `electron` project. */
async function startElectron(): Promise<AppProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-e2e-electron-'));
  const lineFile = join(dataDir, 'demo-line.json');
  const electron = await _electron.launch({
    args: [join(process.cwd(), 'out/main/index.js')],
    env: { ...process.env, ...demoEnv(dataDir), CRM_DEMO_LINE_FILE: lineFile },
  });
  for (let i = 0; i < 300 && !existsSync(lineFile); i++) await new Promise((r) => setTimeout(r, 100));
  const sim = JSON.parse(readFileSync(lineFile, 'utf8')) as SimLine;
  rmSync(lineFile); // it holds the demo secrets: the data folder must not (secrets sweep)
  return { url: '', origin: '', token: '', sim, dataDir, electron };
}

export const test = base.extend<{ sim: SimLine; appPage: Page }, { app: AppProcess }>({
  app: [
    async ({}, use, workerInfo) => {
      if ((workerInfo.project.metadata as { transport?: string } | undefined)?.transport === 'electron') {
        const app = await startElectron();
        await use(app);
        await app.electron?.close();
        try {
          assertNoDemoSecrets(app.sim, app.dataDir, {});
        } finally {
          rmSync(app.dataDir, { recursive: true, force: true });
        }
        return;
      }
      const { app, child, stderr } = await startApp();
      await use(app);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      try {
        assertNoDemoSecrets(app.sim, app.dataDir, { 'the app stderr': stderr() });
      } finally {
        rmSync(app.dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker' },
  ],
  sim: async ({ app }, use) => use(app.sim),
  /** A page opened on the app: the browser host's (on a fresh one-time launch address, as `npm start`
   * opens it) or the Electron window, reloaded so every test starts from the first screen. */
  appPage: async ({ page, app }, use) => {
    if (app.electron) {
      const win = await app.electron.firstWindow();
      await win.reload();
      await use(win);
      return;
    }
    await page.goto(await launchUrl(app));
    await use(page);
  },
});

/** A fresh one-time launch address of the browser host. */
export async function launchUrl(app: AppProcess): Promise<string> {
  const res = await fetch(`${app.origin}/session/launch`, { method: 'POST', headers: { 'x-crm-token': app.token } });
  if (!res.ok) throw new Error(`launch: ${res.status}`);
  return ((await res.json()) as { value: { url: string } }).value.url;
}

/** Reads a record straight from a simulator (vendor field names), to check what the app really sent. */
export async function simRecord(
  sim: SimLine,
  vendor: string,
  module: string,
  id: string,
): Promise<Record<string, unknown> | null> {
  const res = await fetch(`${sim.control.url}/${vendor}/records/${module}/${encodeURIComponent(id)}`, {
    headers: { Authorization: `Bearer ${sim.control.token}` },
  });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`control: ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

export async function simControl(
  sim: SimLine,
  vendor: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${sim.control.url}/${vendor}/${path}`, {
    method,
    headers: { Authorization: `Bearer ${sim.control.token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** Calls a channel of the app's browser host, as the page does (token header, JSON envelope). */
export async function hostCall<T>(app: AppProcess, channel: string, input: unknown): Promise<T> {
  const res = await fetch(`${app.origin}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'x-crm-token': app.token, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const env = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!env.ok) throw new Error(`${channel}: ${env.error?.message ?? res.status}`);
  return env.value;
}

export { expect };
