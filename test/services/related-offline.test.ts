import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/handlers.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { createMirrorServices } from '../../src/main/services/mirror/index.ts';
import type { Handlers } from '../../src/main/router.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';

/**
 * Related records offline: the app's own handlers over real services, a real SarvCRM simulator and a
 * real SQLite mirror. Once the modules are synced, a connection switched to offline (and one whose
 * vendor cannot be reached) lists an account's contacts and opportunities from the mirror, the same
 * rows the vendor gave, with no request reaching the vendor.
 */
const CONN = 'Related offline';
const modules = ['Accounts', 'Contacts', 'Opportunities'];

let sim: SimHarness;
let services: LocalServices;
let handlers: Handlers;
let dataDir: string;
let accountId = '';
let contactId = '';

const vendorRequests = async () => ((await sim.control('GET', 'stats')) as { requests: number }).requests;
const related = (offline = false) =>
  handlers['records.related']({ connection: CONN, module: 'Accounts', id: accountId, offline, pageSize: 10 });

beforeAll(async () => {
  sim = await startSim('sarv', { records: 20, seed: 'related-offline' });
  dataDir = await mkdtemp(join(tmpdir(), 'crm-related-offline-'));
  services = await createServices({
    dataDir,
    env: {},
    mirror: createMirrorServices,
    demo: [{ name: CONN, ...connectionFromEntry('sarv', sim.entry), rateLimit: false }],
  });
  handlers = createHandlers(services, { version: 'test', transport: 'browser', demo: false });
  // An account of our own with one contact linked to it, so the relation is known to hold rows.
  accountId = (await services.records.create(CONN, 'Accounts', { name: 'Offline Relations Ltd' })).id;
  contactId = (
    await services.records.create(CONN, 'Contacts', { first_name: 'Nika', last_name: 'Offline', account_id: accountId })
  ).id;
  await services.sync.run(CONN, modules);
}, 120_000);

afterAll(async () => {
  await services?.close();
  await sim?.ws.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('related records from the mirror', () => {
  it('a connection switched to offline lists the same related records, asking the vendor nothing', async () => {
    const live = await related();
    const liveContacts = live.find((l) => l.module === 'Contacts');
    expect(liveContacts?.rows.map((r) => r.id)).toContain(contactId);

    await services.sync.setOffline(CONN, true);
    try {
      const before = await vendorRequests();
      const offline = await related();
      expect(await vendorRequests()).toBe(before);
      expect(offline.map((l) => [l.module, l.field])).toEqual(live.map((l) => [l.module, l.field]));
      for (const list of live) {
        const mirrored = offline.find((l) => l.module === list.module && l.field === list.field);
        expect(mirrored?.rows.map((r) => r.id).sort()).toEqual(list.rows.map((r) => r.id).sort());
      }
      const contact = offline.find((l) => l.module === 'Contacts')?.rows.find((r) => r.id === contactId);
      expect(contact).toMatchObject({ first_name: 'Nika', last_name: 'Offline', account_id: accountId });
    } finally {
      await services.sync.setOffline(CONN, false);
    }
  });

  it('a vendor that cannot be reached falls back to the mirror for related records', async () => {
    await sim.control('POST', 'offline');
    try {
      const offline = await related();
      expect(offline.find((l) => l.module === 'Contacts')?.rows.map((r) => r.id)).toContain(contactId);
      // Asked for the mirror explicitly: the answer comes without a request.
      await sim.control('POST', 'online');
      const before = await vendorRequests();
      const asked = await related(true);
      expect(asked.find((l) => l.module === 'Contacts')?.rows.map((r) => r.id)).toContain(contactId);
      expect(await vendorRequests()).toBe(before);
    } finally {
      await sim.control('POST', 'online');
    }
  });

  it('reference labels and the picker read the mirror while offline, asking the vendor nothing', async () => {
    const liveLabels = await handlers['records.labels']({
      connection: CONN,
      module: 'Accounts',
      ids: [accountId, 'gone'],
    });
    expect(liveLabels).toEqual({ [accountId]: 'Offline Relations Ltd' });
    await services.sync.setOffline(CONN, true);
    try {
      const before = await vendorRequests();
      const labels = await handlers['records.labels']({
        connection: CONN,
        module: 'Accounts',
        ids: [accountId, 'gone'],
      });
      expect(labels).toEqual(liveLabels);
      const picked = await handlers['records.lookup']({
        connection: CONN,
        module: 'Accounts',
        text: 'offline relations',
        limit: 5,
      });
      expect(picked).toEqual([{ id: accountId, label: 'Offline Relations Ltd' }]);
      // A module never synced has no labels offline: the ids show, and nothing fails.
      expect(await handlers['records.labels']({ connection: CONN, module: 'Leads', ids: ['1'] })).toEqual({});
      expect(await vendorRequests()).toBe(before);
    } finally {
      await services.sync.setOffline(CONN, false);
    }
  });
});
