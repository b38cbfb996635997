import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../../src/main/credentials/keychain.ts';
import { inCi, probeSecretService } from '../credentials/probe.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';
import { baseEnv, MAIN, NODE, oneJson, runCrm, runProcess } from './run-crm.ts';

// SmartSimple's per-function API tokens given in the secret JSON (stdin, CRM_SECRET_<NAME>) under
// `functions`, so they never stand on a command line; and tokens typed into `--set functions` while
// CRM_SECRET_<NAME> is set, which are still kept in the keychain (run under scripts/with-keyring.sh).
const probeError = await probeSecretService();
if (probeError && !inCi) console.warn(`SmartSimple token tests skipped: no Secret Service (${probeError})`);

interface Fn {
  recordType: string;
  action: string;
  apitoken: string;
  fieldList: string;
}

describe.skipIf(probeError !== null && !inCi)('SmartSimple API tokens in the secret JSON', () => {
  let sim: SimHarness;
  let url: string;
  let password: string;
  let functions: Fn[];
  let tokens: string[];
  let plainSettings: string[];
  const homes: string[] = [];
  const newHome = async () => {
    const home = await mkdtemp(join(tmpdir(), 'crm-sstok-'));
    homes.push(home);
    return home;
  };
  const masked = (settings: Record<string, string>) => JSON.parse(settings.functions ?? '[]') as Fn[];

  beforeAll(async () => {
    if (probeError) throw new Error(`CI=true but no Secret Service is reachable: ${probeError}`);
    sim = await startSim('smartsimple', { records: 5, limits: 'off' });
    const conn = connectionFromEntry('smartsimple', sim.entry);
    url = conn.url;
    password = conn.secrets.password ?? '';
    functions = JSON.parse(conn.settings.functions ?? '[]') as Fn[];
    tokens = functions.map((f) => f.apitoken);
    expect(tokens.length).toBeGreaterThan(1);
    plainSettings = Object.entries(conn.settings)
      .filter(([k]) => k !== 'functions')
      .flatMap(([k, v]) => ['--set', `${k}=${v}`]);
  });
  afterAll(async () => {
    await sim?.ws.close();
    for (const h of homes) await rm(h, { recursive: true, force: true });
  });

  it('takes the functions with their tokens on stdin: keychain, masked settings, nothing on the command line', async () => {
    const home = await newHome();
    const env = { CRM_HOME: home, CRM_RATE_LIMIT: 'off' };
    const args = ['connect', 'grants', '--vendor', 'smartsimple', '--url', url, ...plainSettings, '--secret-stdin'];
    for (const t of tokens) expect(args.join(' ')).not.toContain(t);
    const connected = await runCrm([...args, '--json'], env, JSON.stringify({ password, functions }));
    expect(connected.err).toBe('');
    const info = oneJson(connected) as { settings: Record<string, string>; secretNames: string[] };
    expect(masked(info.settings).map((f) => f.apitoken)).toEqual(tokens.map(() => '********'));
    expect(masked(info.settings).map((f) => f.fieldList)).toEqual(functions.map((f) => f.fieldList));
    expect(info.secretNames).toHaveLength(1 + tokens.length);
    const file = await readFile(join(home, 'connections.json'), 'utf8');
    for (const s of [password, ...tokens]) {
      expect(file).not.toContain(s);
      expect(connected.out).not.toContain(s);
    }
    const stored = await new KeychainSecretStore({ dataDir: home, envHint: () => '' }).get('grants');
    expect(Object.values(stored ?? {})).toEqual(expect.arrayContaining([password, ...tokens]));

    // A later process finds everything in the keychain.
    const page = oneJson(await runCrm(['list', 'grants', 'company', '--page-size', '2', '--json'], env)) as {
      rows: unknown[];
    };
    expect(page.rows).toHaveLength(2);
  });

  it('takes the functions with their tokens from CRM_SECRET_<NAME> alone, storing nothing', async () => {
    const home = await newHome();
    const env = {
      CRM_HOME: home,
      CRM_RATE_LIMIT: 'off',
      CRM_SECRET_GRANTS: JSON.stringify({ password, functions }),
    };
    const connected = await runCrm(
      ['connect', 'grants', '--vendor', 'smartsimple', '--url', url, ...plainSettings, '--json'],
      env,
    );
    expect(connected.err).toBe('');
    const info = oneJson(connected) as { settings: Record<string, string>; secretNames: string[] };
    expect(masked(info.settings).map((f) => `${f.recordType}:${f.action}`)).toEqual(
      functions.map((f) => `${f.recordType}:${f.action}`),
    );
    expect(info.secretNames).toEqual([]);
    expect(await new KeychainSecretStore({ dataDir: home, envHint: () => '' }).get('grants')).toBeNull();
    const file = await readFile(join(home, 'connections.json'), 'utf8');
    for (const t of tokens) expect(file).not.toContain(t);
    const page = oneJson(await runCrm(['list', 'grants', 'company', '--page-size', '2', '--json'], env)) as {
      rows: unknown[];
    };
    expect(page.rows).toHaveLength(2);
  });

  it('stores tokens typed into --set functions while CRM_SECRET_<NAME> holds only the password', async () => {
    const home = await newHome();
    const env = { CRM_HOME: home, CRM_RATE_LIMIT: 'off', CRM_SECRET_GRANTS: JSON.stringify({ password }) };
    const connected = await runCrm(
      [
        'connect',
        'grants',
        '--vendor',
        'smartsimple',
        '--url',
        url,
        ...plainSettings,
        '--set',
        `functions=${JSON.stringify(functions)}`,
        '--json',
      ],
      env,
    );
    expect(connected.err).toBe('');
    const info = oneJson(connected) as { secretNames: string[] };
    expect(info.secretNames).toHaveLength(tokens.length);
    const stored = await new KeychainSecretStore({ dataDir: home, envHint: () => '' }).get('grants');
    expect(Object.values(stored ?? {}).sort()).toEqual([...tokens].sort());
    // The password still comes from the environment, the tokens from the keychain.
    const page = oneJson(await runCrm(['list', 'grants', 'company', '--page-size', '2', '--json'], env)) as {
      rows: unknown[];
    };
    expect(page.rows).toHaveLength(2);
  });
});

