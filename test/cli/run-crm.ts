import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The project's own Node 22 (system Node may be older). */
export const NODE = join(ROOT, 'node_modules', '.bin', 'node');
export const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

export interface CrmRun {
  code: number | null;
  out: string;
  err: string;
}

/** Runs a command (by default the real CLI under the project's Node) as a child process. */
export function runProcess(
  file: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; stdin?: string; cwd?: string },
): Promise<CrmRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: opts.env, cwd: opts.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    // A child that never reads stdin may exit before we close it.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(opts.stdin ?? '');
  });
}

/** `node src/cli/main.ts <args>` with a clean environment plus `env`. */
export function runCrm(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<CrmRun> {
  return runProcess(NODE, [MAIN, ...args], { env: baseEnv(env), ...(stdin !== undefined ? { stdin } : {}) });
}

/** PATH and HOME only (no CRM_* or npm variables leak in from the test runner), plus `extra`. */
export function baseEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const keep = [
    'PATH',
    'HOME',
    'TMPDIR',
    'LANG',
    'DBUS_SESSION_BUS_ADDRESS',
    'XDG_RUNTIME_DIR',
    'XDG_DATA_HOME',
    'GNOME_KEYRING_CONTROL',
  ];
  const env: NodeJS.ProcessEnv = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, ...extra };
}

/** Parses stdout that must hold exactly one JSON document. */
export function oneJson(run: CrmRun): unknown {
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.err}`);
  return JSON.parse(run.out);
}
