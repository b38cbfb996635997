import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSimulator, type RunningSim } from '../common/server.ts';
import { createSarvSim } from './index.ts';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

interface Answer {
  status: number;
  message: string | string[];
  data: unknown;
}
type Row = Record<string, string | null>;

let run: RunningSim;
let creds: { utype: string; username: string; password: string };
let token: string;

async function call(
  method: string,
  path: string,
  opts: { body?: unknown; form?: Record<string, string>; token?: string | null } = {},
) {
  const headers: Record<string, string> = {};
  const bearer = opts.token === undefined ? token : opts.token;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  } else if (opts.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  }
  const res = await fetch(`${run.baseUrl}/API.php?${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

async function json(
  method: string,
  path: string,
  opts: Parameters<typeof call>[2] = {},
): Promise<{ http: number; body: Answer }> {
  const res = await call(method, path, opts);
  return { http: res.status, body: JSON.parse(res.text) as Answer };
}

async function login(extra: Record<string, string> = {}): Promise<string> {
  const res = await json('POST', 'method=Login', {
    body: { utype: creds.utype, user_name: creds.username, password: md5(creds.password), ...extra },
    token: null,
  });
  expect(res.http).toBe(200);
  return (res.body.data as { token: string }).token;
}

const retrieve = (module: string, body: Record<string, unknown>) =>
  json('POST', `method=Retrieve&module=${module}`, { body });
const rows = (a: { body: Answer }) => a.body.data as Row[];

beforeAll(async () => {
  run = await serveSimulator(createSarvSim({ records: 150, seed: 'simtest', limits: 'off' }));
  creds = run.sim.credentials() as typeof creds;
  token = await login();
});
afterAll(async () => {
  await run.close();
});

describe('Login', () => {
  it('answers a token for user_name + md5(password) + utype, as JSON or form-encoded', async () => {
    expect(token).toMatch(/^[0-9a-f]{40}$/);
    const form = await json('POST', 'method=Login', {
      form: { utype: creds.utype, user_name: creds.username, password: md5(creds.password) },
      token: null,
    });
    expect(form.body.status).toBe(200);
    expect(typeof (form.body.data as { token: unknown }).token).toBe('string');
  });

  it("refuses the doc sample's `username`, a plain password, a wrong utype, and GET", async () => {
    const bad = [
      { utype: creds.utype, username: creds.username, password: md5(creds.password) },
      { utype: creds.utype, user_name: creds.username, password: creds.password },
      { utype: 'other', user_name: creds.username, password: md5(creds.password) },
    ];
    for (const body of bad) {
      const res = await json('POST', 'method=Login', { body, token: null });
      expect(res.http).toBe(401);
      expect(res.body).toEqual({
        status: 401,
        message: 'Login attempt failed please check the username and password',
        data: [],
      });
    }
    expect((await json('GET', 'method=Login', { token: null })).http).toBe(400);
  });

  it('needs the Bearer token on every other call, and expiry invalidates it', async () => {
    for (const t of [null, 'nope']) {
      const res = await json('GET', 'method=GetModuleFields&module=Accounts', { token: t });
      expect(res.http).toBe(401);
      expect(res.body.message).toBe('The session ID is invalid.');
    }
    const own = await login();
    run.sim.expireSessions();
    expect((await json('GET', 'method=GetModuleFields&module=Accounts', { token: own })).http).toBe(401);
    token = await login();
  });
});

describe('Retrieve', () => {
  it('pages with limit and offset, and answers an empty list past the end', async () => {
    const a = rows(await retrieve('Accounts', { limit: 10, offset: 0 }));
    const b = rows(await retrieve('Accounts', { limit: 10, offset: 10 }));
    expect(a).toHaveLength(10);
    expect(b).toHaveLength(10);
    expect(new Set([...a, ...b].map((r) => r.id)).size).toBe(20);
    expect(rows(await retrieve('Accounts', { limit: 10, offset: 150 }))).toEqual([]);
    // Every value a string or null; datetimes ISO 8601 with the Tehran offset (the doc's Data Types).
    for (const v of Object.values(a[0]!)) expect(v === null || typeof v === 'string').toBe(true);
    expect(a[0]!.date_modified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:30$/);
  });

  it('refuses a limit above 100 or an offset below 0', async () => {
    for (const body of [{ limit: 101 }, { limit: 0 }, { limit: 5, offset: -1 }]) {
      const res = await retrieve('Accounts', body);
      expect(res.http).toBe(400);
      expect(res.body.status).toBe(400);
    }
  });

  it('takes parameters in the URL and in a form body, with selected_fields', async () => {
    const get = await json(
      'GET',
      'method=Retrieve&module=Contacts&limit=3&selected_fields[]=id&selected_fields[]=last_name',
    );
    expect(rows(get)).toHaveLength(3);
    expect(Object.keys(rows(get)[0]!)).toEqual(['id', 'last_name']);
    const form = await json('POST', 'method=Retrieve&module=Contacts', {
      form: { limit: '2', query: "contacts.last_name <> ''" },
    });
    expect(rows(form)).toHaveLength(2);
  });

  it('returns one record as a one-element list for `id`, and code 22 for an unknown id', async () => {
    const [first] = rows(await retrieve('Opportunities', { limit: 1 }));
    const one = await json('GET', `method=Retrieve&module=Opportunities&id=${first!.id}`);
    expect(rows(one)).toEqual([first]);
    const none = await json('GET', 'method=Retrieve&module=Opportunities&id=00000000-0000-4000-8000-000000999999');
    expect(none.http).toBe(400);
    expect(none.body.message).toMatch(/deleted or does not exist/);
  });

  it('answers 404 for an unknown module and 400 for an unknown method', async () => {
    expect((await retrieve('Nope', {})).http).toBe(404);
    expect((await json('GET', 'method=Frobnicate&module=Accounts')).http).toBe(400);
  });

  it('evaluates WHERE clauses: LIKE with ESCAPE, doubled quotes, IN, IS NULL, FALSE, OR and parentheses', async () => {
    const names = async (query: string) =>
      rows(await retrieve('Accounts', { query, selected_fields: ['name'], limit: 100 })).map((r) => r.name);
    const pct = await names("accounts.name LIKE '%\\\\%%' ESCAPE '\\\\'");
    expect(pct.length).toBeGreaterThan(0);
    for (const n of pct) expect(n).toContain('%');
    const anyChar = await names("accounts.name LIKE '%%%'");
    expect(anyChar.length).toBeGreaterThan(pct.length);
    const underscore = await names("name LIKE '%\\\\_%' ESCAPE '\\\\'");
    for (const n of underscore) expect(n).toContain('_');
    const quoted = await names("name = 'O''Reilly & Sons' OR name = 'x'' or 1=1 --'");
    for (const n of quoted) expect(["O'Reilly & Sons", "x' or 1=1 --"]).toContain(n);
    expect(await names('FALSE')).toEqual([]);
    expect((await names('TRUE')).length).toBe(100);
    const inList = await names("(account_type IN ('Partner', 'Other')) AND NOT (employees < 100)");
    const check = rows(
      await retrieve('Accounts', {
        query: "(account_type IN ('Partner', 'Other')) AND NOT (employees < 100)",
        limit: 100,
      }),
    );
    expect(check.length).toBe(inList.length);
    for (const r of check) {
      expect(['Partner', 'Other']).toContain(r.account_type);
      expect(Number(r.employees)).toBeGreaterThanOrEqual(100);
    }
    const noIndustry = rows(await retrieve('Accounts', { query: 'industry IS NULL', limit: 100 }));
    expect(noIndustry.length).toBeGreaterThan(0);
    for (const r of noIndustry) expect(r.industry).toBeNull();
    // Case-insensitive like MySQL's default collation.
    const [sample] = rows(await retrieve('Accounts', { limit: 1 }));
    expect((await names(`name = '${sample!.name!.toUpperCase().replace(/'/g, "''")}'`)).length).toBeGreaterThan(0);
  });

  it('answers "MySQL Error" text, not JSON, for a query or order_by it cannot run', async () => {
    for (const body of [
      { query: "name = 'O'Reilly'" },
      { query: "name = 'x' or 1=1 --'" },
      { query: "name = 'unterminated" },
      { query: 'nosuchcolumn = 1' },
      { query: "contacts.name = 'x'" },
      { query: 'name LIKE' },
      { query: "name = 'a'; DROP TABLE accounts" },
      { order_by: 'nosuch DESC' },
      { selected_fields: ['id', 'nosuch'] },
      // A relate display name is joined in, not a column.
      { query: "assigned_user_name = 'x'" },
    ]) {
      const res = await call('POST', 'method=Retrieve&module=Accounts', { body });
      expect(res.text, JSON.stringify(body)).toContain('MySQL Error');
      expect(() => JSON.parse(res.text)).toThrow();
    }
  });

  it('sorts by order_by, table-qualified or not, several columns with ASC/DESC', async () => {
    const asc = rows(await retrieve('Accounts', { order_by: 'accounts.employees ASC, accounts.id', limit: 100 }));
    const desc = rows(await retrieve('Accounts', { order_by: 'employees DESC', limit: 100 }));
    const n = (r: Row) => Number(r.employees);
    for (let i = 1; i < asc.length; i++) expect(n(asc[i]!)).toBeGreaterThanOrEqual(n(asc[i - 1]!));
    for (let i = 1; i < desc.length; i++) expect(n(desc[i]!)).toBeLessThanOrEqual(n(desc[i - 1]!));
  });
});

