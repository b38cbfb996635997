import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSimulator, type RunningSim } from '../common/server.ts';
import { createSpotlerSim } from './index.ts';

type Body = Record<string, unknown>;
interface ListBody {
  metadata: { url: string; object_type: string; total_count: number; has_more: boolean };
  list: { metadata: Body; record: Body }[];
}

let run: RunningSim;
let token: string;

beforeAll(async () => {
  run = await serveSimulator(createSpotlerSim({ records: 60, seed: 'sim-test', limits: 'real' }));
  token = String(run.sim.credentials().accessToken);
});
afterAll(() => run.close());

async function call(method: string, path: string, opts: { body?: unknown; raw?: string; auth?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (opts.auth !== null) headers.Authorization = opts.auth ?? `Bearer ${token}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(run.baseUrl + path, {
    method,
    headers,
    ...(opts.raw !== undefined
      ? { body: opts.raw }
      : opts.body !== undefined
        ? { body: JSON.stringify(opts.body) }
        : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Body, headers: res.headers };
}

const list = async (path: string) => {
  const res = await call('GET', path);
  expect(res.status).toBe(200);
  return res.body as unknown as ListBody;
};
const q = (v: unknown) => encodeURIComponent(JSON.stringify(v));
const ids = (b: ListBody) => b.list.map((i) => Number(i.record.id));

describe('SpotlerCRM simulator: authentication', () => {
  it('answers 401 without a token and 403 "Unauthenticated" for a wrong one (docs/vendors.md)', async () => {
    const none = await call('GET', '/accounts', { auth: null });
    expect(none.status).toBe(401);
    const wrong = await call('GET', '/accounts', { auth: 'Bearer not-the-token' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 403, message: 'Unauthenticated.' });
    expect(typeof wrong.body.type).toBe('string');
  });

  it('serves the same token to every request: the expire fault has nothing to renew', async () => {
    run.sim.expireSessions();
    expect((await call('GET', '/accounts?limit=1')).status).toBe(200);
  });
});

describe('SpotlerCRM simulator: listing and paging', () => {
  it('defaults to 10 records with total_count and has_more', async () => {
    const b = await list('/accounts');
    expect(b.metadata).toMatchObject({ object_type: 'list', total_count: 60, has_more: true });
    expect(b.list).toHaveLength(10);
    expect(b.list[0]?.metadata).toMatchObject({ object_type: 'record', record_type: 'account', list_url: '/accounts' });
  });

  it('pages 1-based, with page 0 and no page both the first page (docs/vendors.md)', async () => {
    const first = ids(await list('/accounts?limit=5'));
    expect(ids(await list('/accounts?limit=5&page=0'))).toEqual(first);
    expect(ids(await list('/accounts?limit=5&page=1'))).toEqual(first);
    const second = ids(await list('/accounts?limit=5&page=2'));
    expect(second[0]).toBe((first[4] ?? 0) + 1);
  });

  it('caps limit at 100, ends has_more on the last page, and answers an empty list past the end', async () => {
    const b = await list('/accounts?limit=500');
    expect(b.list).toHaveLength(60);
    expect(b.metadata.has_more).toBe(false);
    const last = await list('/accounts?limit=25&page=3');
    expect(last.list).toHaveLength(10);
    expect(last.metadata.has_more).toBe(false);
    const past = await list('/accounts?limit=25&page=9');
    expect(past.list).toEqual([]);
  });

  it('refuses a limit or page that is not a number', async () => {
    expect((await call('GET', '/accounts?limit=ten')).status).toBe(400);
    expect((await call('GET', '/accounts?page=-1')).status).toBe(400);
    expect((await call('GET', '/accounts?limit=0')).status).toBe(400);
  });

  it('orders by one or more fields, asc or desc', async () => {
    const asc = (await list(`/accounts?limit=100&order=${q({ name: 'asc', id: 'asc' })}`)).list.map((i) =>
      String(i.record.name),
    );
    const lower = (v: string) => v.toLowerCase();
    expect(asc).toEqual([...asc].sort((a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0)));
    const desc = ids(await list(`/accounts?limit=100&order=${q({ id: 'desc' })}`));
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect((await call('GET', `/accounts?order=${q({ name: 'up' })}`)).status).toBe(400);
    expect((await call('GET', `/accounts?order=${q({ nope: 'asc' })}`)).status).toBe(400);
  });

  it('orders text by lower case and code points, Latin and Persian alike, ties by id (docs/vendors.md)', async () => {
    const names = ['beta', 'Alpha', 'ALPHA', 'مریم', 'Zeta', 'آریا', 'émile'];
    const created: Record<string, number> = {};
    for (const name of names) {
      const res = await call('POST', '/accounts', { body: { name, notes: 'order-rule' } });
      expect(res.status).toBe(201);
      created[name] = Number((res.body.record as Body).id);
    }
    const ordered = async (dir: string) =>
      (await list(`/accounts?limit=100&q=${q({ notes: 'order-rule' })}&order=${q({ name: dir })}`)).list.map((i) =>
        String(i.record.name),
      );
    expect(await ordered('asc')).toEqual(['Alpha', 'ALPHA', 'beta', 'Zeta', 'émile', 'آریا', 'مریم']);
    // Descending turns the text order round; equal keys stay in id order.
    expect(await ordered('desc')).toEqual(['مریم', 'آریا', 'émile', 'Zeta', 'beta', 'Alpha', 'ALPHA']);
    for (const id of Object.values(created)) expect((await call('DELETE', `/accounts/${id}`)).status).toBe(200);
  });

  it('returns opportunity lines inline with lines=true only', async () => {
    const plain = await list('/opportunities?limit=20');
    expect(plain.list.every((i) => !('lines' in i.record))).toBe(true);
    const withLines = await list('/opportunities?limit=20&lines=true');
    expect(withLines.list.every((i) => Array.isArray(i.record.lines))).toBe(true);
    const line = withLines.list.flatMap((i) => i.record.lines as Body[])[0];
    expect(line).toMatchObject({ opportunityid: expect.any(Number), product: expect.any(String) });
  });
});

describe('SpotlerCRM simulator: q filters', () => {
  const all = async () => (await list('/accounts?limit=100')).list.map((i) => i.record);

  it('matches fields exactly and ANDs several fields', async () => {
    const rows = await all();
    const sample = rows[3] as Body;
    const b = await list(`/accounts?limit=100&q=${q({ name: sample.name })}`);
    expect(b.list.length).toBeGreaterThan(0);
    expect(b.list.every((i) => i.record.name === sample.name)).toBe(true);
    const both = await list(`/accounts?limit=100&q=${q({ name: sample.name, ownerid: sample.ownerid })}`);
    expect(both.list.every((i) => i.record.name === sample.name && i.record.ownerid === sample.ownerid)).toBe(true);
  });

  it('supports every operator of the doc', async () => {
    const rows = await all();
    const n = (r: Body) => Number(r.employees);
    const check = async (cond: unknown, pred: (r: Body) => boolean) => {
      const b = await list(`/accounts?limit=100&q=${q(cond)}`);
      expect(b.list.map((i) => i.record.id).sort()).toEqual(
        rows
          .filter(pred)
          .map((r) => r.id)
          .sort(),
      );
    };
    const t = (rows[0] as Body).type;
    await check({ type: { $not: t } }, (r) => r.type !== t);
    await check({ type: { $in: ['Customer', 'Partner'] } }, (r) => r.type === 'Customer' || r.type === 'Partner');
    await check({ type: { $nin: ['Customer', 'Partner'] } }, (r) => r.type !== 'Customer' && r.type !== 'Partner');
    await check(
      { $or: [{ type: 'Customer' }, { sector: 'Retail' }] },
      (r) => r.type === 'Customer' || r.sector === 'Retail',
    );
    await check({ employees: { $gt: 1000 } }, (r) => r.employees !== null && n(r) > 1000);
    await check({ employees: { $gte: 1000 } }, (r) => r.employees !== null && n(r) >= 1000);
    await check({ employees: { $lt: 1000 } }, (r) => r.employees !== null && n(r) < 1000);
    await check({ employees: { $lte: 1000 } }, (r) => r.employees !== null && n(r) <= 1000);
    await check({ employees: { $bt: [500, 2500] } }, (r) => r.employees !== null && n(r) >= 500 && n(r) <= 2500);
    await check({ name: { $sw: 'A' } }, (r) => String(r.name).startsWith('A'));
    await check({ name: { $ew: 'Ltd' } }, (r) => String(r.name).endsWith('Ltd'));
    await check({ name: { $con: 'e' } }, (r) => String(r.name).includes('e'));
  });

  it('answers a "changed since" query from its modifieddate index exactly as a full scan would', async () => {
    const rows = (await list(`/accounts?limit=100&order=${q({ modifieddate: 'asc' })}`)).list.map((i) => i.record);
    const pivot = String(rows[40]?.modifieddate);
    const old = rows[2] as Body;
    run.sim.records.update('accounts', String(old.id), { notes: 'touched' });
    const deleted = String(rows[50]?.id);
    run.sim.records.remove('accounts', deleted);
    const order = q({ modifieddate: 'asc', id: 'asc' });
    const indexed = await list(`/accounts?limit=100&order=${order}&q=${q({ modifieddate: { $gte: pivot } })}`);
    // An $or branch without a bound on modifieddate makes the simulator scan every record.
    const scanned = await list(
      `/accounts?limit=100&order=${order}&q=${q({ $or: [{ modifieddate: { $gte: pivot } }, { id: { $lt: 0 } }] })}`,
    );
    // A condition on another field makes it generate and test whole rows.
    const full = await list(
      `/accounts?limit=100&order=${order}&q=${q({ $or: [{ modifieddate: { $gte: pivot } }, { name: '\u0000none' }] })}`,
    );
    expect(ids(indexed)).toEqual(ids(scanned));
    expect(ids(indexed)).toEqual(ids(full));
    expect(indexed.metadata.total_count).toBe(scanned.metadata.total_count);
    expect(indexed.metadata.total_count).toBe(full.metadata.total_count);
    expect(ids(indexed)).toContain(Number(old.id));
    expect(ids(indexed)).not.toContain(Number(deleted));
    expect(indexed.list.every((i) => String(i.record.modifieddate) >= pivot)).toBe(true);
    run.sim.reset();
  });

  it('answers an id keyset walk by key, with the same rows and count as a full scan', async () => {
    const all = ids(await list('/accounts?limit=100'));
    run.sim.records.remove('accounts', String(all[3]));
    run.sim.records.remove('accounts', String(all[30]));
    const created = Number(run.sim.records.create('accounts', { name: 'Newest' }));
    const after = all[19] as number;
    for (const [op, from] of [
      ['$gt', after],
      ['$gte', after],
      ['$gt', 0],
    ] as const) {
      const walked = await list(`/accounts?limit=15&page=2&q=${q({ id: { [op]: from } })}`);
      const scanned = await list(
        `/accounts?limit=15&page=2&q=${q({ $or: [{ id: { [op]: from } }, { name: '\u0000none' }] })}`,
      );
      expect(ids(walked), `${op} ${from}`).toEqual(ids(scanned));
      expect(walked.metadata.total_count, `${op} ${from}`).toBe(scanned.metadata.total_count);
      expect(walked.metadata.has_more).toBe(scanned.metadata.has_more);
    }
    const tail = await list(`/accounts?limit=100&q=${q({ id: { $gt: after } })}`);
    expect(ids(tail)).toContain(created);
    expect(ids(tail)).not.toContain(all[30]);
    run.sim.reset();
  });

  it('treats % and _ literally in $con', async () => {
    const b = await list(`/accounts?limit=100&q=${q({ name: { $con: '%' } })}`);
    expect(b.list.every((i) => String(i.record.name).includes('%'))).toBe(true);
  });

  it('answers 400 for malformed JSON, unknown fields and unknown operators', async () => {
    for (const bad of [
      '{"name":',
      q({ nope: 'x' }),
      q({ name: { $like: 'x' } }),
      q({ $and: [] }),
      q({ name: { $in: 'x' } }),
    ]) {
      const res = await call('GET', `/accounts?q=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 400, message: expect.any(String) });
    }
  });
});

