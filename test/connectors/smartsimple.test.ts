import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../src/shared/errors.ts';
import type { ModuleSchema } from '../../src/shared/fields.ts';
import { createHttpClient } from '../../src/main/connectors/http.ts';
import type { Connector } from '../../src/main/connectors/types.ts';
import { smartsimpleVendor } from '../../src/main/connectors/smartsimple/index.ts';
import { advance, decodeCursor } from '../../src/main/connectors/smartsimple/cursor.ts';
import { TOKEN_MASK } from '../../src/main/connectors/smartsimple/settings.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';

/** SmartSimple-specific behaviour beyond the shared contract suite, against the simulator. */

interface Fn {
  recordType: string;
  action: string;
  apitoken: string;
  fieldList: string;
}

let h: SimHarness;
let c: Connector;
let functions: Fn[];
/** Form bodies of the requests a recording connector sent. */
let sent: URLSearchParams[] = [];

async function errorOf(p: Promise<unknown>): Promise<CrmError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CrmError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** A connector built from the simulator's entry, with its settings changed and its requests recorded. */
function connectorWith(change: (fns: Fn[]) => Fn[] = (f) => f, secrets: Record<string, string> = {}): Connector {
  const conn = connectionFromEntry('smartsimple', h.entry);
  const settings = { ...conn.settings, functions: JSON.stringify(change(structuredClone(functions))) };
  const allSecrets = { ...conn.secrets, ...secrets };
  const recording: typeof fetch = async (input, init) => {
    if (typeof init?.body === 'string') sent.push(new URLSearchParams(init.body));
    return fetch(input, init);
  };
  const http = createHttpClient({ baseUrl: conn.url, vendorLabel: 'SmartSimple', fetch: recording, baseBackoffMs: 1 });
  return smartsimpleVendor.create({
    baseUrl: http.baseUrl,
    settings: smartsimpleVendor.joinSecrets!(settings, allSecrets),
    secrets: allSecrets,
    http,
  });
}

const tokenOf = (recordType: string, action: string, narrow: boolean) =>
  functions
    .filter((f) => f.recordType === recordType && f.action === action)
    .sort((a, b) => (narrow ? a.fieldList.length - b.fieldList.length : b.fieldList.length - a.fieldList.length))[0]!
    .apitoken;

beforeAll(async () => {
  h = await startSim('smartsimple', { records: 40, seed: 'ss-connector' });
  c = h.connector();
  functions = h.entry.functions as Fn[];
});
afterAll(async () => {
  await c?.close();
  await h?.ws.close();
});

describe('SmartSimple settings: function tokens are secrets', () => {
  it('moves every apitoken into secrets, masks it, and joins it back', () => {
    const settings = connectionFromEntry('smartsimple', h.entry).settings;
    const split = smartsimpleVendor.splitSecrets!(settings);
    for (const f of functions) expect(split.settings.functions).not.toContain(f.apitoken);
    const masked = JSON.parse(split.settings.functions!) as Fn[];
    expect(masked.every((f) => f.apitoken === TOKEN_MASK)).toBe(true);
    expect(Object.values(split.secrets).sort()).toEqual(functions.map((f) => f.apitoken).sort());
    // Two List functions for one record type keep two distinct keys.
    expect(split.secrets['apitoken:company:List']).toBeDefined();
    expect(split.secrets['apitoken:company:List#2']).toBeDefined();
    const joined = smartsimpleVendor.joinSecrets!(split.settings, split.secrets);
    expect(JSON.parse(joined.functions!)).toEqual(functions);
    // Splitting settings that are already masked moves nothing and keeps the mask.
    expect(smartsimpleVendor.splitSecrets!(split.settings).secrets).toEqual({});
  });

  it('says which function lacks its token, without sending a call', async () => {
    sent = [];
    const conn = connectorWith((fns) => fns.map((f) => ({ ...f, apitoken: TOKEN_MASK })));
    const err = await errorOf(conn.list('company', { page: 1, pageSize: 5, filters: [] }));
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('company list');
    expect(sent).toHaveLength(0);
  });

  it('declares the documented hourly limit', () => {
    expect(smartsimpleVendor.rateLimit).toEqual({ requests: 1000, perMs: 3_600_000 });
  });
});

