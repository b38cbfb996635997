import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The browser host with its real Chromium window (`--open`), on a private X display: the launch code
// never reaches Chromium's command line, the page trades it for the token, and stopping the app
// (SIGTERM, SIGINT) or closing the window stops both and removes the window's profile folder.
// A real Chromium window on a fresh X display sometimes stalls (seen under load and, less often, alone;
// the cause is not found yet): each test may run again, four times at most, with what an attempt
// started stopped first (its assertions stay as they are); scripts/test.sh runs this file on its own.
const slow = { timeout: 90_000, retry: 4 };
const started: ChildProcess[] = [];
let xvfb: ChildProcess;
let display = '';
let renderer = '';
const cleanup: string[] = [];

beforeAll(async () => {
  xvfb = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x900x24'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  display = await new Promise<string>((resolve, reject) => {
    let text = '';
    xvfb.stdio[3]!.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    xvfb.once('exit', () => reject(new Error('Xvfb did not start')));
  });
  // A stand-in renderer: trades the launch code as the real one does and makes one call with the token.
  renderer = mkdtempSync(join(tmpdir(), 'host-window-renderer-'));
  cleanup.push(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>CRM Desk</title><script src="/app.js"></script>');
  writeFileSync(
    join(renderer, 'app.js'),
    `const code = /launch=([^&]+)/.exec(location.hash)[1];
history.replaceState(null, '', '/');
fetch('/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) })
  .then((r) => r.json())
  .then((a) => fetch('/rpc/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-crm-token': a.value.token }, body: '{}' }))
  .then((r) => r.json())
  .then((a) => { document.title = a.ok ? 'called' : 'refused'; });
`,
  );
});

// An attempt that failed or stalled leaves its app and window running: stop them before the next one.
afterEach(() => {
  for (const app of started.splice(0)) {
    if (app.pid === undefined || app.exitCode !== null || app.signalCode !== null) continue;
    for (const pid of descendants(app.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    app.kill('SIGKILL');
  }
});

afterAll(() => {
  xvfb?.kill('SIGKILL');
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function descendants(pid: number): number[] {
  const direct = children(pid);
  return [...direct, ...direct.flatMap(descendants)];
}

const alive = (pid: number) =>
  existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
// A process can end between listing /proc and reading it: it then has no command line.
const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
};

async function until<T>(what: string, get: () => T | undefined | false, ms = 45_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts the app with a window and waits until the page has traded its code and called the host. */
async function startWithWindow() {
  const home = mkdtempSync(join(tmpdir(), 'host-window-home-'));
  cleanup.push(home);
  const app = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', 'src/main/host/main.ts', '--open', '--renderer', renderer],
    { env: { ...process.env, DISPLAY: display, CRM_HOME: home, CRM_DEMO: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  started.push(app);
  let stdout = '';
  app.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  app.stderr!.on('data', () => {});
  const exited = new Promise<number | null>((resolve) => app.once('exit', (code) => resolve(code)));
  const chromium = await until('chromium', () =>
    children(app.pid!).find((p) => cmdline(p).some((a) => a.startsWith('--app='))),
  );
  const args = cmdline(chromium);
  const profile = args.find((a) => a.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length);
  // The window's own processes (renderer, GPU, zygote) once it has loaded the page.
  await until('the launch page to be redeemed', () => !existsSync(join(profile, 'launch.html')));
  return { app, exited, chromium, args, profile, stdout: () => stdout };
}

it('hands the launch code over without argv and stops Chromium on SIGTERM, removing its profile', slow, async () => {
  const w = await startWithWindow();
  expect(w.args.join(' ')).not.toMatch(/launch=|token=|127\.0\.0\.1/);
  expect(w.stdout()).not.toMatch(/launch=|token/);
  const all = [w.chromium, ...descendants(w.chromium)];
  for (const pid of all) expect(cmdline(pid).join(' ')).not.toMatch(/launch=|token=/);

  w.app.kill('SIGTERM');
  expect(await w.exited).toBe(0);
  await until('chromium to stop', () => all.every((pid) => !alive(pid)), 10_000);
  expect(existsSync(w.profile)).toBe(false);
});

it('stops Chromium on SIGINT too', slow, async () => {
  const w = await startWithWindow();
  w.app.kill('SIGINT');
  expect(await w.exited).toBe(0);
  await until('chromium to stop', () => !alive(w.chromium), 10_000);
  expect(existsSync(w.profile)).toBe(false);
});

it('stops the app when its window is closed, removing the profile', slow, async () => {
  const w = await startWithWindow();
  process.kill(w.chromium, 'SIGTERM');
  expect(await w.exited).toBe(0);
  expect(existsSync(w.profile)).toBe(false);
});