describe('SmartSimple API tokens without a keychain', () => {
  it('connect says which tokens it could not store and exits non-zero, writing nothing', async () => {
    const sim = await startSim('smartsimple', { records: 1, limits: 'off' });
    const home = await mkdtemp(join(tmpdir(), 'crm-sstok-nokey-'));
    const runtime = await mkdtemp(join(tmpdir(), 'crm-sstok-run-'));
    try {
      const conn = connectionFromEntry('smartsimple', sim.entry);
      const env = baseEnv({
        CRM_HOME: home,
        HOME: runtime,
        XDG_RUNTIME_DIR: runtime,
        CRM_SECRET_GRANTS: JSON.stringify({ password: conn.secrets.password }),
      });
      delete env.DBUS_SESSION_BUS_ADDRESS;
      delete env.DISPLAY;
      const sets = Object.entries(conn.settings).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
      const r = await runProcess(
        NODE,
        [MAIN, 'connect', 'grants', '--vendor', 'smartsimple', '--url', conn.url, ...sets, '--json'],
        { env },
      );
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(
        /^crm connect: Could not store apitoken:company:List, .*apitoken:company:Get.*No OS keychain is reachable/,
      );
      for (const m of conn.settings.functions?.matchAll(/"apitoken":"([^"]+)"/g) ?? []) {
        expect(r.err).not.toContain(m[1]);
      }
      expect(existsSync(join(home, 'connections.json'))).toBe(false);
    } finally {
      await sim.ws.close();
      await rm(home, { recursive: true, force: true });
      await rm(runtime, { recursive: true, force: true });
    }
  });
});