describe('SmartSimple describe', () => {
  let level: ModuleSchema;
  beforeAll(async () => {
    level = await c.describe('levelone');
  });
  const field = (s: ModuleSchema, name: string) => s.fields.find((f) => f.name === name)!;

  it('types UTA Level 1 fields from Get Meta: options, references, required, read-only', () => {
    expect(level.capabilities).toEqual({ create: true, update: true, delete: false });
    expect(field(level, 'sf_Status')).toMatchObject({ type: 'picklist', default: '1' });
    expect(field(level, 'sf_Status').options).toContainEqual({ value: '2', label: 'Submitted' });
    expect(field(level, 'cf_Program Areas')).toMatchObject({ type: 'multipicklist' });
    expect(field(level, 'cf_Is Renewal').type).toBe('boolean');
    expect(field(level, 'sf_Customer')).toMatchObject({ type: 'reference', referenceTargets: ['company'] });
    expect(field(level, 'sf_Owner').type).toBe('owner');
    expect(field(level, 'sf_Name')).toMatchObject({ required: true, maxLength: 200, readOnly: false });
    expect(field(level, 'cf_Requested Amount')).toMatchObject({ type: 'currency', required: true });
    expect(field(level, 'sf_Modified Date')).toMatchObject({ type: 'datetime', readOnly: true });
    expect(field(level, 'sf_Start Date').type).toBe('date');
  });

  it('points a lookup at its module only where a List function can search it', async () => {
    expect(field(level, 'sf_Customer').referenceTargets).toEqual(['company']);
    // The simulator configures a User List function: the owner points at the users.
    expect(field(level, 'sf_Owner')).toMatchObject({ type: 'owner', referenceTargets: ['user'] });
    // Without one, the owner is typed as a user id.
    const withoutUserList = connectorWith((fns) => fns.filter((f) => f.recordType !== 'user'));
    expect(field(await withoutUserList.describe('levelone'), 'sf_Owner')).toMatchObject({
      type: 'owner',
      referenceTargets: [],
    });
    const withoutCompanyList = connectorWith((fns) =>
      fns.filter((f) => !(f.recordType === 'company' && f.action === 'List')),
    );
    expect(field(await withoutCompanyList.describe('levelone'), 'sf_Customer').referenceTargets).toEqual([]);
  });

  it('describes company from field lists only: text values, writable as the Update list says', async () => {
    const company = await c.describe('company');
    expect(company.fields.every((f) => f.type === 'string')).toBe(true);
    expect(field(company, 'sf_Name').readOnly).toBe(false);
    expect(field(company, 'sf_Modified Date').readOnly).toBe(true);
    expect(company.capabilities.delete).toBe(false);
  });

  it("states company's Name as required, as the vendor's create refusal does", async () => {
    const company = await c.describe('company');
    expect(field(company, 'sf_Name').required).toBe(true);
    expect(company.fields.filter((f) => f.required).map((f) => f.name)).toEqual(['sf_Name']);
    const err = await errorOf(c.create('company', { sf_City: 'Nowhere' }));
    expect(err.kind).toBe('validation');
    expect(Object.keys(err.fields ?? {})).toEqual(['sf_Name']);
  });

  it('takes capabilities from the configured functions', async () => {
    const noUpdate = connectorWith((fns) => fns.filter((f) => !(f.recordType === 'levelone' && f.action === 'Update')));
    const s = await noUpdate.describe('levelone');
    expect(s.capabilities).toEqual({ create: false, update: false, delete: false });
    expect(s.fields.every((f) => f.readOnly)).toBe(true);
    expect((await errorOf(noUpdate.update('levelone', '6000001', { sf_Name: 'x' }))).kind).toBe('unsupported');
    expect((await errorOf(noUpdate.create('levelone', { sf_Name: 'x' }))).kind).toBe('unsupported');
    expect((await errorOf(c.delete('levelone', '6000001'))).kind).toBe('unsupported');
    expect((await noUpdate.modules()).map((m) => m.name)).toEqual(['company', 'levelone']);
  });
});

