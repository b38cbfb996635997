import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import type { SecretMap } from '../../src/shared/crm-vendors.ts';
import type { SecretStore } from '../../src/main/credentials/types.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { CrmError } from '../../src/shared/errors.ts';
import { MASK, fakeCatalog, fakeState, type FakeState } from './fake-vendor.ts';

/** A keychain stand-in that records every call. */
class RecordingStore extends MemorySecretStore {
  calls: string[] = [];
  override async get(c: string) {
    this.calls.push(`get:${c}`);
    return super.get(c);
  }
  override async set(c: string, s: SecretMap) {
    this.calls.push(`set:${c}`);
    return super.set(c, s);
  }
  override async delete(c: string) {
    this.calls.push(`delete:${c}`);
    return super.delete(c);
  }
}

/** A keychain that is not there. */
const noKeychain: SecretStore = {
  kind: 'keychain',
  get: async () => {
    throw new CrmError('keychain', 'no keychain');
  },
  set: async () => {
    throw new CrmError('keychain', 'no keychain');
  },
  delete: async () => {
    throw new CrmError('keychain', 'no keychain');
  },
};

const TOKENS = JSON.stringify([
  { fn: 'list', token: 'tok-list-SECRET' },
  { fn: 'get', token: 'tok-get-SECRET' },
]);

let dataDir: string;
let state: FakeState;
let keychain: RecordingStore;
let services: LocalServices;

async function open(env: NodeJS.ProcessEnv = {}, store: SecretStore = keychain) {
  services = await createServices({ dataDir, env, catalog: fakeCatalog(state), secrets: { keychain: store } });
  return services;
}

