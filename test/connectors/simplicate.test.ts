import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../src/shared/errors.ts';
import type { Filter } from '../../src/shared/query.ts';
import { createConnector } from '../../src/main/connectors/registry.ts';
import type { Connector } from '../../src/main/connectors/types.ts';
import { simplicateVendor } from '../../src/main/connectors/simplicate/index.ts';
import { simplicateModules } from '../../vendor-data/simplicate-fields.generated.ts';
import { buildModuleModel } from '../../src/main/connectors/simplicate/schema.ts';
import { filterParams, sortParam } from '../../src/main/connectors/simplicate/filters.ts';
import { nextCursor } from '../../src/main/connectors/simplicate/cursor.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';
import { errorOf } from '../helpers/errors.ts';

/** Simplicate-specific behaviour beyond the shared contract suite. */

const personSpec = simplicateModules.find((m) => m.id === 'crm/person')!;
const personModel = buildModuleModel(personSpec, [
  {
    name: 'part',
    label: 'Part',
    render_type: 'dropdown',
    value_type: 'Text',
    options: [{ id: 'customfieldoption:1', value: 'North', label: 'North' }],
  },
]);
const params = (filters: Filter[]) => {
  const p = new URLSearchParams();
  filterParams(personModel, filters, p);
  return [...p].map(([k, v]) => `${k}=${v}`);
};

describe('simplicate filters (pure)', () => {
  it('encodes each operator as the doc writes it', () => {
    expect(params([{ field: 'family_name', op: '=', value: 'Alice' }])).toEqual(['q[family_name]=Alice']);
    expect(params([{ field: 'family_name', op: 'contains', value: 'Bob' }])).toEqual(['q[family_name]=*Bob*']);
    expect(params([{ field: 'family_name', op: 'startswith', value: 'Don' }])).toEqual(['q[family_name]=Don*']);
    expect(params([{ field: 'email', op: 'endswith', value: 'gmail.com' }])).toEqual(['q[email]=*gmail.com']);
    expect(params([{ field: 'family_name', op: 'in', value: ['Smith, Jones', 'Bakker'] }])).toEqual([
      'q[family_name][]=Smith, Jones',
      'q[family_name][]=Bakker',
    ]);
    expect(params([{ field: 'gender', op: '!=', value: 'Male' }])).toEqual(['q[gender][nin]=Male']);
    expect(params([{ field: 'note', op: 'isempty' }])).toEqual(['q[note]=null']);
    expect(
      params([
        { field: 'updated_at', op: '>=', value: '2025-01-04T10:00:00Z' },
        { field: 'date_of_birth', op: '<', value: '1990-01-01' },
      ]),
    ).toEqual(['q[updated_at][ge]=2025-01-04 10:00:00', 'q[date_of_birth][lt]=1990-01-01']);
    expect(params([{ field: 'relation_manager.name', op: '=', value: 'Anna' }])).toEqual([
      'q[relation_manager.name]=Anna',
    ]);
    expect(params([{ field: 'custom_fields.part', op: '=', value: 'North' }])).toEqual(['q[custom_fields.part]=North']);
  });

  it('refuses what q[...] cannot say exactly, as unsupported', () => {
    const refused: Filter[][] = [
      [{ field: 'family_name', op: 'contains', value: 'Star * Systems' }],
      [{ field: 'family_name', op: 'in', value: ['a', '*'] }],
      [{ field: 'family_name', op: '=', value: 'null' }],
      [{ field: 'family_name', op: '=', value: '' }],
      [{ field: 'family_name', op: '!=', value: 'a,b' }],
      [{ field: 'family_name', op: '<', value: 'M' }],
      [{ field: 'is_active', op: '>', value: 'true' }],
      [{ field: 'is_employee', op: 'contains', value: '1' }],
      [
        { field: 'family_name', op: '=', value: 'a' },
        { field: 'family_name', op: 'contains', value: 'b' },
      ],
    ];
    for (const filters of refused) {
      let err: unknown;
      try {
        params(filters);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(filters)).toBeInstanceOf(CrmError);
      expect((err as CrmError).kind, JSON.stringify(filters)).toBe('unsupported');
    }
    expect(() => params([{ field: 'date_of_birth', op: '>', value: 'yesterday' }])).toThrow(/not a date/);
  });

  it('sorts with a leading minus for descending and id as tie-breaker', () => {
    expect(sortParam(personModel, { field: 'family_name', desc: true })).toBe('-family_name,id');
    expect(sortParam(personModel, { field: 'relation_manager.name', desc: false })).toBe('relation_manager.name,id');
  });

  it('keeps the sync cursor exact across records changed in the same second', () => {
    const rows = [
      { id: 'a', updated_at: '2026-01-01 10:00:00' },
      { id: 'b', updated_at: '2026-01-01 10:00:01' },
      { id: 'c', updated_at: '2026-01-01 10:00:01' },
    ];
    const step = nextCursor({ since: null, seen: [] }, rows);
    expect(step.cursor).toEqual({ since: '2026-01-01 10:00:01', seen: ['b', 'c'] });
    // The next page starts at the same second (ge): b and c again, plus d; only d is new.
    const again = nextCursor(step.cursor, [...rows.slice(1), { id: 'd', updated_at: '2026-01-01 10:00:01' }]);
    expect(again.fresh.map((r) => r.id)).toEqual(['d']);
    expect(again.cursor.seen).toEqual(['b', 'c', 'd']);
  });
});