describe('Save and DELETE', () => {
  it('creates with POST (201), saving the `numbers` list into the flat phone fields', async () => {
    const res = await json('POST', 'method=Save&module=Leads', {
      body: {
        first_name: 'Joel',
        last_name: "O'Miller",
        status: 'New',
        numbers: [
          { type: 'Mobile', number: '09121111234', phoneCode: '+98', primary: 1, sms: 0, fax: 0 },
          { number: '0215555', sms: 1 },
        ],
        primary_number: 'ignored: Save takes numbers',
      },
    });
    expect(res.http).toBe(201);
    expect(res.body.message).toEqual(['The record has been created.']);
    const id = (res.body.data as { id: string }).id;
    const [rec] = rows(await json('GET', `method=Retrieve&module=Leads&id=${id}`));
    expect(rec).toMatchObject({
      last_name: "O'Miller",
      primary_number: '09121111234',
      primary_number_country_code: '+98',
      sms_number: '0215555',
      fax_number: null,
    });
    expect(rec!.assigned_user_name).toBeTruthy();
  });

  it('refuses a missing required field (code 14) naming it, an unknown field and a wrong type', async () => {
    const missing = await json('POST', 'method=Save&module=Leads', { body: { first_name: 'No last name' } });
    expect(missing.http).toBe(400);
    expect(missing.body.message).toContain('last_name: Last Name is required');
    const unknown = await json('POST', 'method=Save&module=Leads', { body: { last_name: 'x', shoe_size: 44 } });
    expect(unknown.http).toBe(400);
    expect((unknown.body.message as string[]).join()).toMatch(/shoe_size/);
    const wrong = await json('POST', 'method=Save&module=Opportunities', {
      body: { name: 'x', amount: 'lots', sales_stage: 'Dreaming', date_closed: '2026-13-45' },
    });
    expect(wrong.http).toBe(400);
    const lines = (wrong.body.message as string[]).join('\n');
    expect(lines).toMatch(/^amount: /m);
    expect(lines).toMatch(/^sales_stage: /m);
  });

  it('updates with PUT and id, keeps other fields, and refuses POST with an id', async () => {
    const [acc] = rows(await retrieve('Accounts', { limit: 1, offset: 7 }));
    const put = await json('PUT', `method=Save&module=Accounts&id=${acc.id}`, {
      body: { employees: 77, services: ['support'] },
    });
    expect(put.http).toBe(200);
    expect(put.body.message).toEqual(['The record has been updated.']);
    const [after] = rows(await json('GET', `method=Retrieve&module=Accounts&id=${acc.id}`));
    expect(after).toMatchObject({ employees: '77', services: '^support^', name: acc.name });
    expect(after!.date_modified! >= acc.date_modified!).toBe(true);
    expect((await json('POST', `method=Save&module=Accounts&id=${acc.id}`, { body: { employees: 1 } })).http).toBe(400);
    const cleared = await json('PUT', `method=Save&module=Accounts&id=${acc.id}`, { body: { name: '' } });
    expect(cleared.http).toBe(400);
    expect(cleared.body.message).toContain('name: Name is required');
  });

  it('deletes with DELETE on method=Save, then the id is gone', async () => {
    const [acc] = rows(await retrieve('Accounts', { limit: 1, offset: 20 }));
    const del = await json('DELETE', `method=Save&module=Accounts&id=${acc.id}`);
    expect(del).toEqual({ http: 200, body: { status: 200, message: 'The record has been deleted.', data: [] } });
    expect((await json('GET', `method=Retrieve&module=Accounts&id=${acc.id}`)).http).toBe(400);
    expect((await json('DELETE', `method=Save&module=Accounts&id=${acc.id}`)).http).toBe(400);
  });
});

