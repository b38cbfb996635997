import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeychainSecretStore, keychainService, type KeytarApi } from '../../src/main/credentials/keychain.ts';
import { CrmError } from '../../src/shared/errors.ts';
import { inCi, probeSecretService } from './probe.ts';

const hint = (name: string) => `CRM_SECRET_${name.toUpperCase()}`;

describe('keychain store without a Secret Service', () => {
  it('turns a D-Bus failure into a keychain error that says what to do', async () => {
    const broken: KeytarApi = {
      getPassword: async () => {
        throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      },
      setPassword: async () => {
        throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      },
      deletePassword: async () => false,
    };
    const store = new KeychainSecretStore({ dataDir: '/d', envHint: hint, keytar: () => broken });
    const err = await store.set('acme', { password: 'pw-SECRET' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmError);
    expect(err).toMatchObject({ kind: 'keychain' });
    expect((err as Error).message).toMatch(/No OS keychain is reachable.*CRM_SECRET_ACME.*autolaunch D-Bus/);
    expect((err as Error).message).not.toContain('pw-SECRET');
  });

  it('reports keytar failing to load, and a keychain that never answers', async () => {
    const unloadable = new KeychainSecretStore({
      dataDir: '/d',
      envHint: hint,
      keytar: () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file');
      },
    });
    await expect(unloadable.get('acme')).rejects.toMatchObject({
      kind: 'keychain',
      message: expect.stringContaining('keytar could not be loaded'),
    });
    const hanging: KeytarApi = {
      getPassword: () => new Promise(() => undefined),
      setPassword: () => new Promise(() => undefined),
      deletePassword: () => new Promise(() => undefined),
    };
    const slow = new KeychainSecretStore({ dataDir: '/d', envHint: hint, keytar: () => hanging, timeoutMs: 50 });
    await expect(slow.get('acme')).rejects.toMatchObject({
      kind: 'keychain',
      message: expect.stringContaining('did not answer'),
    });
  });

  it('keys entries by the data folder; a damaged entry is a keychain error without its text', async () => {
    const seen: string[] = [];
    const fake: KeytarApi = {
      getPassword: async (service, account) => (seen.push(`${service}|${account}`), 'not json SECRET'),
      setPassword: async () => undefined,
      deletePassword: async () => true,
    };
    const store = new KeychainSecretStore({ dataDir: '/data/one', envHint: hint, keytar: () => fake });
    const err = await store.get('acme').catch((e: unknown) => e);
    expect(seen).toEqual(['crm-desk:/data/one|acme']);
    expect(err).toMatchObject({ kind: 'keychain' });
    expect((err as Error).message).not.toContain('SECRET');
    expect(keychainService('/data/two')).not.toBe(keychainService('/data/one'));
  });
});

// The real OS keychain through keytar. Run under scripts/with-keyring.sh (npm test does): it starts a
// private D-Bus session with an unlocked gnome-keyring. Under CI the Secret Service must be there.
const probeError = await probeSecretService();
if (probeError && !inCi) {
  console.warn(`keychain tests skipped: no Secret Service (${probeError}); run them under scripts/with-keyring.sh`);
}

describe.skipIf(probeError !== null && !inCi)('real Secret Service through keytar', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('stores, reads back and deletes; two data folders never share an entry', async () => {
    if (probeError) throw new Error(`CI=true but no Secret Service is reachable: ${probeError}`);
    const dirA = await mkdtemp(join(tmpdir(), 'crm-keyA-'));
    const dirB = await mkdtemp(join(tmpdir(), 'crm-keyB-'));
    dirs.push(dirA, dirB);
    const a = new KeychainSecretStore({ dataDir: dirA, envHint: hint });
    const b = new KeychainSecretStore({ dataDir: dirB, envHint: hint });
    await a.set('acme', { apiKey: 'key-A', apiSecret: 'sec "A" ✓' });
    expect(await b.get('acme')).toBeNull();
    await b.set('acme', { apiKey: 'key-B' });
    expect(await a.get('acme')).toEqual({ apiKey: 'key-A', apiSecret: 'sec "A" ✓' });
    expect(await b.get('acme')).toEqual({ apiKey: 'key-B' });
    await a.delete('acme');
    expect(await a.get('acme')).toBeNull();
    expect(await b.get('acme')).toEqual({ apiKey: 'key-B' });
    await b.delete('acme');
    expect(await b.get('acme')).toBeNull();
    // Nothing of it ever reached a file in the data folders.
    for (const d of [dirA, dirB])
      await expect(readFile(join(d, 'connections.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
