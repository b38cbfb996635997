import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWorkspace, type Workspace } from '../../sim/workspace.ts';
import { runCli } from '../../src/cli/run.ts';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import type { VendorId } from '../../src/shared/crm-vendors.ts';
import { CrmError } from '../../src/shared/errors.ts';
import { memoryIo } from '../cli/io.ts';
import { connectionFromEntry } from '../helpers/sim.ts';
import { leaked, startTrapServer, type TrapServer } from '../helpers/trap-server.ts';

// A connection whose URL moves to another scheme, host or port must not take its stored secrets along
// unless they are typed again or the new origin is confirmed by name. The "new host" is a local server
// that keeps every request it receives: it must never see a stored secret.

const vendors: VendorId[] = ['simply', 'simplicate', 'smartsimple', 'sarv', 'spotler'];
let ws: Workspace;
let trap: TrapServer;
let home: string;
let keychain: MemorySecretStore;
let services: LocalServices;

/** Every secret value a connection of this vendor holds, the SmartSimple function tokens included. */
function secretValues(vendor: VendorId): string[] {
  const conn = connectionFromEntry(vendor, ws.line[vendor] as Record<string, unknown>);
  const values = Object.values(conn.secrets);
  if (vendor === 'smartsimple') {
    const fns = JSON.parse(conn.settings.functions ?? '[]') as { apitoken: string }[];
    values.push(...fns.map((f) => f.apitoken));
  }
  return values;
}

beforeAll(async () => {
  ws = await startWorkspace({ only: vendors, records: 3, seed: 'move', limits: 'off' });
  trap = await startTrapServer();
});
afterAll(async () => {
  await services?.close();
  await trap?.close();
  await ws?.close();
  if (home) await rm(home, { recursive: true, force: true });
});
beforeEach(async () => {
  await services?.close();
  if (home) await rm(home, { recursive: true, force: true });
  home = await mkdtemp(join(tmpdir(), 'crm-move-'));
  keychain = new MemorySecretStore();
  services = await createServices({ dataDir: home, env: { CRM_RATE_LIMIT: 'off' }, secrets: { keychain } });
  trap.received.length = 0;
});

async function saveFromSim(vendor: VendorId): Promise<void> {
  await services.connections.save({
    name: vendor,
    ...connectionFromEntry(vendor, ws.line[vendor] as Record<string, unknown>),
  });
}

describe.each(vendors)('moving a %s connection to another host', (vendor) => {
  it('without its secrets is refused, and the new host receives none of them', async () => {
    await saveFromSim(vendor);
    const shown = await services.connections.info(vendor);
    const err = await services.connections
      .save({ name: vendor, previousName: vendor, vendor, url: trap.url, settings: shown.settings })
      .catch((e: unknown) => e);
    // Whatever the save did, the next call must not hand a stored secret to the new host.
    await services.connections.test(vendor).catch(() => undefined);
    expect(leaked(trap.received, secretValues(vendor))).toEqual([]);
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).kind).toBe('invalid_input');
    expect((err as CrmError).message).toContain(trap.origin);
    expect((await services.connections.info(vendor)).url).not.toBe(trap.url);
  });

  it('with a confirmation naming another origin is refused too', async () => {
    await saveFromSim(vendor);
    const shown = await services.connections.info(vendor);
    const err = await services.connections
      .save({
        name: vendor,
        previousName: vendor,
        vendor,
        url: trap.url,
        settings: shown.settings,
        confirmHost: 'http://127.0.0.1:1',
      })
      .catch((e: unknown) => e);
    await services.connections.test(vendor).catch(() => undefined);
    expect((err as CrmError).kind).toBe('invalid_input');
    expect(leaked(trap.received, secretValues(vendor))).toEqual([]);
  });

  it('with the new origin confirmed by name keeps the stored secrets (the user chose to send them)', async () => {
    await saveFromSim(vendor);
    const shown = await services.connections.info(vendor);
    const before = await keychain.get(vendor);
    const saved = await services.connections.save({
      name: vendor,
      previousName: vendor,
      vendor,
      url: trap.url,
      settings: shown.settings,
      confirmHost: trap.origin,
    });
    expect(saved.url).toBe(trap.url);
    expect(await keychain.get(vendor)).toEqual(before);
  });

  it('a path change on the same origin keeps the stored secrets without asking', async () => {
    await saveFromSim(vendor);
    const shown = await services.connections.info(vendor);
    const saved = await services.connections.save({
      name: vendor,
      previousName: vendor,
      vendor,
      url: `${shown.url.replace(/\/$/, '')}/`,
      settings: shown.settings,
    });
    expect(saved.secretNames).toEqual(shown.secretNames);
  });
});

describe('moving a SmartSimple connection with a new password but masked API tokens', () => {
  it('is refused: the stored tokens would follow the URL', async () => {
    await saveFromSim('smartsimple');
    const shown = await services.connections.info('smartsimple');
    const err = await services.connections
      .save({
        name: 'smartsimple',
        previousName: 'smartsimple',
        vendor: 'smartsimple',
        url: trap.url,
        settings: shown.settings,
        secrets: { password: 'a-new-password' },
      })
      .catch((e: unknown) => e);
    await services.connections.test('smartsimple').catch(() => undefined);
    expect((err as CrmError).kind).toBe('invalid_input');
    expect(leaked(trap.received, secretValues('smartsimple'))).toEqual([]);
  });
});

describe('the CLI re-connecting to another host', () => {
  it('without secrets exits non-zero with a clear message, and the new host receives none', async () => {
    const opts = { secrets: { keychain } };
    const env = { CRM_HOME: home, CRM_RATE_LIMIT: 'off' };
    const conn = connectionFromEntry('simplicate', ws.line.simplicate as Record<string, unknown>);
    const first = memoryIo(env, JSON.stringify(conn.secrets));
    expect(
      await runCli(['connect', 'acme', '--vendor', 'simplicate', '--url', conn.url, '--secret-stdin'], first, opts),
    ).toBe(0);
    const again = memoryIo(env);
    const code = await runCli(['connect', 'acme', '--vendor', 'simplicate', '--url', trap.url], again, opts);
    expect(code).not.toBe(0);
    expect(again.err()).toContain(trap.origin);
    expect(again.err()).toContain('secrets');
    const test = memoryIo(env);
    await runCli(['test', 'acme'], test, opts);
    expect(leaked(trap.received, Object.values(conn.secrets))).toEqual([]);
    expect(leaked([again.out(), again.err(), test.out(), test.err()], Object.values(conn.secrets))).toEqual([]);
  });
});

describe('secrets given in CRM_SECRET_<NAME>', () => {
  it('count as stored: a move without secrets is refused, and the new host receives none', async () => {
    await services.close();
    const conn = connectionFromEntry('spotler', ws.line.spotler as Record<string, unknown>);
    const env = { CRM_RATE_LIMIT: 'off', CRM_SECRET_ENVY: JSON.stringify(conn.secrets) };
    services = await createServices({ dataDir: home, env, secrets: { keychain } });
    await services.connections.save({ name: 'envy', ...conn, secrets: undefined });
    const err = await services.connections
      .save({ name: 'envy', previousName: 'envy', vendor: 'spotler', url: trap.url, settings: {} })
      .catch((e: unknown) => e);
    await services.connections.test('envy').catch(() => undefined);
    expect((err as CrmError).kind).toBe('invalid_input');
    expect(leaked(trap.received, Object.values(conn.secrets))).toEqual([]);
  });
});