describe('GetModuleFields', () => {
  it('lists fields with exactly the keys docs/vendors.md names, labels in Persian by default', async () => {
    const res = await json('GET', 'method=GetModuleFields&module=Leads');
    const data = res.body.data as Record<string, Record<string, unknown>>;
    const keys = [
      'name',
      'label',
      'type',
      'default_value',
      'id_name',
      'group',
      'len',
      'options',
      'related_module',
      'calculated',
      'required',
    ];
    for (const f of Object.values(data)) expect(Object.keys(f).sort()).toEqual([...keys].sort());
    expect(data.status).toMatchObject({
      type: 'enum',
      required: 1,
      label: 'وضعیت',
      options: { New: 'جدید', Converted: 'تبدیل شده', Expired: 'منقضی شده' },
    });
    expect(data.last_name?.required).toBe(1);
    expect(data.assigned_user_name).toMatchObject({
      type: 'relate',
      id_name: 'assigned_user_id',
      related_module: 'Users',
    });
    expect(data.primary_number_raw?.calculated).toBe(1);
  });

  it('answers English labels for a session that logged in with language en_US', async () => {
    const en = await login({ language: 'en_US' });
    const res = await json('GET', 'method=GetModuleFields&module=Leads', { token: en });
    const data = res.body.data as Record<string, Record<string, unknown>>;
    expect(data.status).toMatchObject({ label: 'Status', options: { New: 'New' } });
    expect((await json('GET', 'method=GetModuleFields&module=Nope', { token: en })).http).toBe(404);
  });
});

