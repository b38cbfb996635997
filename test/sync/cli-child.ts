import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the real CLI (`node src/cli/main.ts ...`) as a child process with the project's Node. */
export function startCli(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'src/cli/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return startCli(args, env).done;
}

/** Runs the CLI with `--json` and parses stdout; fails with stderr when the exit code is not 0. */
export async function cliJson<T>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  const run = await cli([...args, '--json'], env);
  if (run.code !== 0) throw new Error(`crm ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** The `CRM_SECRET_<NAME>` variable of a connection (docs/cli.md, "Secrets"). */
export function secretEnvName(connection: string): string {
  return `CRM_SECRET_${connection.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