async function fileText() {
  return readFile(join(dataDir, 'connections.json'), 'utf8');
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'crm-conn-'));
  state = fakeState();
  keychain = new RecordingStore();
});
afterEach(async () => {
  await services?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('connections service', () => {
  it('saves settings to the file and secrets (with split parts) to the keychain only', async () => {
    const s = await open();
    const info = await s.connections.save({
      name: 'acme',
      vendor: 'simply',
      url: 'https://crm.example',
      settings: { username: 'ann', tokens: TOKENS },
      secrets: { password: 'pw-SECRET' },
    });
    expect(info.secretNames.sort()).toEqual(['password', 'token:get', 'token:list']);
    expect(JSON.parse(info.settings.tokens ?? '[]')).toEqual([
      { fn: 'list', token: MASK },
      { fn: 'get', token: MASK },
    ]);
    const text = await fileText();
    expect(text).not.toContain('SECRET');
    expect(await keychain.get('acme')).toEqual({
      password: 'pw-SECRET',
      'token:list': 'tok-list-SECRET',
      'token:get': 'tok-get-SECRET',
    });
    const mode = (await stat(join(dataDir, 'connections.json'))).mode & 0o777;
    expect(mode).toBe(0o600);
    // The connector gets the masked settings and every secret part (registry's joinSecrets rejoins them).
    await s.connections.test('acme');
    expect(state.configs[0]?.secrets).toEqual({
      password: 'pw-SECRET',
      'token:list': 'tok-list-SECRET',
      'token:get': 'tok-get-SECRET',
    });
  });

  it('keeps stored secrets when they are omitted, including masked split parts, and replaces a retyped token', async () => {
    const s = await open();
    await s.connections.save({
      name: 'acme',
      vendor: 'simply',
      url: 'https://a.example',
      settings: { username: 'ann', tokens: TOKENS },
      secrets: { password: 'pw1' },
    });
    const [listed] = await s.connections.list();
    // Edit as the UI would: settings as shown (masked), no secrets.
    await s.connections.save({
      name: 'acme',
      vendor: 'simply',
      url: 'https://b.example',
      settings: { ...listed!.settings },
      // Another host: the stored secrets follow only with its origin confirmed.
      confirmHost: 'https://b.example',
    });
    expect(await keychain.get('acme')).toEqual({
      password: 'pw1',
      'token:list': 'tok-list-SECRET',
      'token:get': 'tok-get-SECRET',
    });
    // Retype one token only: it is replaced, the other and the password are kept.
    const retyped = JSON.stringify([
      { fn: 'list', token: 'tok-list-NEW' },
      { fn: 'get', token: MASK },
    ]);
    await s.connections.save({
      name: 'acme',
      vendor: 'simply',
      url: 'https://b.example',
      settings: { username: 'ann', tokens: retyped },
    });
    expect(await keychain.get('acme')).toEqual({
      password: 'pw1',
      'token:list': 'tok-list-NEW',
      'token:get': 'tok-get-SECRET',
    });
    expect((await s.connections.list())[0]?.url).toBe('https://b.example');
  });

  it('renames: moves the keychain entry and the settings, refuses a taken name', async () => {
    const s = await open();
    await s.connections.save({
      name: 'old',
      vendor: 'simply',
      url: 'https://a.example',
      settings: { username: 'ann' },
      secrets: { password: 'pw' },
    });
    await s.connections.save({
      name: 'other',
      vendor: 'simply',
      url: 'https://a.example',
      settings: { username: 'bob' },
      secrets: { password: 'pw2' },
    });
    await expect(
      s.connections.save({
        name: 'other',
        previousName: 'old',
        vendor: 'simply',
        url: 'https://a.example',
        settings: { username: 'ann' },
      }),
    ).rejects.toMatchObject({ kind: 'conflict' });
    await s.connections.save({
      name: 'new',
      previousName: 'old',
      vendor: 'simply',
      url: 'https://a.example',
      settings: { username: 'ann' },
    });
    expect((await s.connections.list()).map((c) => c.name).sort()).toEqual(['new', 'other']);
    expect(await keychain.get('new')).toEqual({ password: 'pw' });
    expect(await keychain.get('old')).toBeNull();
  });

  it('removes the connection and its keychain entry', async () => {
    const s = await open();
    await s.connections.save({
      name: 'acme',
      vendor: 'simply',
      url: 'https://a.example',
      settings: { username: 'ann' },
      secrets: { password: 'pw' },
    });
    await s.connections.remove('acme');
    expect(await s.connections.list()).toEqual([]);
    expect(keychain.calls).toContain('delete:acme');
    expect(await keychain.get('acme')).toBeNull();
    await expect(s.connections.remove('acme')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('refuses unknown settings, bad select values, bad JSON, missing required settings, unknown secrets and bad URLs', async () => {
    const s = await open();
    const base = { name: 'x', vendor: 'simply' as const, url: 'https://a.example', settings: { username: 'a' } };
    const fail = (patch: object) => s.connections.save({ ...base, ...patch });
    await expect(fail({ settings: { username: 'a', password: 'pw' } })).rejects.toMatchObject({
      kind: 'invalid_input',
      fields: { password: expect.stringContaining('unknown setting') },
    });
    await expect(fail({ settings: { username: 'a', region: 'mars' } })).rejects.toMatchObject({
      fields: { region: 'must be one of eu, us' },
    });
    await expect(fail({ settings: { username: 'a', tokens: '[' } })).rejects.toMatchObject({
      fields: { tokens: 'must be valid JSON' },
    });
    await expect(fail({ settings: {} })).rejects.toMatchObject({ fields: { username: 'required' } });
    await expect(fail({ secrets: { apiKey: 'k' } })).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(fail({ url: 'ftp://a.example' })).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(fail({ name: '  ' })).rejects.toMatchObject({ kind: 'invalid_input' });
    expect(keychain.calls).toEqual([]);
  });

  it('CRM_SECRET_<NAME> wins: the keychain is never touched and nothing is stored', async () => {
    const env = { CRM_SECRET_ACME_EU: JSON.stringify({ password: 'env-pw' }) };
    const s = await open(env, noKeychain);
    await s.connections.save({
      name: 'acme-eu',
      vendor: 'simply',
      url: 'https://a.example',
      settings: { username: 'ann' },
      secrets: { password: 'typed' },
    });
    expect((await s.connections.list())[0]?.secretNames).toEqual([]);
    expect(await s.connections.test('acme-eu')).toEqual({ ok: true, user: 'tester' });
    expect(state.configs[0]?.secrets).toEqual({ password: 'env-pw' });
    expect(await fileText()).not.toContain('pw');
  });

  it('a setting named in the env object is split like a stored one (secret parts for this run)', async () => {
    const env = { CRM_SECRET_ACME: JSON.stringify({ password: 'env-pw', tokens: TOKENS }) };
    const s = await open(env, noKeychain);
    await s.connections.save({
      name: 'acme',
      vendor: 'simply',
      url: 'https://a.example',
      settings: { username: 'ann' },
    });
    await s.connections.test('acme');
    expect(state.configs[0]?.secrets).toEqual({
      password: 'env-pw',
      'token:list': 'tok-list-SECRET',
      'token:get': 'tok-get-SECRET',
    });
    expect(state.configs[0]?.settings.tokens).toContain(MASK);
  });

  it('without a keychain, saving secrets fails with a keychain error and writes no file', async () => {
    const s = await open({}, noKeychain);
    await expect(
      s.connections.save({
        name: 'acme',
        vendor: 'simply',
        url: 'https://a.example',
        settings: { username: 'a' },
        secrets: { password: 'pw' },
      }),
    ).rejects.toMatchObject({ kind: 'keychain' });
    await expect(fileText()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a connection without any secrets says how to give them', async () => {
    const s = await open();
    await s.connections.save({ name: 'bare', vendor: 'simply', url: 'https://a.example', settings: { username: 'a' } });
    await expect(s.connections.test('bare')).rejects.toThrow(/CRM_SECRET_BARE/);
  });

  it('demo connections live in memory: listed as demo, never in the file or the keychain', async () => {
    services = await createServices({
      dataDir,
      env: {},
      catalog: fakeCatalog(state),
      secrets: { keychain: noKeychain },
      demo: [
        {
          name: 'Demo',
          vendor: 'simply',
          url: 'http://127.0.0.1:1',
          settings: { username: 'd' },
          secrets: { password: 'demo-pw' },
          rateLimit: false,
        },
      ],
    });
    const [demo] = await services.connections.list();
    expect(demo).toMatchObject({ name: 'Demo', demo: true, secretNames: ['password'] });
    await services.connections.test('Demo');
    expect(state.configs[0]).toMatchObject({ secrets: { password: 'demo-pw' }, rateLimit: false });
    await expect(fileText()).rejects.toMatchObject({ code: 'ENOENT' });
    await services.connections.remove('Demo');
    expect(await services.connections.list()).toEqual([]);
  });

  it('rate limiting is on unless CRM_RATE_LIMIT=off or the connection turns it off', async () => {
    let s = await open();
    await s.connections.save({
      name: 'a',
      vendor: 'simply',
      url: 'https://a.example',
      settings: { username: 'a' },
      secrets: { password: 'p' },
    });
    await s.connections.save({
      name: 'b',
      vendor: 'simply',
      url: 'https://a.example',
      settings: { username: 'a' },
      secrets: { password: 'p' },
      rateLimit: false,
    });
    await s.connections.test('a');
    await s.connections.test('b');
    expect(state.configs.map((c) => c.rateLimit)).toEqual([true, false]);
    await s.close();
    state.configs = [];
    s = await open({ CRM_RATE_LIMIT: 'off' });
    await s.connections.test('a');
    expect(state.configs[0]?.rateLimit).toBe(false);
  });

  it('caches one connector per connection and drops it when the connection changes', async () => {
    const s = await open();
    await s.connections.save({
      name: 'a',
      vendor: 'simply',
      url: 'https://a.example',
      settings: { username: 'a' },
      secrets: { password: 'p' },
    });
    await s.connections.test('a');
    await s.records.modules('a');
    expect(state.configs).toHaveLength(1);
    await s.connections.save({
      name: 'a',
      vendor: 'simply',
      url: 'https://b.example',
      settings: { username: 'a' },
      confirmHost: 'https://b.example',
    });
    expect(state.calls).toContain('close');
    await s.connections.test('a');
    expect(state.configs.map((c) => c.url)).toEqual(['https://a.example', 'https://b.example']);
  });

  it("two writers (app and CLI) never lose each other's change; a stale lock is taken over", async () => {
    const a = await open();
    const b = await createServices({ dataDir, env: {}, catalog: fakeCatalog(state), secrets: { keychain } });
    try {
      const names = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
      await Promise.all(
        names.map((name, i) =>
          (i % 2 ? a : b).connections.save({
            name,
            vendor: 'simply',
            url: 'https://a.example',
            settings: { username: name },
            secrets: { password: 'p' },
          }),
        ),
      );
      expect((await a.connections.list()).map((c) => c.name).sort()).toEqual(names);
      // A lock left behind by a crashed process (older than 30 s) does not block for ever.
      const lock = join(dataDir, 'connections.json.lock');
      await writeFile(lock, '99999');
      const old = new Date(Date.now() - 60_000);
      await utimes(lock, old, old);
      await a.connections.remove('n1');
      expect((await readdir(dataDir)).sort()).toEqual(['connections.json']);
    } finally {
      await b.close();
    }
  });

  it('a rename moves the keychain entry even while CRM_SECRET_<NAME> is set for the new name', async () => {
    let s = await open();
    await s.connections.save({
      name: 'old',
      vendor: 'simply',
      url: 'https://a.example',
      settings: { username: 'a' },
      secrets: { password: 'pw' },
    });
    await s.close();
    s = await open({ CRM_SECRET_NEW: '{"password":"env"}' });
    await s.connections.save({
      name: 'new',
      previousName: 'old',
      vendor: 'simply',
      url: 'https://a.example',
      settings: { username: 'a' },
    });
    expect(await keychain.get('old')).toBeNull();
    expect(await keychain.get('new')).toEqual({ password: 'pw' });
    expect((await s.connections.list())[0]?.secretNames).toEqual(['password']);
  });
});