describe('control access', () => {
  it('reads and writes native records, and reset() restores the seeded data', async () => {
    const [first] = rows(await retrieve('Accounts', { limit: 1, offset: 30 }));
    const acc = { id: String(first!.id), name: first!.name };
    expect(run.sim.records.get('Accounts', acc.id)).toMatchObject({ id: acc.id, name: acc.name });
    expect(run.sim.records.update('Accounts', acc.id, { name: 'Changed elsewhere' })).toBe(true);
    const id = run.sim.records.create('Accounts', { name: 'Made elsewhere' });
    expect(rows(await retrieve('Accounts', { query: `id = '${id}'`, selected_fields: ['name'] }))).toEqual([
      { name: 'Made elsewhere' },
    ]);
    run.sim.reset();
    expect(run.sim.records.get('Accounts', acc.id)).toMatchObject({ name: acc.name });
    expect(run.sim.records.get('Accounts', id)).toBeUndefined();
    expect(run.sim.records.remove('Accounts', acc.id)).toBe(true);
    expect(run.sim.records.remove('Accounts', acc.id)).toBe(false);
  });
});

describe('scale and limits', () => {
  it('starts instantly at 1,000,000 records and serves the last page', async () => {
    const started = Date.now();
    const big = await serveSimulator(createSarvSim({ records: 1_000_000, seed: 'big', limits: 'off' }));
    try {
      const c = big.sim.credentials() as typeof creds;
      const t = await fetch(`${big.baseUrl}/API.php?method=Login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ utype: c.utype, user_name: c.username, password: md5(c.password) }),
      }).then(async (r) => ((await r.json()) as { data: { token: string } }).data.token);
      const res = await fetch(`${big.baseUrl}/API.php?method=Retrieve&module=Contacts&limit=5&offset=999995`, {
        headers: { Authorization: `Bearer ${t}` },
      });
      const body = (await res.json()) as Answer;
      expect(body.data as Row[]).toHaveLength(5);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await big.close();
    }
  });

  it("applies a rate limit with limits='real' (429 with Retry-After)", async () => {
    const limited = await serveSimulator(createSarvSim({ records: 5, seed: 'rl', limits: 'real' }));
    try {
      let last: Response | undefined;
      for (let i = 0; i < 301; i++)
        last = await fetch(`${limited.baseUrl}/API.php?method=GetModuleFields&module=Accounts`);
      expect(last!.status).toBe(429);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await last!.json()) as Answer).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