describe('SpotlerCRM simulator: records', () => {
  it('gets one record, or 404 for an unknown or non-numeric id', async () => {
    const first = (await list('/contacts?limit=1')).list[0]?.record as Body;
    const one = await call('GET', `/contacts/${String(first.id)}`);
    expect(one.status).toBe(200);
    expect(one.body.record).toEqual(first);
    expect((await call('GET', '/contacts/1')).status).toBe(404);
    expect((await call('GET', '/contacts/abc')).status).toBe(404);
  });

  it('creates with defaults (201), updates (200) and deletes (200 {})', async () => {
    const created = await call('POST', '/accounts', { body: { name: 'testing API', ownerid: 90506, tags: ['VIP'] } });
    expect(created.status).toBe(201);
    const rec = created.body.record as Body;
    // Doc's create example: a body without addresscountry answers "United Kingdom".
    expect(rec).toMatchObject({ name: 'testing API', ownerid: 90506, addresscountry: 'United Kingdom', tags: ['VIP'] });
    expect(rec.createddate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const path = `/accounts/${String(rec.id)}`;
    const updated = await call('PATCH', path, { body: { name: 'testing API Updated' } });
    expect(updated.status).toBe(200);
    expect(updated.body.record).toMatchObject({ id: rec.id, name: 'testing API Updated', ownerid: 90506 });
    const removed = await call('DELETE', path);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({});
    expect((await call('GET', path)).status).toBe(404);
  });

  it('answers 422 with per-field rules, like the doc', async () => {
    const res = await call('POST', '/contacts', { body: { forename: 'Ann' } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: 'Validation error', code: 422, message: 'The given data was invalid.' });
    expect(res.body.validation).toEqual({ accountid: [{ Required: [] }], surname: [{ Required: [] }] });
    const bad = await call('POST', '/contacts', {
      body: { surname: 'X', accountid: 1, email: 'no-at-sign', title: 'Sir', dateofbirth: '1990-13-45', id: 5 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.validation).toEqual({
      accountid: [{ Exists: [] }],
      email: [{ Email: [] }],
      title: [{ In: [] }],
      dateofbirth: [{ DateFormat: ['Y-m-d'] }],
      id: [{ ReadOnly: [] }],
    });
    const unknown = await call('POST', '/accounts', { body: { name: 'x', colour: 'red' } });
    expect(unknown.body.validation).toEqual({ colour: [{ NotInDataDictionary: [] }] });
    const first = (await list('/accounts?limit=1')).list[0]?.record as Body;
    const emptied = await call('PATCH', `/accounts/${String(first.id)}`, { body: { name: '' } });
    expect(emptied.status).toBe(422);
    expect(emptied.body.validation).toEqual({ name: [{ Required: [] }] });
  });

  it('answers 400 for a body that is not a JSON object', async () => {
    expect((await call('POST', '/accounts', { raw: '{"name":' })).status).toBe(400);
    expect((await call('POST', '/accounts', { raw: '["x"]' })).status).toBe(400);
  });

  it('answers 405 for a wrong method, including PATCH and DELETE without an id', async () => {
    for (const [method, path] of [
      ['PATCH', '/accounts'],
      ['DELETE', '/accounts'],
      ['PUT', '/accounts/95920001'],
      ['POST', '/accounts/95920001'],
      ['POST', '/datadictionary/accounts'],
    ] as const) {
      const res = await call(method, path, method === 'DELETE' ? {} : { body: {} });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.body.code).toBe(405);
    }
  });

  it('answers an unknown record type with the doc example error', async () => {
    const res = await call('GET', '/accountss');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ type: 'Invalid Request error', code: 500, message: 'Invalid record type (accountss)' });
  });
});