describe('SmartSimple records', () => {
  it('reads stored values, typed: option values, numbers, lists, ISO date-times', async () => {
    sent = [];
    const conn = connectorWith();
    const page = await conn.list('levelone', { page: 2, pageSize: 7, filters: [] });
    expect(page.total).toBe(40);
    expect(page.rows).toHaveLength(7);
    const other = sent.find((b) => b.has('othersettings'))!;
    expect(JSON.parse(other.get('othersettings')!)).toMatchObject({
      getstorevalue: '1',
      recordsperpage: 7,
      pagenum: 2,
    });
    expect(other.get('apitoken')).toBe(tokenOf('levelone', 'List', false));
    const row = page.rows[0]!;
    const raw = (await h.control('GET', `records/levelone/${row.id}`)) as Record<string, string>;
    expect(row.id).toBe('6000008');
    expect(row.sf_Status).toBe(raw.sf_Status);
    expect(row['cf_Requested Amount']).toBe(Number(raw['cf_Requested Amount']));
    expect(row['cf_Program Areas']).toEqual(raw['cf_Program Areas'] ? raw['cf_Program Areas'].split(';') : []);
    expect(row['cf_Is Renewal']).toBe(raw['cf_Is Renewal'] === '1');
    expect(row['sf_Modified Date']).toBe(`${raw['sf_Modified Date']!.replace(' ', 'T')}Z`);
  });

  it('refuses like-filters on values holding % or _, and keeps = literal', async () => {
    for (const value of ['100%', 'Under_score']) {
      for (const op of ['contains', 'startswith', 'endswith'] as const) {
        const err = await errorOf(
          c.list('company', { page: 1, pageSize: 5, filters: [{ field: 'sf_Name', op, value }] }),
        );
        expect(err.kind).toBe('unsupported');
      }
    }
    const { id } = (await h.control('POST', 'records/company', { sf_Name: '100% Organic_Co' })) as { id: string };
    const eq = await c.list('company', {
      page: 1,
      pageSize: 50,
      filters: [{ field: 'sf_Name', op: '=', value: '100% Organic_Co' }],
    });
    expect(eq.rows.map((r) => r.id)).toEqual([id]);
    const none = await c.list('company', {
      page: 1,
      pageSize: 50,
      filters: [{ field: 'sf_Name', op: '=', value: '100%' }],
    });
    expect(none.rows).toEqual([]);
  });

  it('combines an in-filter with another filter in bracket groups', async () => {
    const all = (await c.list('levelone', { page: 1, pageSize: 100, filters: [] })).rows;
    const got = await c.list('levelone', {
      page: 1,
      pageSize: 100,
      filters: [
        { field: 'sf_Status', op: 'in', value: ['1', '2'] },
        { field: 'cf_Is Renewal', op: '=', value: 'true' },
      ],
    });
    const expected = all.filter((r) => ['1', '2'].includes(String(r.sf_Status)) && r['cf_Is Renewal'] === true);
    expect(expected.length).toBeGreaterThan(0);
    expect(got.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(got.total).toBe(expected.length);
  });

  it('updates by sending every field of the Update list, keeping the ones not changed', async () => {
    const before = (await h.control('GET', 'records/levelone/6000005')) as Record<string, string>;
    sent = [];
    const conn = connectorWith();
    const after = await conn.update('levelone', '6000005', { sf_Name: 'Renamed via API' });
    expect(after.sf_Name).toBe('Renamed via API');
    const update = sent.find((b) => b.has('jsonrset'))!;
    expect(update.get('apitoken')).toBe(tokenOf('levelone', 'Update', false));
    const rec = (JSON.parse(update.get('jsonrset')!) as { records: Record<string, string>[] }).records[0]!;
    const listed = functions.find((f) => f.apitoken === tokenOf('levelone', 'Update', false))!.fieldList.split(';;');
    expect(Object.keys(rec).sort()).toEqual(['recordid', ...listed].sort());
    const raw = (await h.control('GET', 'records/levelone/6000005')) as Record<string, string>;
    for (const k of listed) if (k !== 'sf_Name') expect(raw[k], k).toBe(before[k]);
  });

  it('refuses to write a read-only field, and maps server-side refusals to fields', async () => {
    const ro = await errorOf(c.update('levelone', '6000005', { 'sf_Modified Date': '2020-01-01T00:00:00Z' }));
    expect(ro.kind).toBe('validation');
    expect(Object.keys(ro.fields ?? {})).toEqual(['sf_Modified Date']);
    const bad = await errorOf(
      c.update('levelone', '6000005', { 'cf_Contact Email': 'not an email', sf_Customer: '5999999' }),
    );
    expect(bad.kind).toBe('validation');
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(['cf_Contact Email', 'sf_Customer']);
  });

  it('creates with recordid 0 and option captions turned into stored values', async () => {
    sent = [];
    const conn = connectorWith();
    const created = await conn.create('levelone', {
      sf_Name: 'Caption test',
      sf_Status: 'Approved',
      'cf_Requested Amount': 10,
    });
    expect(created.sf_Status).toBe('4');
    expect(created.sf_Type).toBe('1'); // the metadata default
    const rec = (
      JSON.parse(sent.find((b) => b.has('jsonrset'))!.get('jsonrset')!) as { records: Record<string, string>[] }
    ).records[0]!;
    expect(rec.recordid).toBe('0');
  });

  it('maps a wrong id to not_found and wrong credentials to auth, never echoing the password', async () => {
    expect((await errorOf(c.get('levelone', '6999999'))).kind).toBe('not_found');
    expect((await errorOf(c.get('levelone', 'abc'))).kind).toBe('not_found');
    const conn = connectorWith((f) => f, { password: 'wrong-secret-pw' });
    const err = await errorOf(conn.test());
    expect(err.kind).toBe('auth');
    expect(err.message).not.toContain('wrong-secret-pw');
    const badToken = connectorWith((fns) => fns.map((f) => ({ ...f, apitoken: `${f.apitoken}x` })));
    expect((await errorOf(badToken.test())).kind).toBe('auth');
  });

  it('gives up with rate_limited when the hourly limit answers a long Retry-After', async () => {
    await h.control('POST', 'fault', { kind: '429', count: 1, retryAfterSeconds: 3000 });
    const err = await errorOf(c.list('company', { page: 1, pageSize: 5, filters: [] }));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(3_000_000);
  });
});

describe('SmartSimple sync', () => {
  it('lists ids with the narrowest List function and the largest page', async () => {
    sent = [];
    const conn = connectorWith();
    const ids: string[] = [];
    for await (const page of conn.listIds('company')) ids.push(...page);
    expect(ids.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.get('apitoken')).toBe(tokenOf('company', 'List', true));
    expect(JSON.parse(sent[0]!.get('othersettings')!)).toMatchObject({ recordsperpage: 10000, pagenum: 1 });
  });

  it('resumes changes from a cursor by modified date, without repeats', async () => {
    let cursor: string | null = null;
    const seen: string[] = [];
    for (;;) {
      const step = await c.changes('levelone', cursor);
      seen.push(...step.updated.map((r) => r.id));
      cursor = step.cursor;
      if (!step.more) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const again = await c.changes('levelone', cursor);
    expect(again.updated).toEqual([]);
    await h.control('PATCH', 'records/levelone/6000011', { sf_Name: 'Changed elsewhere A' });
    await h.control('PATCH', 'records/levelone/6000012', { sf_Name: 'Changed elsewhere B' });
    const step = await c.changes('levelone', cursor);
    expect(step.updated.map((r) => r.id).sort()).toEqual(['6000011', '6000012']);
    expect(decodeCursor(step.cursor).ids.length).toBeGreaterThan(0);
    // Resuming from the same stored cursor gives the same step (a crashed sync loses nothing).
    expect((await c.changes('levelone', cursor)).updated.map((r) => r.id).sort()).toEqual(['6000011', '6000012']);
    expect((await c.changes('levelone', step.cursor)).updated).toEqual([]);
    expect(c.deletionFeed('levelone')).toBe(false);
    expect((await errorOf(c.changes('levelone', 'garbage'))).kind).toBe('invalid_input');
  });

  it('keeps ids of the boundary second in the cursor', () => {
    const start = decodeCursor(null);
    const a = advance(start, [
      ['1', '2026-01-01 10:00:00'],
      ['2', '2026-01-01 10:00:05'],
      ['3', '2026-01-01 10:00:05'],
    ]);
    expect(a).toEqual({ v: 1, ts: '2026-01-01 10:00:05', ids: ['2', '3'] });
    const b = advance(a, [['4', '2026-01-01 10:00:05']]);
    expect(b.ids).toEqual(['2', '3', '4']);
    expect(advance(b, [['5', '2026-01-01 10:00:06']])).toEqual({ v: 1, ts: '2026-01-01 10:00:06', ids: ['5'] });
    expect(advance(b, [])).toEqual(b);
  });
});
