import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.ts';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import type { CreateServicesOptions } from '../../src/main/services/index.ts';
import { fakeCatalog, fakeState, type FakeState } from '../services/fake-vendor.ts';
import { memoryIo } from './io.ts';

// The CLI in-process over the in-test vendor: output shapes, exit codes and error lines. The simulator
// suite (roundtrip.test.ts) runs the real CLI as a child process against every vendor.
let home: string;
let state: FakeState;
let keychain: MemorySecretStore;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'crm-cli-'));
  state = fakeState(3);
  keychain = new MemorySecretStore();
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function cli(argv: string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) {
  const io = memoryIo({ CRM_HOME: home, ...opts.env }, opts.stdin);
  const services: Partial<CreateServicesOptions> = { catalog: fakeCatalog(state), secrets: { keychain } };
  const code = await runCli(argv, io, services);
  return { code, out: io.out(), err: io.err() };
}

async function connect() {
  const r = await cli(
    [
      'connect',
      'acme',
      '--vendor',
      'simply',
      '--url',
      'https://crm.example',
      '--set',
      'username=ann',
      '--secret-stdin',
      '--json',
    ],
    {
      stdin: '{"password":"pw-SECRET-1"}',
    },
  );
  expect(r).toMatchObject({ code: 0, err: '' });
  return r;
}

describe('CLI in-process', () => {
  it('connect stores secrets in the keychain and prints the connection without them', async () => {
    const r = await connect();
    expect(JSON.parse(r.out)).toEqual({
      name: 'acme',
      vendor: 'simply',
      url: 'https://crm.example',
      settings: { username: 'ann' },
      secretNames: ['password'],
      demo: false,
    });
    expect(await keychain.get('acme')).toEqual({ password: 'pw-SECRET-1' });
    expect(await readFile(join(home, 'connections.json'), 'utf8')).not.toContain('SECRET');
    const list = await cli(['connections', '--json']);
    expect(JSON.parse(list.out)).toEqual([expect.objectContaining({ name: 'acme', settings: { username: 'ann' } })]);
    expect(list.out).not.toContain('SECRET');
  });

  it('--json prints exactly one JSON document for every command', async () => {
    await connect();
    for (const argv of [
      ['connections'],
      ['test', 'acme'],
      ['modules', 'acme'],
      ['describe', 'acme', 'Accounts'],
      ['list', 'acme', 'Accounts', '--page-size', '2'],
      ['get', 'acme', 'Accounts', '1'],
      ['create', 'acme', 'Accounts', '--data', '{"name":"New"}'],
      ['update', 'acme', 'Accounts', '1', '--data', '{"employees":5}'],
    ]) {
      const r = await cli([...argv, '--json']);
      expect({ argv, code: r.code, err: r.err }).toEqual({ argv, code: 0, err: '' });
      expect(r.out.endsWith('\n')).toBe(true);
      expect(() => JSON.parse(r.out)).not.toThrow();
    }
    const page = JSON.parse((await cli(['list', 'acme', 'Accounts', '--page-size', '2', '--page', '2', '--json'])).out);
    expect(page).toEqual({
      rows: [expect.objectContaining({ id: '3' }), expect.objectContaining({ id: '4', name: 'New' })],
      total: 4,
      hasMore: false,
    });
  });

  it('prints human tables without --json', async () => {
    await connect();
    const r = await cli(['list', 'acme', 'Accounts', '--where', 'name = Company 2']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^id\s+name\s+employees\n/);
    expect(r.out).toContain('Company 2');
    expect(r.out).toContain('page 1 · 1 row · 1 in all · last page');
  });

  it('usage errors exit 2 with one line on stderr and nothing on stdout', async () => {
    await connect();
    for (const argv of [
      ['nosuch'],
      ['list', 'acme'],
      ['list', 'acme', 'Accounts', '--page', 'x', '--json'],
      ['list', 'acme', 'Accounts', '--where', 'color = red', '--json'],
      ['create', 'acme', 'Accounts', '--data', '{oops', '--json'],
      ['connect', 'b', '--vendor', 'nope', '--url', 'https://x.example'],
      ['connect', 'b', '--vendor', 'simply', '--url', 'https://x.example', '--set', 'username=a'],
    ]) {
      const r = await cli(argv);
      expect({ argv, code: r.code, out: r.out }).toEqual({ argv, code: 2, out: '' });
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('other errors exit 1 with the per-field messages on one line, never a stack', async () => {
    await connect();
    const r = await cli([
      'create',
      'acme',
      'Accounts',
      '--data',
      '{"name":"x","employees":"ten","number":"1"}',
      '--json',
    ]);
    expect(r).toEqual({ code: 1, out: '', err: 'crm create: employees: must be a whole number; number: read-only\n' });
    const missing = await cli(['get', 'acme', 'Accounts', '99']);
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(missing.err).not.toMatch(/\bat .*\.ts:\d+/);
    const del = await cli(['delete', 'acme', 'Accounts', '1']);
    expect(del.code).toBe(1);
    expect(del.err).toMatch(/cannot be deleted/);
  });

  it('a vendor error that echoes a secret is printed without it', async () => {
    await connect();
    state.failNext = new Error('server said: bad password pw-SECRET-1');
    const r = await cli(['test', 'acme']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('crm test: internal error: server said: bad password ***\n');
  });

  it('connect keeps stored secrets when none are given, and remove deletes the keychain entry', async () => {
    await connect();
    // Another host needs the secrets again: the stored ones never follow a URL elsewhere.
    const moved = await cli([
      'connect',
      'acme',
      '--vendor',
      'simply',
      '--url',
      'https://other.example',
      '--set',
      'username=ann',
    ]);
    expect(moved.code).toBe(2);
    expect(moved.err).toContain('https://other.example');
    const again = await cli([
      'connect',
      'acme',
      '--vendor',
      'simply',
      '--url',
      'https://crm.example/other',
      '--set',
      'username=bob',
    ]);
    expect(again.code).toBe(0);
    expect(await keychain.get('acme')).toEqual({ password: 'pw-SECRET-1' });
    const removed = await cli(['remove', 'acme', '--json']);
    expect(JSON.parse(removed.out)).toEqual({ ok: true });
    expect(await keychain.get('acme')).toBeNull();
  });

  it('--secret-stdin refuses bad JSON without echoing it', async () => {
    const r = await cli(
      [
        'connect',
        'acme',
        '--vendor',
        'simply',
        '--url',
        'https://crm.example',
        '--set',
        'username=ann',
        '--secret-stdin',
      ],
      {
        stdin: 'pw-SECRET-2',
      },
    );
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('SECRET');
  });

  it('--offline is refused as unsupported while no store is plugged in', async () => {
    await connect();
    const io = memoryIo({ CRM_HOME: home });
    const code = await runCli(['get', 'acme', 'Accounts', '1', '--offline'], io, {
      catalog: fakeCatalog(state),
      secrets: { keychain },
      mirror: undefined,
    });
    // Without a factory given, the CLI loads its own mirror services (src/cli/mirror-services.ts); with
    // nothing synced the call fails either way, and the live connector is not asked.
    expect(code).toBe(1);
    expect(state.calls.filter((c) => c.startsWith('get:'))).toEqual([]);
  });
});
