import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, baseEnv, runProcess } from './run-crm.ts';

// How scripts start the CLI: bin/crm (through a symlink, with an older `node` first on PATH) and
// `npm run --silent cli` from another folder (relative paths against INIT_CWD).
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crm-launch-'));
  const fakeBin = join(dir, 'fakebin');
  await mkdir(fakeBin);
  // A stand-in for the system Node 20: the shim must never run it.
  await writeFile(join(fakeBin, 'node'), '#!/bin/sh\necho "wrong node" >&2\nexit 42\n');
  await chmod(join(fakeBin, 'node'), 0o755);
  await symlink(join(ROOT, 'bin', 'crm'), join(dir, 'crm'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('launching the CLI', () => {
  it("bin/crm runs through a symlink with the project's own Node, whatever node is first on PATH", async () => {
    const env = baseEnv({ PATH: `${join(dir, 'fakebin')}:${process.env.PATH ?? ''}`, CRM_HOME: join(dir, 'home') });
    const r = await runProcess(join(dir, 'crm'), ['connections', '--json'], { env, cwd: dir });
    expect(r).toEqual({ code: 0, out: '[]\n', err: '' });
    const usage = await runProcess(join(dir, 'crm'), ['list'], { env, cwd: dir });
    expect(usage.code).toBe(2);
    expect(usage.out).toBe('');
  });

  it('npm run --silent cli resolves a relative CRM_HOME against the caller folder (INIT_CWD)', async () => {
    const caller = join(dir, 'caller');
    await mkdir(caller);
    const env = baseEnv({ CRM_HOME: 'rel-home', CRM_SECRET_X: '{"accessToken":"t0ken-value"}' });
    const r = await runProcess(
      'npm',
      [
        '--prefix',
        ROOT,
        'run',
        '--silent',
        'cli',
        '--',
        'connect',
        'x',
        '--vendor',
        'spotler',
        '--url',
        'https://crm.example',
        '--json',
      ],
      { env, cwd: caller },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ name: 'x', vendor: 'spotler', secretNames: [] });
    expect(r.out).not.toContain('t0ken');
    expect(existsSync(join(caller, 'rel-home', 'connections.json'))).toBe(true);
    expect(existsSync(join(ROOT, 'rel-home'))).toBe(false);
  });
});
