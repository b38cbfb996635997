import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIsFresh } from './build-freshness.ts';

// `npm start`: build (unless the output is newer than every source), then run the desktop app when the
// Electron binary is installed, or else the browser host with a Chromium window (docs/architecture.md,
// "Build machines": the binary may be absent).
// Never require('electron') to find out: it downloads and prints to stdout.
const root = join(import.meta.dirname, '..');
if (buildIsFresh(root)) {
  process.stdout.write('The build is newer than the sources: starting without building.\n');
} else {
  process.stdout.write('Building…\n');
  const build = spawnSync('electron-vite', ['build'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout}${build.stderr}The build failed.\n`);
    process.exit(build.status ?? 1);
  }
}

const electronDir = join(root, 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : '';

const child =
  binary && existsSync(binary)
    ? (process.stdout.write('Starting CRM Desk in desktop mode (Electron).\n'),
      spawn(binary, ['.'], { cwd: root, stdio: 'inherit' }))
    : // The built browser host (one bundle, electron.vite.config.ts), not its TypeScript sources: Node
      // then reads a few files instead of hundreds, which is most of the start-up time.
      spawn(
        process.execPath,
        ['--disable-warning=ExperimentalWarning', 'out/main/host.js', '--open', ...process.argv.slice(2)],
        { cwd: root, stdio: 'inherit' },
      );
const forward = (sig: NodeJS.Signals) => child.kill(sig);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code) => process.exit(code ?? 0));
