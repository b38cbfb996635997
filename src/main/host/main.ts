import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCore } from '../app.ts';
import { resolveDataDir } from '../services/paths.ts';
import { startBrowserHost } from './server.ts';

/**
 * The app without Electron: the same core (services, router, demo workspace) served to Chromium by the
 * browser host. `npm start` runs this where the Electron binary is absent. With `--json` it prints one
 * JSON line ({url, demo}) for tests, including the demo simulators' control endpoint.
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
const core = await startCore({
  dataDir: resolveDataDir(),
  transport: 'browser',
  version: process.env['npm_package_version'] ?? '0.0.0',
});
const host = await startBrowserHost({ dispatch: core.dispatch, rendererDir, port: Number(values.port) });

if (values.json) {
  process.stdout.write(JSON.stringify({ url: host.appUrl, origin: host.origin, demo: core.demo?.line ?? null }) + '\n');
} else {
  process.stdout.write(
    `CRM Desk is running in browser mode (no Electron binary on this machine).\n` +
      `Open: ${host.appUrl}\n` +
      (core.demo ? 'No connections are configured: showing the demo workspace (local vendor simulators).\n' : '') +
      'Press Ctrl+C to stop.\n',
  );
}

if (values.open) {
  if (process.env['DISPLAY']) {
    const profile = mkdtempSync(join(tmpdir(), 'crm-desk-chromium-'));
    const child = spawn(
      'chromium',
      [
        `--app=${host.appUrl}`,
        `--user-data-dir=${profile}`,
        '--window-size=1280,820',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        // Chromium refuses to run as root with its sandbox; --test-type drops the banner that says so.
        ...(process.getuid?.() === 0 ? ['--no-sandbox', '--test-type'] : []),
      ],
      { stdio: 'ignore', detached: false },
    );
    child.on('error', () => process.stderr.write('Could not start chromium; open the address above yourself.\n'));
    child.on('exit', () => void shutdown());
  } else {
    process.stdout.write('No display: open the address above in a browser on this machine.\n');
  }
}

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await host.close();
  await core.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
