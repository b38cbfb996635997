import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCore } from '../app.ts';
import { resolveDataDir } from '../services/paths.ts';
import { openChromiumWindow, type ChromiumWindow } from './chromium.ts';
import { startBrowserHost } from './server.ts';

/**
 * The app without Electron: the same core (services, router, demo workspace) served to Chromium by the
 * browser host. `npm start` runs this where the Electron binary is absent. With `--json` it prints one
 * JSON line ({url, origin, token, demo}) for tests, including the demo simulators' control endpoint;
 * `--open` opens a Chromium window and stops it (and removes its profile) when the app stops.
 */
const { values } = parseArgs({
  options: {
    renderer: { type: 'string', default: 'out/renderer' },
    port: { type: 'string', default: '0' },
    open: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const rendererDir = resolve(values.renderer);
if (!existsSync(join(rendererDir, 'index.html'))) {
  process.stderr.write(`The renderer is not built (${rendererDir}/index.html missing): run "npm run build".\n`);
  process.exit(1);
}
// Built (out/main/host.js, electron.vite.config.ts), the background worker is its own built file beside
// this one; run from the TypeScript sources, the worker's default (its source) applies.
const built = import.meta.url.endsWith('.js');
const core = await startCore({
  dataDir: resolveDataDir(),
  transport: 'browser',
  version: process.env['npm_package_version'] ?? '0.0.0',
  ...(built ? { workerUrl: new URL('./job-thread.js', import.meta.url) } : {}),
});
const host = await startBrowserHost({ dispatch: core.dispatch, rendererDir, port: Number(values.port) });

// The token never goes to stdout (a terminal's scrollback, a log) unless a test asks with --json; the
// addresses printed hold one-time launch codes.
if (values.json) {
  const line = { url: host.launch().url, origin: host.origin, token: host.token, demo: core.demo?.line ?? null };
  process.stdout.write(JSON.stringify(line) + '\n');
} else {
  process.stdout.write(
    `CRM Desk is running in browser mode (no Electron binary on this machine).\n` +
      (values.open && process.env['DISPLAY'] ? '' : `Open (this address works once): ${host.launch().url}\n`) +
      (core.demo ? 'No connections are configured: showing the demo workspace (local vendor simulators).\n' : '') +
      'Press Ctrl+C to stop.\n',
  );
}

let chromium: ChromiumWindow | null = null;
if (values.open) {
  if (process.env['DISPLAY']) {
    const { url, redeemed } = host.launch();
    chromium = openChromiumWindow({
      launchUrl: url,
      redeemed,
      onExit: () => void shutdown(),
      onError: () => {
        chromium = null;
        process.stderr.write(`Could not start chromium; open this address yourself (once): ${host.launch().url}\n`);
      },
    });
  } else {
    process.stdout.write('No display: open the address above in a browser on this machine.\n');
  }
}

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  // The window first: left running, it would show an app whose host is gone. Each step runs even when
  // one before it failed, so a stop always closes what it can.
  const steps: [string, () => Promise<unknown> | undefined][] = [
    ['the window', () => chromium?.close()],
    ['the host', () => host.close()],
    ['the services', () => core.close()],
  ];
  let failed = false;
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (err) {
      failed = true;
      process.stderr.write(`Stopping ${what} failed: ${(err as Error).message}\n`);
    }
  }
  process.exit(failed ? 1 : 0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown());
