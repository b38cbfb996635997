import { PassThrough, Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/context.ts';

/** In-memory stdin/stdout/stderr for running the CLI in-process. */
export function memoryIo(env: NodeJS.ProcessEnv, stdinText = ''): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return {
    stdout,
    stderr,
    stdin: Readable.from([Buffer.from(stdinText)]),
    env,
    cwd: '/nowhere',
    out: () => out,
    err: () => err,
  };
}