describe('SpotlerCRM simulator: data dictionary and lookups', () => {
  it('lists field names, types and required flags', async () => {
    const res = await call('GET', '/datadictionary/opportunities');
    expect(res.status).toBe(200);
    const fields = res.body.fields as Body[];
    expect(fields.find((f) => f.name === 'accountid')).toMatchObject({
      type: 'reference',
      required: true,
      references: 'accounts',
    });
    expect(fields.find((f) => f.name === 'modifieddate')).toMatchObject({ type: 'datetime', readonly: true });
    expect((await call('GET', '/datadictionary/nothing')).status).toBe(500);
  });

  it('answers the data dictionary for every record type of the doc, simulated or not', async () => {
    const documented = [
      'accounts',
      'activities',
      'contacts',
      'campaigns',
      'campaigndetails',
      'campaignstages',
      'cases',
      'documents',
      'opportunities',
      'opportunityhistories',
      'opportunity_lines',
    ];
    for (const object of documented) {
      const res = await call('GET', `/datadictionary/${object}`);
      expect(res.status, object).toBe(200);
      expect(res.body.metadata).toMatchObject({ object_type: 'datadictionary', url: `/datadictionary/${object}` });
      const fields = res.body.fields as Body[];
      expect(
        fields.find((f) => f.name === 'id'),
        object,
      ).toMatchObject({ type: 'integer', readonly: true });
      expect(
        fields.some((f) => f.required === true),
        object,
      ).toBe(true);
    }
    const activity = (await call('GET', '/datadictionary/activities')).body.fields as Body[];
    expect(activity.find((f) => f.name === 'accountid')).toMatchObject({ type: 'reference', references: 'accounts' });
    expect((await call('GET', '/lookup/activities/type')).body.list).toContainEqual({ value: 'Call', id: 'Call' });
    expect((await call('GET', '/lookup/activities/ownerid')).body.list).toContainEqual({
      value: 'Anna de Vries',
      id: 90505,
    });
    // The simulator keeps no records of these types: an empty list, 404 for an id, writes refused.
    expect(await list('/activities')).toMatchObject({ metadata: { total_count: 0, has_more: false }, list: [] });
    expect((await call('GET', '/activities/1')).status).toBe(404);
    expect((await call('POST', '/activities', { body: { subject: 'x' } })).status).toBe(403);
  });

  it('lists lookup values as {value, id}, users by id', async () => {
    const types = await call('GET', '/lookup/accounts/type');
    expect(types.body.list).toContainEqual({ value: 'Customer', id: 'Customer' });
    const owners = await call('GET', '/lookup/accounts/ownerid');
    expect(owners.body.list).toContainEqual({ value: 'Anna de Vries', id: 90505 });
    expect((await call('GET', '/lookup/accounts/name')).status).toBe(404);
  });

  it('appends to a lookup list with PATCH /lookup/{list_name}, and the new value validates', async () => {
    const res = await call('PATCH', '/lookup/sector', { body: { items: ['Aerospace', 'Retail', 'Space mining'] } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'Lookup values added',
      items: [
        { value: 'Aerospace', id: 'Aerospace' },
        { value: 'Space mining', id: 'Space mining' },
      ],
    });
    expect((await call('GET', '/lookup/accounts/sector')).body.list).toContainEqual({
      value: 'Aerospace',
      id: 'Aerospace',
    });
    expect((await call('POST', '/accounts', { body: { name: 'Orbital', sector: 'Aerospace' } })).status).toBe(201);
    expect((await call('PATCH', '/lookup/sector', { body: { items: [] } })).status).toBe(422);
    expect((await call('PATCH', '/lookup/nolist', { body: { items: ['x'] } })).status).toBe(404);
    expect((await call('PATCH', '/lookup/accounts/sector', { body: { items: ['x'] } })).status).toBe(405);
    run.sim.reset();
    expect((await call('GET', '/lookup/accounts/sector')).body.list).not.toContainEqual({
      value: 'Aerospace',
      id: 'Aerospace',
    });
  });
});

