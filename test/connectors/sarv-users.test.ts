import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorRequestCounts } from '../../src/main/connectors/registry.ts';
import type { Connector } from '../../src/main/connectors/types.ts';
import { startSim, type SimHarness } from '../helpers/sim.ts';
import { errorOf } from '../helpers/errors.ts';

/**
 * SarvCRM's users module (src/main/connectors/sarv/users.ts, docs/vendors.md "Owners"): the users are the
 * owners the records name, found with one Retrieve per user (plus one per module that finds no one new),
 * not by reading every record; each has the name the vendor prints beside the id.
 */
const RECORDS = 300;
const MODULES = ['Accounts', 'Contacts', 'Leads', 'Opportunities'];

let h: SimHarness;
let c: Connector;

beforeAll(async () => {
  h = await startSim('sarv', { records: RECORDS, seed: 'sarv-users' });
  c = h.connector();
});
afterAll(async () => {
  await c?.close();
  await h?.ws.close();
});

/** Every owner id with the name Retrieve prints beside it, read the long way (every record). */
async function ownersOfEveryRecord(conn: Connector): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const module of MODULES) {
    for (let page = 1; ; page++) {
      const p = await conn.list(module, { page, pageSize: 100, filters: [] });
      for (const r of p.rows) {
        if (typeof r.assigned_user_id === 'string') owners.set(r.assigned_user_id, String(r.assigned_user_name));
      }
      if (!p.hasMore) break;
    }
  }
  return owners;
}

describe('SarvCRM users', () => {
  it('are the owners every record names, found with one call per user (and one per module)', async () => {
    const page = await c.list('Users', { page: 1, pageSize: 50, filters: [] });
    const counts = connectorRequestCounts(c);
    const users = page.rows.length;
    expect(users).toBeGreaterThan(1);
    // One call per user found, plus one per module that finds no one new.
    expect(counts?.byTag.users).toBe(users + MODULES.length);
    // Far fewer than reading every record would take.
    expect(users + MODULES.length).toBeLessThan((MODULES.length * RECORDS) / 100);

    const truth = await ownersOfEveryRecord(c);
    expect(new Map(page.rows.map((r) => [r.id, r.name]))).toEqual(truth);
    expect(page.total).toBe(truth.size);
  });

  it('are described read-only, found by name, and an unknown id is not found', async () => {
    const schema = await c.describe('Users');
    expect(schema.capabilities).toEqual({ create: false, update: false, delete: false });
    expect(schema.labelFields).toEqual(['name']);
    const all = (await c.list('Users', { page: 1, pageSize: 50, filters: [] })).rows;
    const someone = all[0];
    if (!someone) throw new Error('no users');
    const part = String(someone.name).slice(1, 4).toUpperCase();
    const found = await c.list('Users', {
      page: 1,
      pageSize: 50,
      filters: [{ field: 'name', op: 'contains', value: part }],
      sort: { field: 'name', desc: false },
    });
    expect(found.rows.map((r) => r.id)).toContain(someone.id);
    expect(await c.get('Users', someone.id)).toEqual(someone);
    expect((await errorOf(c.get('Users', 'no-such-user'))).kind).toBe('not_found');
    expect(
      (await errorOf(c.list('Users', { page: 1, pageSize: 5, filters: [{ field: 'x', op: '=', value: '1' }] }))).kind,
    ).toBe('invalid_input');
    expect((await errorOf(c.create('Users', { name: 'x' }))).kind).not.toBe('internal');
  });
});
