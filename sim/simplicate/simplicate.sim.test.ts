import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSimulator, type RunningSim } from '../common/server.ts';
import { createSimplicateSim } from './index.ts';

/** Raw HTTP against the Simplicate simulator: documented calls succeed, documented violations fail. */
let run: RunningSim;
let auth: Record<string, string>;
const RECORDS = 150;

type Body = { data: unknown; metadata?: Record<string, number>; errors: unknown };

async function call(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...auth, ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] ??= 'application/json';
  const res = await fetch(`${run.baseUrl}/api/v2/${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, text, json: type.includes('json') ? (JSON.parse(text) as Body) : undefined };
}
const rows = (r: { json?: Body }) => r.json?.data as Record<string, unknown>[];

beforeAll(async () => {
  const sim = createSimplicateSim({ records: RECORDS, seed: 'simtest', limits: 'off' });
  run = await serveSimulator(sim);
  const c = sim.credentials() as { apiKey: string; apiSecret: string };
  auth = { 'Authentication-Key': c.apiKey, 'Authentication-Secret': c.apiSecret };
});
afterAll(() => run.close());

describe('authentication', () => {
  it('refuses a request without or with a wrong key pair, as text/plain', async () => {
    const none = await fetch(`${run.baseUrl}/api/v2/crm/organization`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('text/plain');
    const wrong = await call('GET', 'crm/organization', { headers: { 'Authentication-Secret': 'nope' } });
    expect(wrong.status).toBe(401);
  });
});

describe('listing', () => {
  it('defaults to 100 rows, caps a larger limit to 100 and pages with offset and metadata=count', async () => {
    const dflt = await call('GET', 'crm/organization');
    expect(rows(dflt)).toHaveLength(100);
    expect(dflt.json?.metadata).toBeUndefined();
    const big = await call('GET', 'crm/organization?limit=500&metadata=count,limit,bogus');
    expect(rows(big)).toHaveLength(100);
    expect(big.json?.metadata).toEqual({ count: RECORDS, limit: 100 });
    const tail = await call('GET', 'crm/organization?limit=100&offset=100');
    expect(rows(tail)).toHaveLength(RECORDS - 100);
    const ids = [...rows(big), ...rows(tail)].map((r) => r.id);
    expect(new Set(ids).size).toBe(RECORDS);
    expect(String(ids[0])).toMatch(/^organization:[0-9a-f]{32}$/);
  });

  it('refuses a limit or offset that is not a number', async () => {
    for (const q of ['limit=-1', 'limit=ten', 'offset=-5']) {
      const r = await call('GET', `crm/organization?${q}`);
      expect(r.status).toBe(400);
      expect(r.json?.errors).toHaveLength(1);
    }
  });

  it('selects fields, a trailing dot keeping all children, and always the id', async () => {
    const r = await call('GET', 'crm/organization?limit=1&select=name,visiting_address.');
    const row = rows(r)[0]!;
    expect(Object.keys(row).sort()).toEqual(['id', 'name', 'visiting_address']);
    expect(row.visiting_address).toHaveProperty('locality');
    const one = await call('GET', 'crm/organization?limit=1&select=visiting_address.locality');
    expect(rows(one)[0]!.visiting_address).toEqual({ locality: expect.any(String) });
  });

  it('filters with wildcards, exact values, null and not-null', async () => {
    const all = rows(await call('GET', 'crm/person?limit=100&select=family_name,note'));
    const name = String(all.find((r) => /^[A-Za-z]{4,}$/.test(String(r.family_name)))?.family_name);
    const exact = rows(await call('GET', `crm/person?q[family_name]=${encodeURIComponent(name.toUpperCase())}`));
    expect(exact.length).toBeGreaterThan(0);
    expect(exact.every((r) => String(r.family_name).toLowerCase() === name.toLowerCase())).toBe(true);
    const part = name.slice(1, 3);
    const wild = rows(await call('GET', `crm/person?q[family_name]=*${encodeURIComponent(part)}*`));
    expect(wild.every((r) => String(r.family_name).toLowerCase().includes(part.toLowerCase()))).toBe(true);
    const nulls = rows(await call('GET', 'crm/person?q[note]=null&select=note'));
    const notNull = rows(await call('GET', 'crm/person?q[note]=*&select=note'));
    expect(nulls.length).toBeGreaterThan(0);
    // An empty field is left out of the answer (the swagger models declare no field nullable).
    expect(nulls.every((r) => !('note' in r))).toBe(true);
    expect(notNull.every((r) => typeof r.note === 'string')).toBe(true);
  });

  it('treats % and _ literally', async () => {
    expect(rows(await call('GET', 'crm/organization?q[name]=*%25*'))).toEqual(
      rows(await call('GET', 'crm/organization?q[name]=*100%25 Organic*')),
    );
    const under = rows(await call('GET', 'crm/organization?q[name]=*_*&select=name'));
    expect(under.every((r) => String(r.name).includes('_'))).toBe(true);
  });

  it('ORs array values and q[or], and applies ge/gt/le/lt/in/nin', async () => {
    const sample = rows(await call('GET', 'crm/person?limit=3&select=family_name'));
    const [a, b] = sample.map((r) => String(r.family_name));
    const either = rows(
      await call(
        'GET',
        `crm/person?q[family_name][]=${encodeURIComponent(a!)}&q[family_name][]=${encodeURIComponent(b!)}`,
      ),
    );
    expect(either.every((r) => [a, b].includes(String(r.family_name)))).toBe(true);
    const or = rows(
      await call(
        'GET',
        `crm/person?q[family_name]=${encodeURIComponent(a!)}&q[or][family_name]=${encodeURIComponent(b!)}`,
      ),
    );
    expect(or.length).toBe(either.length);
    const ge = rows(await call('GET', 'crm/person?q[created_at][ge]=2025-06-01&select=created_at'));
    expect(ge.every((r) => String(r.created_at) >= '2025-06-01 00:00:00')).toBe(true);
    const lt = rows(await call('GET', 'crm/person?q[created_at][lt]=2025-06-01&select=created_at'));
    expect(lt.every((r) => String(r.created_at) < '2025-06-01 00:00:00')).toBe(true);
    const count = async (q: string) =>
      (await call('GET', `crm/person?${q}&metadata=count&limit=1`)).json?.metadata?.count ?? NaN;
    expect((await count('q[created_at][ge]=2025-06-01')) + (await count('q[created_at][lt]=2025-06-01'))).toBe(RECORDS);
    const inList = rows(await call('GET', `crm/person?q[gender][in]=Male,Female&select=gender`));
    expect(inList.every((r) => r.gender === 'Male' || r.gender === 'Female')).toBe(true);
    const nin = rows(await call('GET', `crm/person?q[gender][nin]=Male,Female&select=gender`));
    expect(nin.every((r) => r.gender === 'Unknown')).toBe(true);
    const dob = rows(
      await call(
        'GET',
        'crm/person?q[date_of_birth][gt]=1990-01-01&q[date_of_birth][le]=1995-12-31&select=date_of_birth',
      ),
    );
    expect(dob.every((r) => String(r.date_of_birth) > '1990-01-01' && String(r.date_of_birth) <= '1995-12-31')).toBe(
      true,
    );
  });

  it('filters on nested values and custom fields', async () => {
    const byCity = rows(
      await call('GET', 'crm/organization?q[visiting_address.locality]=Berlin&select=visiting_address.'),
    );
    expect(byCity.length).toBeGreaterThan(0);
    expect(byCity.every((r) => (r.visiting_address as { locality: string }).locality === 'Berlin')).toBe(true);
    const north = rows(
      await call('GET', 'crm/organization?q[custom_fields.part_of_country]=North&select=custom_fields.'),
    );
    expect(north.length).toBeGreaterThan(0);
    for (const r of north) {
      const cf = r.custom_fields as { name: string; value: string }[];
      expect(cf.find((c) => c.name === 'part_of_country')?.value).toBe('North');
    }
    const none = rows(
      await call('GET', 'crm/organization?q[custom_fields.part_of_country][nin]=*&select=custom_fields.'),
    );
    for (const r of none) {
      expect((r.custom_fields as { name: string }[]).some((c) => c.name === 'part_of_country')).toBe(false);
    }
  });

  it('refuses unknown filter fields, operators and malformed parameters', async () => {
    for (const q of ['q[nosuch]=1', 'q[name][like]=x', 'q[name][a][b]=x', 'q=x']) {
      const r = await call('GET', `crm/organization?${q}`);
      expect(r.status, q).toBe(400);
    }
  });

  it('sorts ascending, descending with a minus, on several keys; refuses an unknown sort field', async () => {
    const asc = rows(await call('GET', 'crm/organization?sort=relation_number&select=relation_number'));
    const nums = asc.map((r) => Number(r.relation_number));
    expect(nums).toEqual([...nums].sort((x, y) => x - y));
    const desc = rows(await call('GET', 'crm/organization?sort=-created_at,id&select=created_at'));
    const times = desc.map((r) => String(r.created_at));
    expect(times).toEqual([...times].sort().reverse());
    expect((await call('GET', 'crm/organization?sort=nosuch')).status).toBe(400);
  });

  it('answers the sync query (updated_at >= t, sorted) like a full scan, and sees writes at once', async () => {
    const all = rows(await call('GET', 'crm/person?sort=updated_at&select=updated_at&limit=100&offset=60'));
    const since = String(all[0]!.updated_at);
    const count = async (q: string) => (await call('GET', `crm/person?${q}&metadata=count&limit=100`)).json;
    const indexed = await count(`q[updated_at][ge]=${encodeURIComponent(since)}&sort=updated_at,id`);
    const scanned = await count(`q[updated_at][ge]=${encodeURIComponent(since)}&q[family_name]=*`);
    const withName = (await count('q[family_name]=*'))?.metadata?.count ?? 0;
    expect(indexed?.metadata?.count).toBe(RECORDS - 60);
    expect(withName).toBe(RECORDS);
    expect(scanned?.metadata?.count).toBe(RECORDS - 60);
    const times = (indexed?.data as { updated_at: string }[]).map((r) => r.updated_at);
    expect(times).toEqual([...times].sort());
    expect(times.every((t) => t >= since)).toBe(true);
    const created = await call('POST', 'crm/person', { body: { family_name: 'Fresh' } });
    const id = (created.json?.data as { id: string }).id;
    const after = await count(`q[updated_at][ge]=${encodeURIComponent(since)}&sort=updated_at,id`);
    expect(after?.metadata?.count).toBe(RECORDS - 60 + 1);
    expect((await call('DELETE', `crm/person/${id}`)).status).toBe(200);
  });

  it('serves a million records without generating them up front', async () => {
    const t0 = Date.now();
    const sim = createSimplicateSim({ records: 1_000_000, seed: 'big', limits: 'off' });
    const big = await serveSimulator(sim);
    try {
      const c = sim.credentials() as { apiKey: string; apiSecret: string };
      const res = await fetch(`${big.baseUrl}/api/v2/sales/sales?offset=999950&metadata=count`, {
        headers: { 'Authentication-Key': c.apiKey, 'Authentication-Secret': c.apiSecret },
      });
      const body = (await res.json()) as Body;
      expect((body.data as unknown[]).length).toBe(50);
      expect(body.metadata?.count).toBe(1_000_000);
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      await big.close();
    }
  });
});

describe('records', () => {
  it('gets one record, embedding the organization of a sale; unknown ids are 404 JSON', async () => {
    const sale = rows(await call('GET', 'sales/sales?limit=1'))[0]!;
    const one = await call('GET', `sales/sales/${String(sale.id)}`);
    expect(one.status).toBe(200);
    const data = one.json?.data as Record<string, unknown>;
    expect(data.id).toBe(sale.id);
    expect(data.organization).toMatchObject({ id: data.organization_id, name: expect.any(String) });
    expect(String(data.updated_at)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const missing = await call('GET', 'sales/sales/sales:0123456789abcdef0123456789abcdef');
    expect(missing.status).toBe(404);
    expect(missing.json?.errors).toHaveLength(1);
  });

  it('needs Content-Type: application/json and a JSON body on writes', async () => {
    const res = await fetch(`${run.baseUrl}/api/v2/crm/person`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/plain' },
      body: JSON.stringify({ family_name: 'X' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const broken = await call('POST', 'crm/person', { body: '{"family_name":' });
    expect(broken.status).toBe(400);
  });

  it('creates a person only with family_name, refuses unknown properties and bad values', async () => {
    const missing = await call('POST', 'crm/person', { body: { first_name: 'No', email: 'no@example.com' } });
    expect(missing.status).toBe(400);
    expect(String((missing.json?.errors as string[])[0])).toContain('the family_name property');
    const unknown = await call('POST', 'crm/person', { body: { family_name: 'X', shoe: 1 } });
    expect(unknown.status).toBe(400);
    const badEnum = await call('POST', 'crm/person', { body: { family_name: 'X', gender: 'Other' } });
    expect(badEnum.status).toBe(400);
    const badType = await call('POST', 'crm/person', { body: { family_name: 'X', is_active: 'yes' } });
    expect(badType.status).toBe(400);
    const badDate = await call('POST', 'crm/person', { body: { family_name: 'X', date_of_birth: '30-04-1988' } });
    expect(badDate.status).toBe(400);

    const ok = await call('POST', 'crm/person', {
      body: { first_name: 'Zoë', family_name: 'Nieuw', custom_fields: [{ name: 'shoe_size', value: '41' }] },
    });
    expect(ok.status).toBe(200);
    const id = (ok.json?.data as { id: string }).id;
    expect(id).toMatch(/^person:/);
    const got = (await call('GET', `crm/person/${id}`)).json?.data as Record<string, unknown>;
    expect(got).toMatchObject({ first_name: 'Zoë', family_name: 'Nieuw', full_name: 'Zoë Nieuw' });
    expect(got.custom_fields).toEqual([
      expect.objectContaining({ name: 'shoe_size', value: '41', value_type: 'Integer' }),
    ]);

    // PUT: family_name is no longer mandatory (changelog 2023-09); other properties are kept.
    const put = await call('PUT', `crm/person/${id}`, { body: { email: 'zoe@example.com' } });
    expect(put.status).toBe(200);
    const after = (await call('GET', `crm/person/${id}`)).json?.data as Record<string, unknown>;
    expect(after).toMatchObject({ email: 'zoe@example.com', family_name: 'Nieuw' });
    expect(String(after.updated_at) >= String(got.updated_at)).toBe(true);

    expect((await call('DELETE', `crm/person/${id}`)).status).toBe(200);
    expect((await call('GET', `crm/person/${id}`)).status).toBe(404);
  });

  it('writes nested objects, lookups by id, and custom field options by id', async () => {
    const fields = rows(await call('GET', 'crm/organizationcustomfields'));
    const part = fields.find((f) => f.name === 'part_of_country') as { options: { id: string; value: string }[] };
    const east = part.options.find((o) => o.value === 'East')!;
    const managers = rows(await call('GET', 'crm/organization?limit=1&select=relation_manager.'));
    const manager = managers[0]!.relation_manager as { id: string; name: string };
    const created = await call('POST', 'crm/organization', {
      body: {
        name: 'Nested B.V.',
        visiting_address: { line_1: 'Keizersgracht 1', locality: 'Amsterdam', country_code: 'NL' },
        relation_manager: { id: manager.id },
        custom_fields: [{ name: 'part_of_country', value: east.id }],
      },
    });
    expect(created.status).toBe(200);
    const id = (created.json?.data as { id: string }).id;
    const got = (await call('GET', `crm/organization/${id}`)).json?.data as Record<string, unknown>;
    expect(got.visiting_address).toMatchObject({ line_1: 'Keizersgracht 1', locality: 'Amsterdam' });
    expect(got.relation_manager).toEqual(expect.objectContaining({ id: manager.id, name: manager.name }));
    expect(got.custom_fields).toEqual([expect.objectContaining({ name: 'part_of_country', value: 'East' })]);
    const badOption = await call('PUT', `crm/organization/${id}`, {
      body: { custom_fields: [{ name: 'part_of_country', value: 'Atlantis' }] },
    });
    expect(badOption.status).toBe(400);
    const badManager = await call('PUT', `crm/organization/${id}`, {
      body: { relation_manager: { id: 'employee:nope' } },
    });
    expect(badManager.status).toBe(400);
  });

  it('sets sales lookups with *_id keys and refuses to delete a sale (no DELETE in the swagger)', async () => {
    const sale = rows(await call('GET', 'sales/sales?limit=1'))[0]!;
    const progress = rows(await call('GET', 'sales/sales?limit=100&select=progress.')).map(
      (r) => r.progress as { id: string; label: string },
    );
    const target = progress.find((p) => p.id !== (sale.progress as { id: string }).id)!;
    const put = await call('PUT', `sales/sales/${String(sale.id)}`, {
      body: { progress_id: target.id, expected_revenue: 12.5 },
    });
    expect(put.status).toBe(200);
    const got = (await call('GET', `sales/sales/${String(sale.id)}`)).json?.data as Record<string, unknown>;
    expect(got.progress).toMatchObject({ id: target.id, label: target.label });
    expect(got.expected_revenue).toBe(12.5);
    const noOrg = await call('PUT', `sales/sales/${String(sale.id)}`, {
      body: { organization_id: 'organization:0123456789abcdef0123456789abcdef' },
    });
    expect(noOrg.status).toBe(400);
    const del = await call('DELETE', `sales/sales/${String(sale.id)}`);
    expect(del.status).toBe(405);
  });

  it('refuses an organization without its name', async () => {
    const r = await call('POST', 'crm/organization', { body: { email: 'nameless@example.com' } });
    expect(r.status).toBe(400);
    expect(r.json?.errors).toEqual(['No value given for the name property, which is mandatory']);
  });

  it('refuses a project without its mandatory custom field', async () => {
    const defs = rows(await call('GET', 'projects/projectcustomfields'));
    expect(defs).toEqual([expect.objectContaining({ name: 'cost_center', mandatory: true })]);
    const r = await call('POST', 'projects/project', { body: { name: 'No cost center' } });
    expect(r.status).toBe(400);
    expect(String((r.json?.errors as string[])[0])).toContain('the custom_fields.cost_center property');
  });

  it('lists the configured lists that records refer to', async () => {
    const progress = await call('GET', 'sales/salesprogress?metadata=count');
    expect(progress.json?.metadata?.count).toBe(5);
    expect(rows(progress)[0]).toMatchObject({ id: expect.stringMatching(/^salesprogress:/), label: 'Lead' });
    const employees = rows(await call('GET', 'hrm/employee?limit=2'));
    expect(employees).toHaveLength(2);
    expect(employees[0]).toMatchObject({ id: expect.stringMatching(/^employee:/), name: expect.any(String) });
    expect((await call('POST', 'crm/relationtype', { body: { label: 'X' } })).status).toBe(405);
  });

  it('answers an unknown module, route or method as text/plain errors', async () => {
    expect((await call('GET', 'crm/nosuch')).status).toBe(404);
    expect((await call('PATCH', 'crm/organization')).status).toBe(405);
    expect((await call('POST', 'crm/organizationcustomfields', { body: {} })).status).toBe(405);
    const r = await fetch(`${run.baseUrl}/v1/crm/organization`, { headers: auth });
    expect(r.status).toBe(404);
  });
});

describe('paging after deletions', () => {
  it('pages by offset over the live rows only, without gaps or repeats', async () => {
    const sim = createSimplicateSim({ records: 30, seed: 'gaps', limits: 'off' });
    const own = await serveSimulator(sim);
    try {
      const c = sim.credentials() as { apiKey: string; apiSecret: string };
      const get = async (q: string) => {
        const res = await fetch(`${own.baseUrl}/api/v2/crm/person?select=id&${q}`, {
          headers: { 'Authentication-Key': c.apiKey, 'Authentication-Secret': c.apiSecret },
        });
        return ((await res.json()) as { data: { id: string }[] }).data.map((r) => r.id);
      };
      const before = await get('limit=100');
      const gone = [before[0]!, before[4]!, before[5]!, before[20]!];
      for (const id of gone) expect(sim.records.remove('crm/person', id)).toBe(true);
      const expected = before.filter((id) => !gone.includes(id));
      const pages = [
        ...(await get('limit=7&offset=0')),
        ...(await get('limit=7&offset=7')),
        ...(await get('limit=7&offset=14')),
        ...(await get('limit=7&offset=21')),
      ];
      expect(pages).toEqual(expected);
      expect(await get('limit=3&offset=3')).toEqual(expected.slice(3, 6));
      expect(await get('offset=26')).toEqual([]);
    } finally {
      await own.close();
    }
  });
});

describe('rate limit', () => {
  it('answers 429 after 60 requests in a minute when limits are real, without Retry-After', async () => {
    const sim = createSimplicateSim({ records: 5, seed: 'rl', limits: 'real' });
    const limited = await serveSimulator(sim);
    try {
      const c = sim.credentials() as { apiKey: string; apiSecret: string };
      const headers = { 'Authentication-Key': c.apiKey, 'Authentication-Secret': c.apiSecret };
      for (let i = 0; i < 60; i++) {
        const r = await fetch(`${limited.baseUrl}/api/v2/crm/organization?limit=1`, { headers });
        expect(r.status).toBe(200);
        await r.text();
      }
      const over = await fetch(`${limited.baseUrl}/api/v2/crm/organization?limit=1`, { headers });
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toBeNull();
      await over.text();
      sim.reset();
      const again = await fetch(`${limited.baseUrl}/api/v2/crm/organization?limit=1`, { headers });
      expect(again.status).toBe(200);
      await again.text();
    } finally {
      await limited.close();
    }
  });
});

describe('answers against the swagger models', () => {
  /** Every leaf of a JSON answer as [dotted path, value]; lists (custom_fields) are the generator's blind spot. */
  const leaves = (v: unknown, prefix = ''): [string, unknown][] =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.entries(v).flatMap(([k, x]) => leaves(x, prefix ? `${prefix}.${k}` : k))
      : [[prefix, v]];
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  const fits = (type: string, v: unknown) =>
    type === 'string'
      ? typeof v === 'string'
      : type === 'boolean'
        ? typeof v === 'boolean'
        : type === 'integer'
          ? Number.isInteger(v)
          : typeof v === 'number';

  it('types every field of list and get answers as the committed field table does, never null', async () => {
    const { simplicateModules } = await import('../../vendor-data/simplicate-fields.generated.ts');
    const problems = new Set<string>();
    for (const module of ['crm/organization', 'crm/person', 'sales/sales', 'projects/project']) {
      const model = simplicateModules.find((m) => m.id === module);
      expect(model, module).toBeDefined();
      const types = new Map(model!.readFields.map((f) => [f.path, f.type]));
      const listed = rows(await call('GET', `${module}?limit=100`));
      const one = (await call('GET', `${module}/${String(listed[0]?.id)}`)).json?.data;
      for (const row of [...listed, one]) {
        for (const [path, value] of leaves(row)) {
          const type = path === 'custom_fields' ? 'array' : types.get(path);
          if (type === undefined) problems.add(`${module} ${path}: not in the model`);
          else if (type === 'array' ? !Array.isArray(value) : !fits(type, value))
            problems.add(`${module} ${path}: ${type} expected, got ${typeOf(value)}`);
        }
      }
    }
    expect([...problems]).toEqual([]);
  });

  it('leaves out a field emptied with null, shows one emptied with "" as ""', async () => {
    const listed = rows(await call('GET', 'crm/person?limit=1'))[0]!;
    const id = String(listed.id);
    expect((await call('PUT', `crm/person/${id}`, { body: { note: null, linkedin_url: '' } })).status).toBe(200);
    const after = (await call('GET', `crm/person/${id}`)).json?.data as Record<string, unknown>;
    expect('note' in after).toBe(false);
    expect(after.linkedin_url).toBe('');
    const picked = (await call('GET', `crm/person/${id}?select=note,first_name`)).json?.data as Record<string, unknown>;
    expect(Object.keys(picked).sort()).toEqual(['first_name', 'id']);
  });
});