describe('SpotlerCRM simulator: data', () => {
  it('is deterministic per seed, references existing accounts, and resets', async () => {
    const other = createSpotlerSim({ records: 60, seed: 'sim-test', limits: 'off' });
    const a = run.sim.records.get('contacts', '48100007');
    expect(other.records.get('contacts', '48100007')).toEqual(a);
    expect(run.sim.records.get('accounts', String(a?.accountid))).toBeDefined();
    const id = run.sim.records.create('accounts', { name: 'From control' });
    expect(run.sim.records.update('accounts', id, { name: 'Changed' })).toBe(true);
    expect(run.sim.records.get('accounts', id)?.name).toBe('Changed');
    run.sim.reset();
    expect(run.sim.records.get('accounts', id)).toBeUndefined();
  });

  it('starts instantly with 1,000,000 records per module and pages the newest quickly', async () => {
    const started = Date.now();
    const big = await serveSimulator(createSpotlerSim({ records: 1_000_000, seed: 'big', limits: 'off' }));
    try {
      const res = await fetch(`${big.baseUrl}/accounts?limit=100&page=5000&order=${q({ id: 'desc' })}`, {
        headers: { Authorization: `Bearer ${String(big.sim.credentials().accessToken)}` },
      });
      const body = (await res.json()) as ListBody;
      expect(body.metadata.total_count).toBe(1_000_000);
      expect(body.list).toHaveLength(100);
      // A scan of a million generated rows takes several seconds; a key walk answers at once.
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await big.close();
    }
  });
});
