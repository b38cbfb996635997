import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { TOKEN_MASK } from '../../src/main/connectors/smartsimple/settings.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';

// The connection manager's edit of a SmartSimple connection, through the services, against the
// simulator: the form sends the stored settings back with every API token masked.

interface Fn {
  recordType: string;
  action: string;
  apitoken: string;
  fieldList: string;
}

let sim: SimHarness;
let home: string;
let services: LocalServices;
let keychain: MemorySecretStore;
const functionsOf = (settings: Record<string, string>) => JSON.parse(settings.functions ?? '[]') as Fn[];

beforeAll(async () => {
  sim = await startSim('smartsimple', { records: 5 });
});
afterAll(async () => {
  await sim?.ws.close();
});
beforeEach(async () => {
  await services?.close();
  if (home) await rm(home, { recursive: true, force: true });
  home = await mkdtemp(join(tmpdir(), 'crm-conn-ss-'));
  keychain = new MemorySecretStore();
  services = await createServices({ dataDir: home, env: { CRM_RATE_LIMIT: 'off' }, secrets: { keychain } });
  await services.connections.save({ name: 'ss', ...connectionFromEntry('smartsimple', sim.entry) });
});

describe('editing a SmartSimple connection', () => {
  it('the simulator has two company List functions (the case the token keys number)', () => {
    const lists = functionsOf(connectionFromEntry('smartsimple', sim.entry).settings).filter(
      (f) => f.recordType === 'company' && f.action === 'List',
    );
    expect(lists.length).toBe(2);
  });

  it('keeps every stored API token when only the password is retyped', async () => {
    const shown = await services.connections.info('ss');
    expect(functionsOf(shown.settings).every((f) => f.apitoken === TOKEN_MASK)).toBe(true);
    const before = await keychain.get('ss');
    await services.connections.save({
      name: 'ss',
      previousName: 'ss',
      vendor: 'smartsimple',
      url: shown.url,
      settings: shown.settings,
      secrets: { password: String(sim.entry.password) },
    });
    expect(await keychain.get('ss')).toEqual(before);
    await expect(services.connections.test('ss')).resolves.toMatchObject({ ok: true });
    // Both company lists still work (the grid uses the wider one, the id pass the narrower one).
    const page = await services.records.list('ss', 'company', { page: 1, pageSize: 3, filters: [] });
    expect(page.rows.length).toBe(3);
  });

  it('keeps the masked tokens and takes a retyped one when the settings change', async () => {
    const shown = await services.connections.info('ss');
    const fns = functionsOf(shown.settings);
    const isCompanyList = (f: Fn) => f.recordType === 'company' && f.action === 'List';
    const second = fns.findLastIndex(isCompanyList);
    expect(second).toBeGreaterThan(fns.findIndex(isCompanyList));
    fns[second] = { ...fns[second]!, apitoken: 'retyped-token' };
    await services.connections.save({
      name: 'ss',
      previousName: 'ss',
      vendor: 'smartsimple',
      url: shown.url,
      settings: { ...shown.settings, functions: JSON.stringify(fns) },
    });
    const stored = (await keychain.get('ss')) ?? {};
    expect(stored['apitoken:company:List#2']).toBe('retyped-token');
    const original = functionsOf(connectionFromEntry('smartsimple', sim.entry).settings);
    expect(stored['apitoken:company:List']).toBe(
      original.find((f) => f.recordType === 'company' && f.action === 'List')!.apitoken,
    );
    expect(stored.password).toBe(String(sim.entry.password));
    expect(Object.keys(stored).length).toBe(original.length + 1);
  });

  it('says a wrong retyped password is wrong (not that a token is missing)', async () => {
    const shown = await services.connections.info('ss');
    await services.connections.save({
      name: 'ss',
      previousName: 'ss',
      vendor: 'smartsimple',
      url: shown.url,
      settings: shown.settings,
      secrets: { password: 'not-the-password' },
    });
    const err = await services.connections.test('ss').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).not.toMatch(/missing/);
    expect(String((err as Error).message)).not.toContain('not-the-password');
  });
});

afterAll(async () => {
  await services?.close();
  if (home) await rm(home, { recursive: true, force: true });
});