describe('simplicate connector against the simulator', () => {
  let h: SimHarness;
  let c: Connector;
  const requests = async () => ((await h.control('GET', 'stats')) as { requests: number }).requests;

  beforeAll(async () => {
    h = await startSim('simplicate', { records: 130, seed: 'spec' });
    c = h.connector();
  });
  afterAll(async () => {
    await c?.close();
    await h?.ws.close();
  });

  it('declares the documented rate limit and the secrets by their contract names', () => {
    expect(simplicateVendor.rateLimit).toEqual({ requests: 60, perMs: 60_000 });
    expect(simplicateVendor.secrets.map((s) => s.name)).toEqual(['apiKey', 'apiSecret']);
    expect(simplicateVendor.settings).toEqual([]);
  });

  it('describes from the swagger table: nesting, read-only, references, picklists, custom fields', async () => {
    const org = await c.describe('crm/organization');
    const f = (n: string) => org.fields.find((x) => x.name === n);
    expect(f('visiting_address.locality')).toMatchObject({ type: 'string', readOnly: false });
    expect(f('created_at')).toMatchObject({ type: 'datetime', readOnly: true });
    expect(f('email')?.type).toBe('email');
    expect(f('url')?.type).toBe('url');
    expect(f('relation_manager.id')).toMatchObject({ type: 'owner', readOnly: false });
    expect(f('relation_manager.id')?.options?.length).toBeGreaterThan(2);
    // Configured lists become picklists whose values are the ids writes take (/crm/relationtype).
    expect(f('relation_type.id')).toMatchObject({ type: 'picklist', readOnly: false });
    expect(f('relation_type.id')?.options?.map((o) => o.label)).toContain('Customer');
    expect(f('relation_type.id')?.options?.every((o) => o.value.startsWith('relationtype:'))).toBe(true);
    expect(f('relation_manager.name')?.readOnly).toBe(true);
    expect(f('debtor.attention_to')).toMatchObject({
      type: 'picklist',
      options: expect.arrayContaining([{ value: 'contact', label: 'contact' }]),
    });
    expect(f('custom_fields.part_of_country')).toMatchObject({
      type: 'picklist',
      label: 'Part of country',
      options: expect.arrayContaining([{ value: 'North', label: 'North' }]),
    });
    expect(org.capabilities).toEqual({ create: true, update: true, delete: true });

    const sales = await c.describe('sales/sales');
    const s = (n: string) => sales.fields.find((x) => x.name === n);
    expect(sales.capabilities.delete).toBe(false);
    expect(s('organization_id')).toMatchObject({ type: 'reference', referenceTargets: ['crm/organization'] });
    expect(s('progress.id')).toMatchObject({ type: 'picklist', readOnly: false }); // written as progress_id (PostSales)
    expect(s('progress.id')?.options?.map((o) => o.label)).toEqual([
      'Lead',
      'Qualified',
      'Proposal',
      'Negotiation',
      'Closing',
    ]);
    expect(s('expected_revenue')?.type).toBe('currency');

    const project = await c.describe('projects/project');
    expect(project.fields.find((x) => x.name === 'custom_fields.cost_center')?.required).toBe(true);
  });

  it('flattens nested objects for the grid and rebuilds them on save', async () => {
    const created = await c.create('crm/organization', {
      name: 'Flat & Nested B.V.',
      'visiting_address.line_1': 'Keizersgracht 12',
      'visiting_address.locality': 'Amsterdam',
      'custom_fields.part_of_country': 'West',
      allow_autocollect: true,
    });
    expect(created).toMatchObject({
      name: 'Flat & Nested B.V.',
      'visiting_address.locality': 'Amsterdam',
      'custom_fields.part_of_country': 'West',
      allow_autocollect: true,
    });
    expect(String(created.created_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const raw = (await h.control('GET', `records/crm/organization/${created.id}`)) as Record<string, unknown>;
    expect(raw.visiting_address).toMatchObject({ line_1: 'Keizersgracht 12', locality: 'Amsterdam' });

    const updated = await c.update('crm/organization', created.id, { 'visiting_address.locality': 'Utrecht' });
    expect(updated['visiting_address.locality']).toBe('Utrecht');
    expect(updated['visiting_address.line_1']).toBe('Keizersgracht 12');

    const err = await errorOf(c.update('crm/organization', created.id, { created_at: '2020-01-01T00:00:00Z' }));
    expect(err.kind).toBe('validation');
    expect(err.fields).toHaveProperty('created_at');
  });

  it('writes sales lookups through their *_id keys and refuses to delete a sale without calling', async () => {
    const [sale] = (await c.list('sales/sales', { page: 1, pageSize: 1, filters: [] })).rows;
    const others = (await c.list('sales/sales', { page: 1, pageSize: 50, filters: [] })).rows;
    const target = others.find((r) => r['progress.id'] !== sale!['progress.id'])!;
    const updated = await c.update('sales/sales', sale!.id, { 'progress.id': target['progress.id']! });
    expect(updated['progress.label']).toBe(target['progress.label']);
    const before = await requests();
    expect((await errorOf(c.delete('sales/sales', sale!.id))).kind).toBe('unsupported');
    expect(await requests()).toBe(before);
  });

  it('maps a missing mandatory custom field to a validation error on that field', async () => {
    const err = await errorOf(c.create('projects/project', { name: 'No cost center' }));
    expect(err.kind).toBe('validation');
    expect(Object.keys(err.fields ?? {})).toEqual(['custom_fields.cost_center']);
    const nameless = await errorOf(c.create('crm/organization', { email: 'nameless@example.com' }));
    expect(nameless.fields).toEqual({ name: 'No value given for the name property, which is mandatory' });
    const ok = await c.create('projects/project', { name: 'With cost center', 'custom_fields.cost_center': 'CC-9' });
    expect(ok['custom_fields.cost_center']).toBe('CC-9');
  });

  it('matches a value with commas through in, and finds literal % and _ without widening', async () => {
    const created = await c.create('crm/person', {
      family_name: 'Smith, Jones and "Partners"',
      first_name: '100%_sure',
    });
    const found = await c.list('crm/person', {
      page: 1,
      pageSize: 10,
      filters: [{ field: 'family_name', op: 'in', value: ['Smith, Jones and "Partners"', 'Nobody'] }],
    });
    expect(found.rows.map((r) => r.id)).toEqual([created.id]);
    expect(found.total).toBe(1);
    const pct = await c.list('crm/person', {
      page: 1,
      pageSize: 10,
      filters: [{ field: 'first_name', op: 'contains', value: '0%_s' }],
    });
    expect(pct.rows.map((r) => r.id)).toEqual([created.id]);
  });

  it('serves a page above the vendor maximum of 100 with several calls of at most 100', async () => {
    const before = await requests();
    const page = await c.list('crm/person', {
      page: 1,
      pageSize: 250,
      filters: [],
      sort: { field: 'created_at', desc: true },
    });
    expect(page.rows.length).toBe(page.total);
    expect(page.rows.length).toBeGreaterThan(100);
    expect(await requests()).toBe(before + 2);
    const times = page.rows.map((r) => String(r.created_at));
    expect(times).toEqual([...times].sort().reverse());
  });

  it('lists ids with select=id in pages of 100, counted as the id pass', async () => {
    const before = await requests();
    const pages: string[][] = [];
    for await (const p of c.listIds('crm/organization')) pages.push(p);
    expect(pages[0]).toHaveLength(100);
    expect(pages.flat().every((id) => id.startsWith('organization:'))).toBe(true);
    expect(await requests()).toBe(before + pages.length);
    expect(c.deletionFeed('crm/organization')).toBe(false);
  });

  it('resumes changes from a stored cursor, seeing records changed in the same second once', async () => {
    let cursor: string | null = null;
    for (;;) {
      const step = await c.changes('projects/project', cursor);
      cursor = step.cursor;
      if (!step.more) break;
    }
    const ids = [1, 2, 3].map(
      () => h.ws.sims.simplicate!.sim.records.create('projects/project', { name: 'Tie', custom_fields: [] }) as string,
    );
    const step = await c.changes('projects/project', cursor);
    expect(step.updated.map((r) => r.id).sort()).toEqual([...ids].sort());
    // A crashed sync repeats the step from its stored cursor: the same answer.
    expect((await c.changes('projects/project', cursor)).updated.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect((await c.changes('projects/project', step.cursor)).updated).toEqual([]);
    expect((await errorOf(c.changes('projects/project', 'garbage'))).kind).toBe('invalid_input');
  });

  it('reports bad credentials as auth without echoing the secret', async () => {
    const conn = connectionFromEntry('simplicate', h.entry);
    const bad = createConnector({
      ...conn,
      secrets: { ...conn.secrets, apiSecret: 'wrong-secret-value' },
      rateLimit: false,
    });
    const err = await errorOf(bad.test());
    expect(err.kind).toBe('auth');
    expect(err.message).not.toContain('wrong-secret-value');
    expect(err.message).not.toContain(conn.secrets.apiKey);
  });

  it('maps not found and a text/plain 5xx to typed errors', async () => {
    expect((await errorOf(c.get('crm/person', 'person:0123456789abcdef0123456789abcdef'))).kind).toBe('not_found');
    await h.control('POST', 'fault', { kind: 'text', count: 1 });
    const err = await errorOf(c.create('crm/person', { family_name: 'Not retried' }));
    expect(err.kind).toBe('unavailable');
  });
});

describe('simplicate rate limit', () => {
  it('turns the server 429 into rate_limited after backing off, when the client limiter is off', async () => {
    const h = await startSim('simplicate', { records: 5, seed: 'rate', limits: 'real' });
    try {
      const conn = createConnector({ ...connectionFromEntry('simplicate', h.entry), rateLimit: false });
      for (let i = 0; i < 60; i++) await conn.test();
      const err = await errorOf(conn.test());
      expect(err.kind).toBe('rate_limited');
      expect(err.status).toBe(429);
    } finally {
      await h.ws.close();
    }
  });
});
