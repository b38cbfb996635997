import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSimulator, type RunningSim } from '../common/server.ts';
import { createSimplySim } from './index.ts';

/** Raw HTTP against the simulator, as a vtiger client would speak to webservice.php. */
type Json = Record<string, unknown> & {
  success?: boolean;
  result?: unknown;
  error?: { code: unknown; message: string };
};

let run: RunningSim;
let url: string;
let creds: { username: string; accessKey: string };
let session: string;

async function get(params: Record<string, string>): Promise<Json> {
  const res = await fetch(`${url}?${new URLSearchParams(params)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}
async function post(params: Record<string, string>, query: Record<string, string> = {}): Promise<Json> {
  const qs = Object.keys(query).length ? `?${new URLSearchParams(query)}` : '';
  const res = await fetch(`${url}${qs}`, { method: 'POST', body: new URLSearchParams(params) });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}
const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const code = (r: Json) => r.error?.code;
const rows = (r: Json) => r.result as Record<string, string>[];
const query = async (q: string) => get({ operation: 'query', sessionName: session, query: q });

async function login(): Promise<string> {
  const ch = await get({ operation: 'getchallenge', username: creds.username });
  const token = (ch.result as { token: string }).token;
  const res = await post({ operation: 'login', username: creds.username, accessKey: md5(token + creds.accessKey) });
  return (res.result as { sessionName: string }).sessionName;
}

beforeAll(async () => {
  run = await serveSimulator(createSimplySim({ records: 250, seed: 'sim-test', limits: 'off' }));
  url = `${run.baseUrl}/webservice.php`;
  creds = run.sim.credentials() as typeof creds;
  session = await login();
});
afterAll(async () => {
  await run.close();
});

describe('login', () => {
  it('gets a challenge and logs in with md5(token + access key), answering sessionName', async () => {
    const ch = await get({ operation: 'getchallenge', username: creds.username });
    const c = ch.result as { token: string; serverTime: number; expireTime: number };
    expect(c.expireTime - c.serverTime).toBe(300);
    const res = await post({ operation: 'login', username: creds.username, accessKey: md5(c.token + creds.accessKey) });
    expect(res.success).toBe(true);
    expect(res.result).toMatchObject({ userId: '19x1', vtigerVersion: expect.any(String) });
    expect(typeof (res.result as { sessionName: unknown }).sessionName).toBe('string');
    // A challenge token can be reused until it expires.
    const again = await post({
      operation: 'login',
      username: creds.username,
      accessKey: md5(c.token + creds.accessKey),
    });
    expect(again.success).toBe(true);
  });

  it('refuses a wrong access key, a login without a challenge, a GET login and an unknown user', async () => {
    const ch = await get({ operation: 'getchallenge', username: creds.username });
    const token = (ch.result as { token: string }).token;
    expect(code(await post({ operation: 'login', username: creds.username, accessKey: md5(token + 'wrong') }))).toBe(
      'INVALID_USER_CREDENTIALS',
    );
    expect(code(await post({ operation: 'login', username: 'sanne', accessKey: md5('x') }))).toBe('INVALID_AUTH_TOKEN');
    expect(
      code(await get({ operation: 'login', username: creds.username, accessKey: md5(token + creds.accessKey) })),
    ).toBe('INVALID_AUTH_TOKEN');
    expect(code(await get({ operation: 'getchallenge', username: 'nobody' }))).toBe('ACCESS_DENIED');
  });

  it('needs a valid sessionName, under that exact name', async () => {
    expect(code(await get({ operation: 'listtypes' }))).toBe('AUTHENTICATION_REQUIRED');
    expect(code(await get({ operation: 'listtypes', sessionName: 'nope' }))).toBe('INVALID_SESSIONID');
    // The doc's `session_name` is not read.
    expect(code(await get({ operation: 'retrieve', session_name: session, id: '11x1' }))).toBe(
      'AUTHENTICATION_REQUIRED',
    );
  });

  it('logs out only by POST, and refuses extendsession to API clients', async () => {
    const s = await login();
    expect(code(await get({ operation: 'logout', sessionName: s }))).toBe('OPERATION_NOT_SUPPORTED');
    expect((await get({ operation: 'listtypes', sessionName: s })).success).toBe(true);
    expect((await post({ operation: 'logout', sessionName: s })).result).toEqual({ message: 'successfull' });
    expect(code(await get({ operation: 'listtypes', sessionName: s }))).toBe('INVALID_SESSIONID');
    expect(code(await post({ operation: 'extendsession', username: creds.username }))).toBe('AUTHENTICATION_REQUIRED');
  });

  it('invalidates every session on expireSessions()', async () => {
    const s = await login();
    run.sim.expireSessions();
    expect(code(await get({ operation: 'listtypes', sessionName: s }))).toBe('INVALID_SESSIONID');
    session = await login();
  });
});

describe('protocol strictness', () => {
  it("answers an unknown operation, the doc's describeobject and a JSON body with HTTP 500 and no body", async () => {
    for (const op of ['describeobject', 'nosuch']) {
      const res = await fetch(
        `${url}?${new URLSearchParams({ operation: op, sessionName: session, elementType: 'Accounts' })}`,
      );
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('');
    }
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ operation: 'listtypes', sessionName: session }),
    });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('');
  });

  it('reads POST parameters from the body only, and refuses reads sent as POST', async () => {
    const element = JSON.stringify({ accountname: 'In the URL' });
    expect(code(await post({ operation: 'create' }, { sessionName: session, elementType: 'Accounts', element }))).toBe(
      'ACCESS_DENIED',
    );
    expect(code(await post({ operation: 'retrieve', sessionName: session, id: '11x1' }))).toBe('ACCESS_DENIED');
    expect(code(await get({ operation: 'create', sessionName: session, elementType: 'Accounts', element }))).toBe(
      'ACCESS_DENIED',
    );
  });

  it('serves webservice.php only', async () => {
    expect((await fetch(`${run.baseUrl}/index.php`)).status).toBe(404);
  });
});

describe('metadata', () => {
  it('lists types with entity information', async () => {
    const r = (await get({ operation: 'listtypes', sessionName: session })).result as {
      types: string[];
      information: Record<string, { isEntity: boolean }>;
    };
    for (const m of ['Accounts', 'Contacts', 'Leads', 'Potentials', 'Users']) expect(r.types).toContain(m);
    expect(r.information.Groups?.isEntity).toBe(false);
  });

  it('describes a module with idPrefix, picklist objects, references and mandatory fields', async () => {
    const d = (await get({ operation: 'describe', sessionName: session, elementType: 'Potentials' })).result as {
      idPrefix: string;
      createable: boolean;
      labelFields: string;
      fields: {
        name: string;
        mandatory: boolean;
        editable: boolean;
        type: { name: string; picklistValues?: unknown[]; refersTo?: string[] };
      }[];
    };
    expect(d.idPrefix).toBe('13');
    expect(d.createable).toBe(true);
    expect(d.labelFields).toBe('potentialname');
    const byName = new Map(d.fields.map((f) => [f.name, f]));
    expect(byName.get('potentialname')?.mandatory).toBe(true);
    expect(byName.get('sales_stage')?.type.picklistValues?.[0]).toEqual({ label: 'Prospecting', value: 'Prospecting' });
    expect(byName.get('related_to')?.type).toEqual({ name: 'reference', refersTo: ['Accounts', 'Contacts'] });
    expect(byName.get('potential_no')?.editable).toBe(false);
    const types = new Set<string>();
    for (const m of ['Accounts', 'Contacts', 'Leads', 'Potentials']) {
      const x = (await get({ operation: 'describe', sessionName: session, elementType: m })).result as typeof d;
      x.fields.forEach((f) => types.add(f.type.name));
    }
    for (const t of [
      'string',
      'text',
      'picklist',
      'multipicklist',
      'reference',
      'owner',
      'autogenerated',
      'boolean',
      'currency',
      'date',
      'datetime',
      'email',
      'integer',
      'double',
      'phone',
      'url',
    ]) {
      expect(types, t).toContain(t);
    }
  });

  it('refuses an unknown or wrongly cased module', async () => {
    expect(code(await get({ operation: 'describe', sessionName: session, elementType: 'accounts' }))).toBe(
      'ACCESS_DENIED',
    );
  });
});

describe('query', () => {
  it('returns string-valued rows with NxM ids, at most 100, and pages with limit m, n', async () => {
    const all = rows(await query('select * from Accounts;'));
    expect(all).toHaveLength(100);
    expect(all[0]?.id).toMatch(/^11x\d+$/);
    for (const v of Object.values(all[0] ?? {})) expect(typeof v).toBe('string');
    expect(rows(await query('select * from Accounts limit 0, 500;'))).toHaveLength(100);
    const page = rows(await query('select accountname from Accounts limit 95, 10;'));
    expect(page.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => `11x${96 + i}`));
    expect(Object.keys(page[0] ?? {}).sort()).toEqual(['accountname', 'id']);
  });

  it('counts with count(*), uncapped', async () => {
    expect(rows(await query('select count(*) from Contacts;'))).toEqual([{ count: '250' }]);
  });

  it('filters with doubled quotes, in, like and comparisons, case- and accent-insensitively', async () => {
    const oreilly = rows(await query("select lastname from Contacts where lastname = 'o''reilly';"));
    expect(oreilly.length).toBeGreaterThan(0);
    for (const r of oreilly) expect(r.lastname).toBe("O'Reilly");
    const muller = rows(await query("select lastname from Contacts where lastname like 'Muller%';"));
    expect(muller.length).toBeGreaterThan(0);
    for (const r of muller) expect(r.lastname).toBe('Müller');
    const inRows = rows(
      await query("select industry from Accounts where industry in ('Banking', 'Retail') limit 0, 100;"),
    );
    for (const r of inRows) expect(['Banking', 'Retail']).toContain(r.industry);
    const big = rows(await query("select employees from Accounts where employees >= '4000';"));
    expect(big.length).toBeGreaterThan(0);
    for (const r of big) expect(Number(r.employees)).toBeGreaterThanOrEqual(4000);
    const lastIds = rows(await query('select id from Accounts order by id desc limit 3;')).map((x) => x.id);
    expect(lastIds[0]).toMatch(/^11x2\d\d$/);
    expect(lastIds).toEqual([...(lastIds as string[])].sort((a, b) => Number(b.slice(3)) - Number(a.slice(3))));
    const sorted = rows(await query('select employees from Accounts order by employees desc limit 5;'));
    const n = sorted.map((r) => Number(r.employees));
    expect(n).toEqual([...n].sort((a, b) => b - a));
  });

  it('refuses what the real parser refuses', async () => {
    expect(code(await query('select * from Accounts'))).toBe('QUERY_SYNTAX_ERROR');
    expect(code(await query("select * from Accounts where accountname = '';"))).toBe('INTERNAL_SERVER_ERROR');
    expect(code(await query('select * from Accounts where accountname = "Acme";'))).toBe('INTERNAL_SERVER_ERROR');
    expect(code(await query("select * from Accounts where accountname = 'O\\'Reilly';"))).toBe('QUERY_SYNTAX_ERROR');
    expect(code(await query('select * from Accounts order by accountname, employees;'))).toBe('QUERY_SYNTAX_ERROR');
    expect(code(await query('select * from Accounts where accountname is null;'))).toBe('QUERY_SYNTAX_ERROR');
    expect(code(await query('select nosuch from Accounts;'))).toBe('ACCESS_DENIED');
    expect(code(await query("select * from Accounts where nosuch = 'x';"))).toBe('ACCESS_DENIED');
    expect(code(await query('select * from Groups;'))).toBe('ACCESS_DENIED');
    expect(rows(await query('select * from Accounts order by nosuch;'))).toEqual([]);
  });
});

describe('records', () => {
  it('creates with defaults, drops unknown fields and stores the string "true" as 0', async () => {
    const element = JSON.stringify({ accountname: 'Sim Test B.V.', emailoptout: 'true', nosuch: 'x', employees: 12 });
    const r = await post({ operation: 'create', sessionName: session, elementType: 'Accounts', element });
    const rec = r.result as Record<string, string>;
    expect(rec.id).toMatch(/^11x\d+$/);
    expect(rec).toMatchObject({
      accountname: 'Sim Test B.V.',
      label: 'Sim Test B.V.',
      emailoptout: '0',
      employees: '12',
      assigned_user_id: '19x1',
    });
    expect(rec.account_no).toMatch(/^ACC\d+$/);
    expect('nosuch' in rec).toBe(false);
    const back = (await get({ operation: 'retrieve', sessionName: session, id: rec.id ?? '' })).result;
    expect(back).toEqual(rec);
  });

  it('refuses a create without a mandatory field, naming it', async () => {
    const r = await post({
      operation: 'create',
      sessionName: session,
      elementType: 'Contacts',
      element: JSON.stringify({ firstname: 'No' }),
    });
    expect(r.error).toEqual({ code: 'MANDATORY_FIELDS_MISSING', message: 'lastname does not have a value' });
  });

  it('updates the whole record: fields left out are written back empty', async () => {
    const created = (
      await post({
        operation: 'create',
        sessionName: session,
        elementType: 'Accounts',
        element: JSON.stringify({ accountname: 'Partial', website: 'https://partial.example' }),
      })
    ).result as Record<string, string>;
    const missing = await post({
      operation: 'update',
      sessionName: session,
      element: JSON.stringify({ id: created.id, website: 'https://x.example' }),
    });
    expect(code(missing)).toBe('MANDATORY_FIELDS_MISSING');
    const updated = (
      await post({
        operation: 'update',
        sessionName: session,
        element: JSON.stringify({ id: created.id, accountname: 'Partial 2', assigned_user_id: '19x1' }),
      })
    ).result as Record<string, string>;
    expect(updated.accountname).toBe('Partial 2');
    expect(updated.website).toBe('');
    expect(updated.account_no).toBe(created.account_no);
  });

  it('tells a wrong id prefix from a missing record, and deletes', async () => {
    expect(code(await get({ operation: 'retrieve', sessionName: session, id: '99x1' }))).toBe('INVALID_ID_ATTRIBUTE');
    expect(code(await get({ operation: 'retrieve', sessionName: session, id: '11x999999' }))).toBe('ACCESS_DENIED');
    expect((await post({ operation: 'delete', sessionName: session, id: '11x7' })).result).toEqual({
      status: 'successful',
    });
    expect(code(await get({ operation: 'retrieve', sessionName: session, id: '11x7' }))).toBe('ACCESS_DENIED');
    expect(code(await post({ operation: 'delete', sessionName: session, id: '11x7' }))).toBe('ACCESS_DENIED');
    expect(
      code(
        await post({
          operation: 'update',
          sessionName: session,
          element: JSON.stringify({ id: '11x7', accountname: 'x' }),
        }),
      ),
    ).toBe('ACCESS_DENIED');
  });

  it('refuses a reference to another module', async () => {
    const element = JSON.stringify({ lastname: 'Ref', account_id: '12x1' });
    expect(code(await post({ operation: 'create', sessionName: session, elementType: 'Contacts', element }))).toBe(
      'INVALID_ID_ATTRIBUTE',
    );
  });
});

describe('sync', () => {
  type Sync = { updated: Record<string, string>[]; deleted: string[]; more: boolean; lastModifiedTime: number };
  const sync = async (type: string, since: number) =>
    (await get({ operation: 'sync', sessionName: session, elementType: type, modifiedTime: String(since) }))
      .result as Sync;

  it('walks every change in pages of about 100, with more and lastModifiedTime', async () => {
    const ids = new Set<string>();
    let since = 1;
    let pages = 0;
    for (;;) {
      const page = await sync('Leads', since);
      pages++;
      page.updated.forEach((r) => ids.add(r.id ?? ''));
      expect(page.lastModifiedTime).toBeGreaterThanOrEqual(since);
      since = page.lastModifiedTime;
      if (!page.more) break;
    }
    expect(pages).toBe(3);
    expect(ids.size).toBe(250);
  });

  it('puts every record of the boundary second into one page, and reports deletions as plain ids', async () => {
    const sim = createSimplySim({ records: 0, seed: 'ties', limits: 'off' });
    const tied = await serveSimulator(sim);
    try {
      const made: string[] = [];
      for (let i = 0; i < 160; i++)
        made.push(sim.records.create('Leads', { lastname: `Tie ${i}`, company: 'Ties Ltd' }));
      sim.records.remove('Leads', made[0] ?? '');
      const c = sim.credentials() as typeof creds;
      const u = `${tied.baseUrl}/webservice.php`;
      const ch = (await (await fetch(`${u}?operation=getchallenge&username=${c.username}`)).json()) as {
        result: { token: string };
      };
      const li = (await (
        await fetch(u, {
          method: 'POST',
          body: new URLSearchParams({
            operation: 'login',
            username: c.username,
            accessKey: md5(ch.result.token + c.accessKey),
          }),
        })
      ).json()) as { result: { sessionName: string } };
      const seen: string[] = [];
      const deleted: string[] = [];
      let since = 1;
      for (let i = 0; i < 10; i++) {
        const res = await fetch(
          `${u}?${new URLSearchParams({ operation: 'sync', sessionName: li.result.sessionName, elementType: 'Leads', modifiedTime: String(since) })}`,
        );
        const page = ((await res.json()) as { result: Sync }).result;
        const secs = page.updated.map((r) => Math.floor(Date.parse(`${r.modifiedtime?.replace(' ', 'T')}Z`) / 1000));
        // Past the 100th change a page only goes on within the same second.
        for (const s of secs.slice(100)) expect(s).toBe(page.lastModifiedTime);
        seen.push(...page.updated.map((r) => r.id ?? ''));
        deleted.push(...page.deleted);
        since = page.lastModifiedTime;
        if (!page.more) break;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(159);
      expect(deleted).toEqual([made[0]]);
    } finally {
      await tied.close();
    }
  });

  it('is GET only, needs elementType and a modifiedTime of at least 1', async () => {
    for (const bad of [
      fetch(url, {
        method: 'POST',
        body: new URLSearchParams({ operation: 'sync', sessionName: session, elementType: 'Leads', modifiedTime: '1' }),
      }),
      fetch(`${url}?${new URLSearchParams({ operation: 'sync', sessionName: session, modifiedTime: '1' })}`),
      fetch(
        `${url}?${new URLSearchParams({ operation: 'sync', sessionName: session, elementType: 'Leads', modifiedTime: '0' })}`,
      ),
    ]) {
      const res = await bad;
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('');
    }
  });

  it('answers Users with nothing and non-entity types with ACCESS_DENIED', async () => {
    expect(await sync('Users', 5)).toEqual({ updated: [], deleted: [], more: false, lastModifiedTime: 5 });
    expect(code(await get({ operation: 'sync', sessionName: session, elementType: 'Groups', modifiedTime: '5' }))).toBe(
      'ACCESS_DENIED',
    );
  });
});

describe('scale and faults', () => {
  it('starts instantly with 1,000,000 records per module', async () => {
    const t0 = Date.now();
    const big = await serveSimulator(createSimplySim({ records: 1_000_000, seed: 'big', limits: 'off' }));
    try {
      const r = big.sim.records.get('Accounts', '11x999999');
      expect(r?.accountname).toBeTruthy();
      expect(Date.now() - t0).toBeLessThan(1000);
      // Keyset paging on the id reads only the page it returns.
      const queryUrl = (q: string) =>
        `${big.baseUrl}/webservice.php?${new URLSearchParams({ operation: 'query', sessionName: 'x', query: q })}`;
      expect(((await (await fetch(queryUrl('select id from Accounts;'))).json()) as Json).error?.code).toBe(
        'INVALID_SESSIONID',
      );
      const c = big.sim.credentials() as typeof creds;
      const ch = (await (
        await fetch(`${big.baseUrl}/webservice.php?operation=getchallenge&username=${c.username}`)
      ).json()) as { result: { token: string } };
      const li = (await (
        await fetch(`${big.baseUrl}/webservice.php`, {
          method: 'POST',
          body: new URLSearchParams({
            operation: 'login',
            username: c.username,
            accessKey: md5(ch.result.token + c.accessKey),
          }),
        })
      ).json()) as { result: { sessionName: string } };
      const t1 = Date.now();
      const res = await fetch(
        `${big.baseUrl}/webservice.php?${new URLSearchParams({ operation: 'query', sessionName: li.result.sessionName, query: "select id from Accounts where id > '11x999950' order by id limit 100;" })}`,
      );
      const ids = rows((await res.json()) as Json).map((x) => x.id);
      expect(ids).toHaveLength(50);
      expect(ids[0]).toBe('11x999951');
      // A deep offset without conditions does not generate the rows it skips.
      const deep = await fetch(
        `${big.baseUrl}/webservice.php?${new URLSearchParams({ operation: 'query', sessionName: li.result.sessionName, query: 'select accountname from Accounts limit 999990, 5;' })}`,
      );
      expect(rows((await deep.json()) as Json).map((x) => x.id)).toEqual([
        '11x999991',
        '11x999992',
        '11x999993',
        '11x999994',
        '11x999995',
      ]);
      expect(Date.now() - t1).toBeLessThan(1500);
    } finally {
      await big.close();
    }
  });

  it('answers the 429 fault with HTTP 429 and Retry-After', async () => {
    const r = run.sim.rateLimited(3);
    expect(r.status).toBe(429);
    expect(r.headers?.['Retry-After']).toBe('3');
  });
});
