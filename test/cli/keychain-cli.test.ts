import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../../src/main/credentials/keychain.ts';
import { inCi, probeSecretService } from '../credentials/probe.ts';
import { ROOT, baseEnv, oneJson, runCrm } from './run-crm.ts';

// `connect --secret-stdin` through the real OS keychain (run under scripts/with-keyring.sh, as npm test
// does), with SmartSimple: its function tokens are split out of the `functions` setting into the
// keychain entry and masked in the settings file.
const probeError = await probeSecretService();
if (probeError && !inCi) console.warn(`CLI keychain test skipped: no Secret Service (${probeError})`);
const landed =
  existsSync(join(ROOT, 'sim/smartsimple/index.ts')) &&
  existsSync(join(ROOT, 'src/main/connectors/smartsimple/index.ts'));

describe.skipIf((probeError !== null && !inCi) || !landed)('CLI secrets in the real keychain', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it('stores secrets and function tokens in the keychain, never in the file; remove deletes the entry', async () => {
    if (probeError) throw new Error(`CI=true but no Secret Service is reachable: ${probeError}`);
    const { startSim, connectionFromEntry } = await import('../helpers/sim.ts');
    const sim = await startSim('smartsimple', { records: 5, limits: 'off' });
    const home = await mkdtemp(join(tmpdir(), 'crm-keycli-'));
    cleanup.push(
      () => sim.ws.close(),
      () => rm(home, { recursive: true, force: true }),
    );
    const conn = connectionFromEntry('smartsimple', sim.entry);
    const tokens = [...(conn.settings.functions ?? '').matchAll(/"apitoken":"([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(tokens.length).toBeGreaterThan(0);
    const secrets = [...Object.values(conn.secrets), ...tokens];
    const env = { CRM_HOME: home, CRM_RATE_LIMIT: 'off' };
    const sets = Object.entries(conn.settings).flatMap(([k, v]) => ['--set', `${k}=${v}`]);

    const connected = await runCrm(
      ['connect', 'grants', '--vendor', 'smartsimple', '--url', conn.url, ...sets, '--secret-stdin', '--json'],
      env,
      JSON.stringify(conn.secrets),
    );
    expect(connected.err).toBe('');
    const info = oneJson(connected) as { settings: Record<string, string>; secretNames: string[] };
    expect(info.secretNames).toContain('password');
    expect(info.secretNames.length).toBe(1 + tokens.length);
    const file = await readFile(join(home, 'connections.json'), 'utf8');
    for (const s of secrets) {
      expect(connected.out).not.toContain(s);
      expect(file).not.toContain(s);
    }

    // A new process reads everything back from the keychain and logs in.
    expect(oneJson(await runCrm(['test', 'grants', '--json'], env))).toMatchObject({ ok: true });
    const page = oneJson(await runCrm(['list', 'grants', 'company', '--page-size', '2', '--json'], env)) as {
      rows: unknown[];
    };
    expect(page.rows).toHaveLength(2);

    // The entry sits under this data folder's service name, account = connection name.
    const entry = new KeychainSecretStore({ dataDir: home, envHint: () => '' });
    const stored = await entry.get('grants');
    expect(stored?.password).toBe(conn.secrets.password);
    expect(Object.values(stored ?? {})).toEqual(expect.arrayContaining(tokens));

    expect(oneJson(await runCrm(['remove', 'grants', '--json'], env))).toEqual({ ok: true });
    expect(await entry.get('grants')).toBeNull();
  });
});

describe('CLI without a keychain', () => {
  it('refuses to store secrets with a keychain error, writes nothing, and never echoes the secret', async () => {
    const home = await mkdtemp(join(tmpdir(), 'crm-nokey-'));
    const runtime = await mkdtemp(join(tmpdir(), 'crm-nokey-run-'));
    try {
      // No session bus to find (no address, an empty runtime dir, no display to autolaunch one).
      const env = baseEnv({ CRM_HOME: home, HOME: runtime, XDG_RUNTIME_DIR: runtime });
      delete env.DBUS_SESSION_BUS_ADDRESS;
      delete env.DISPLAY;
      const { runProcess, NODE, MAIN } = await import('./run-crm.ts');
      const r = await runProcess(
        NODE,
        [MAIN, 'connect', 'acme', '--vendor', 'spotler', '--url', 'https://crm.example', '--secret-stdin', '--json'],
        {
          env,
          stdin: '{"accessToken":"tok-NEVER-PRINTED"}',
        },
      );
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^crm connect: No OS keychain is reachable.*CRM_SECRET_ACME/);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toContain('NEVER');
      expect(existsSync(join(home, 'connections.json'))).toBe(false);
    } finally {
      await rm(home, { recursive: true, force: true });
      await rm(runtime, { recursive: true, force: true });
    }
  });
});
