import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSimulator, type RunningSim } from '../common/server.ts';
import { createSmartSimpleSim } from './index.ts';

/** Raw SmartConnect calls (fetch) against the simulator: the documented protocol and its failures. */

interface Fn {
  recordType: string;
  action: string;
  apitoken: string;
  fieldList: string;
}
interface Creds {
  alias: string;
  companyid: string;
  username: string;
  password: string;
  functions: Fn[];
}
type Body = { records: Record<string, string>[]; message: Record<string, unknown> };

const RECORDS = 60;
let run: RunningSim;
let creds: Creds;

function token(recordType: string, action: string, narrow = false): string {
  const fns = creds.functions.filter((f) => f.recordType === recordType && f.action === action);
  fns.sort((a, b) => (narrow ? a.fieldList.length - b.fieldList.length : b.fieldList.length - a.fieldList.length));
  return fns[0]!.apitoken;
}

async function post(segment: string, params: Record<string, string>, auth = true) {
  const { alias, companyid, username, password } = creds;
  const body = new URLSearchParams({ ...(auth ? { alias, companyid, username, password } : {}), ...params });
  const res = await fetch(`${run.baseUrl}/API/1/${segment}/`, { method: 'POST', body });
  return { status: res.status, text: await res.text() };
}

async function json(segment: string, params: Record<string, string>): Promise<Body> {
  const r = await post(segment, params);
  expect(r.status, r.text).toBe(200);
  return JSON.parse(r.text) as Body;
}

const list = (params: Record<string, unknown> = {}, segment = 'levelone') =>
  json(segment, {
    apitoken: token(segment, 'List'),
    ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
  });
const ids = (b: Body) => b.records.map((r) => Number(r.recordid) - 6_000_000);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

beforeAll(async () => {
  run = await serveSimulator(createSmartSimpleSim({ records: RECORDS, seed: 'simtest', limits: 'off' }));
  creds = run.sim.credentials() as unknown as Creds;
});
afterAll(() => run.close());

describe('SmartSimple simulator: List', () => {
  it('answers records with recordid and the field list keys, and paging counts in message', async () => {
    const b = await list({ othersettings: { recordsperpage: 5, pagenum: 1 } });
    expect(b.records).toHaveLength(5);
    const keys = creds.functions.find((f) => f.apitoken === token('levelone', 'List'))!.fieldList.split(';;');
    expect(Object.keys(b.records[0]!)).toEqual(['recordid', ...keys]);
    expect(b.message).toEqual({ recordfrom: 1, recordto: 5, recordcount: 5, allcount: RECORDS });
  });

  it('follows the documented priority of the pagination parameters', async () => {
    expect(ids(await list({ othersettings: { recordend: 35 } }))).toEqual(range(1, 35));
    expect(ids(await list({ othersettings: { recordstart: 10, recordend: 35 } }))).toEqual(range(10, 35));
    expect(ids(await list({ othersettings: { recordstart: 10, recordend: 20, recordsperpage: 3 } }))).toEqual(
      range(10, 20),
    );
    expect(ids(await list({ othersettings: { recordsperpage: 10, pagenum: 2 } }))).toEqual(range(11, 20));
    expect(ids(await list({ othersettings: { recordsperpage: 10, recordstart: 12, pagenum: 3 } }))).toEqual(
      range(21, 30),
    );
    expect(ids(await list({ othersettings: { recordsperpage: 10, recordstart: 25 } }))).toEqual(range(25, 34));
    expect(ids(await list({ othersettings: { recordstart: 55 } }))).toEqual(range(55, 60));
    const past = await list({ othersettings: { recordsperpage: 10, pagenum: 9 } });
    expect(past.records).toEqual([]);
    expect(past.message).toMatchObject({ recordcount: 0, allcount: RECORDS });
  });

  it('gives display values by default and stored values with getstorevalue 1', async () => {
    const shown = (await list({ othersettings: { recordsperpage: 1 } })).records[0]!;
    const stored = (await list({ othersettings: { recordsperpage: 1, getstorevalue: '1' } })).records[0]!;
    expect(stored.sf_Status).toMatch(/^[1-5]$/);
    expect(['Draft', 'Submitted', 'Under Review', 'Approved', 'Declined']).toContain(shown.sf_Status);
    expect(stored['cf_Requested Amount']).toMatch(/^\d+\.\d\d$/);
    expect(shown['cf_Requested Amount']).toMatch(/^\$[\d,]+\.\d\d$/);
    expect(stored.sf_Customer).toMatch(/^5\d{6}$/);
    expect(shown.sf_Customer).not.toBe(stored.sf_Customer);
  });

  it('keys fields by the field list (keyformat 0), plain names (1) or custom field ids (2)', async () => {
    const at = async (keyformat: number) =>
      (await list({ othersettings: { recordsperpage: 1, getstorevalue: 1, keyformat } })).records[0]!;
    const listed = await at(0);
    const plain = await at(1);
    const byId = await at(2);
    expect(plain.recordid).toBe(listed.recordid);
    expect(plain.Name).toBe(listed.sf_Name);
    expect(plain['Requested Amount']).toBe(listed['cf_Requested Amount']);
    expect(plain['Modified Date']).toBe(listed['sf_Modified Date']);
    expect(Object.keys(plain).filter((k) => /^(sf|cf)_/.test(k))).toEqual([]);
    expect(Object.keys(plain)).toHaveLength(Object.keys(listed).length);
    expect(byId.cf_1230101).toBe(listed['cf_Requested Amount']);
    expect(byId.sf_Name).toBe(listed.sf_Name);
    // Get honours it too.
    const got = await json('levelone', {
      apitoken: token('levelone', 'Get'),
      recordid: listed.recordid!,
      othersettings: JSON.stringify({ getstorevalue: 1, keyformat: 1 }),
    });
    expect(got.records[0]).toEqual(plain);
  });

  it('filters with criteria: =, like wildcards, isempty, and the doc bracket form', async () => {
    const all = (await list({ othersettings: { getstorevalue: 1 } })).records;
    const name = all[0]!.sf_Name!;
    const eq = await list({ criteria: [{ andor: 'and', field: 'sf_Name', operator: '=', value: name.toUpperCase() }] });
    expect(eq.records.length).toBeGreaterThan(0);
    for (const r of eq.records) expect(r.sf_Name!.toLowerCase()).toBe(name.toLowerCase());

    // docs/vendors.md: % and _ are wildcards in like.
    const under = await list({
      criteria: [{ andor: 'and', field: 'sf_Name', operator: 'like', value: `${name.slice(0, 2)}_%` }],
    });
    expect(under.records.length).toBeGreaterThanOrEqual(eq.records.length);

    const empty = await list({
      criteria: [{ andor: 'and', field: 'cf_Score', operator: 'isempty', value: 'true' }],
      othersettings: { getstorevalue: 1 },
    });
    const full = await list({ criteria: [{ andor: 'and', field: 'cf_Score', operator: 'isempty', value: 'false' }] });
    expect((empty.message.allcount as number) + (full.message.allcount as number)).toBe(RECORDS);
    for (const r of empty.records) expect(r.cf_Score).toBe('');

    // (status = 1 or status = 2) and (renewal = 1): the last bracket is left open, as in the doc.
    const grouped = await list({
      criteria: [
        { andor: '(', field: 'sf_Status', operator: '=', value: '1' },
        { andor: 'or', field: 'sf_Status', operator: '=', value: '2' },
        { andor: ') and (', field: 'cf_Is Renewal', operator: '=', value: '1' },
      ],
      othersettings: { getstorevalue: 1 },
    });
    const expected = all.filter((r) => ['1', '2'].includes(r.sf_Status!) && r['cf_Is Renewal'] === '1');
    expect(grouped.records.map((r) => r.recordid)).toEqual(expected.map((r) => r.recordid));
  });

  it('keeps values literal: quotes and operators in a value are data', async () => {
    const b = await list({ criteria: [{ andor: 'and', field: 'sf_Name', operator: '=', value: "x' or 1=1 --" }] });
    expect(b.records.every((r) => r.sf_Name === "x' or 1=1 --")).toBe(true);
    expect(b.message.allcount).toBeLessThan(RECORDS);
  });

  it('sorts by sortby, numbers as numbers', async () => {
    const b = await list({
      sortby: [{ field: 'cf_Requested Amount', direction: 'desc' }],
      othersettings: { getstorevalue: 1 },
    });
    const amounts = b.records.map((r) => Number(r['cf_Requested Amount']));
    expect(amounts).toEqual([...amounts].sort((x, y) => y - x));
  });

  it('refuses malformed criteria, unknown fields and bad othersettings with HTTP 400', async () => {
    const cases: Record<string, string>[] = [
      { criteria: '[{"andor":"and",' },
      { criteria: JSON.stringify([{ andor: 'and', field: 'sf_Nope', operator: '=', value: 'x' }]) },
      { criteria: JSON.stringify([{ andor: 'and', field: 'sf_Name', operator: 'regexp', value: 'x' }]) },
      {
        criteria: JSON.stringify([
          { andor: 'and', field: 'sf_Name', operator: '=', value: 'a' },
          { andor: 'xor', field: 'sf_Name', operator: '=', value: 'b' },
        ]),
      },
      { sortby: JSON.stringify([{ field: 'sf_Name', direction: 'up' }]) },
      { othersettings: '{"recordsperpage":-1}' },
    ];
    for (const c of cases) {
      const r = await post('levelone', { apitoken: token('levelone', 'List'), ...c });
      expect(r.status, JSON.stringify(c)).toBe(400);
      expect((JSON.parse(r.text) as { message: { error: string } }).message.error).toBeTruthy();
    }
  });
});

describe('SmartSimple simulator: Get, Update, Get Meta', () => {
  it('gets one record with "message":{} and a blank answer for an unknown recordid', async () => {
    const b = await json('levelone', { apitoken: token('levelone', 'Get'), recordid: '6000007' });
    expect(b.records).toHaveLength(1);
    expect(b.records[0]!.recordid).toBe('6000007');
    expect(b.message).toEqual({});
    const none = await post('levelone', { apitoken: token('levelone', 'Get'), recordid: '6999999' });
    expect(none).toEqual({ status: 200, text: '' });
  });

  const fullRecord = (over: Record<string, unknown>) => {
    const keys = creds.functions.find((f) => f.apitoken === token('levelone', 'Update'))!.fieldList.split(';;');
    const rec: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, '']));
    return {
      ...rec,
      sf_Name: 'Sim test',
      'cf_Requested Amount': '100.00',
      'cf_Is Renewal': '0',
      sf_Type: '1',
      sf_Status: '1',
      ...over,
    };
  };

  it('creates with recordid 0 and answers the documented Update shape', async () => {
    const r = await json('levelone', {
      apitoken: token('levelone', 'Update'),
      jsonrset: JSON.stringify({ records: [fullRecord({ recordid: 0 })] }),
    });
    expect(r.message).toEqual({});
    expect(r.records[0]).toMatchObject({ recordindex: 1, status: 'updated successfully' });
    const id = r.records[0]!.recordid!;
    expect(Number(id)).toBeGreaterThan(6_000_000 + RECORDS);
    expect(run.sim.records.get('levelone', id)).toMatchObject({
      sf_Name: 'Sim test',
      'sf_Created By': 'SmartConnect API User',
    });
  });

  it('accepts jsonrset as a bare array (vendor samples) and updates an existing record', async () => {
    const r = await json('levelone', {
      apitoken: token('levelone', 'Update'),
      jsonrset: JSON.stringify([fullRecord({ recordid: '6000002', sf_Name: 'Bare array' })]),
    });
    expect(r.records[0]).toMatchObject({ recordid: '6000002', status: 'updated successfully' });
    expect(run.sim.records.get('levelone', '6000002')?.sf_Name).toBe('Bare array');
  });

  it('refuses an update that lacks a field of the field list, or adds one, naming them', async () => {
    const partial = { recordid: '6000003', sf_Name: 'Only the name' };
    const r = await post('levelone', {
      apitoken: token('levelone', 'Update'),
      jsonrset: JSON.stringify({ records: [partial] }),
    });
    expect(r.status).toBe(400);
    const errors = (JSON.parse(r.text) as { records: { errors: Record<string, string> }[] }).records[0]!.errors;
    expect(Object.keys(errors)).toContain('sf_Status');
    const extra = await post('levelone', {
      apitoken: token('levelone', 'Update'),
      jsonrset: JSON.stringify({ records: [fullRecord({ recordid: '6000003', 'sf_Modified Date': '2020-01-01' })] }),
    });
    expect(extra.status).toBe(400);
    expect(extra.text).toContain('sf_Modified Date');
    expect(run.sim.records.get('levelone', '6000003')?.sf_Name).not.toBe('Only the name');
  });

  it('refuses a missing mandatory field, a caption for an option, and a wrong date', async () => {
    const r = await post('levelone', {
      apitoken: token('levelone', 'Update'),
      jsonrset: JSON.stringify({
        records: [fullRecord({ recordid: 0, sf_Name: '', sf_Status: 'Draft', 'sf_Start Date': '03/02/2026' })],
      }),
    });
    expect(r.status).toBe(400);
    const errors = (JSON.parse(r.text) as { records: { errors: Record<string, string> }[] }).records[0]!.errors;
    expect(Object.keys(errors).sort()).toEqual(['sf_Name', 'sf_Start Date', 'sf_Status']);
  });

  it('gives a blank answer for an Update of an unknown recordid', async () => {
    const r = await post('levelone', {
      apitoken: token('levelone', 'Update'),
      jsonrset: JSON.stringify({ records: [fullRecord({ recordid: '6999999' })] }),
    });
    expect(r).toEqual({ status: 200, text: '' });
  });

  it('answers Get Meta nested by level, with types, options and mandatory flags', async () => {
    const b = (await json('levelone', { apitoken: token('levelone', 'Get Meta') })) as unknown as Record<
      string,
      { fields: Record<string, string>[] }
    >;
    expect(Object.keys(b).sort()).toEqual(['levelone', 'leveltwo']);
    const status = b.levelone!.fields.find((f) => f.name === 'Status')!;
    expect(status).toMatchObject({ isstandard: '1', fieldtype: 'Select One - Combo Box' });
    expect(status.options).toContain('2=Submitted');
    expect(b.levelone!.fields.find((f) => f.name === 'Requested Amount')).toMatchObject({
      required: '1',
      isstandard: '0',
    });
  });

  it('has no Get Meta for company (UTA levels only) and keeps company values as text', async () => {
    expect(creds.functions.some((f) => f.recordType === 'company' && f.action === 'Get Meta')).toBe(false);
    const b = await list({ othersettings: { recordsperpage: 3 } }, 'company');
    for (const r of b.records) for (const v of Object.values(r)) expect(typeof v).toBe('string');
  });
});

describe('SmartSimple simulator: protocol and authentication', () => {
  it('answers 401 for wrong credentials, a wrong companyid, or a JSON body', async () => {
    const apitoken = token('levelone', 'List');
    expect(
      (
        await post(
          'levelone',
          { apitoken, alias: creds.alias, companyid: creds.companyid, username: creds.username, password: 'nope' },
          false,
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await post(
          'levelone',
          { apitoken, alias: creds.alias, companyid: '1', username: creds.username, password: creds.password },
          false,
        )
      ).status,
    ).toBe(401);
    const res = await fetch(`${run.baseUrl}/API/1/levelone/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...creds, apitoken }),
    });
    expect(res.status).toBe(401);
  });

  it('refuses other methods and paths outside /API/1/', async () => {
    expect((await fetch(`${run.baseUrl}/API/1/levelone/`)).status).toBe(405);
    expect((await fetch(`${run.baseUrl}/api/levelone/`, { method: 'POST' })).status).toBe(404);
  });

  it('answers blank for a wrong apitoken, a token of another record type, or an unknown endpoint', async () => {
    expect(await post('levelone', { apitoken: 'nope~' })).toEqual({ status: 200, text: '' });
    expect(await post('levelone', { apitoken: token('company', 'List') })).toEqual({ status: 200, text: '' });
    expect(await post('leveltwo', { apitoken: token('levelone', 'List') })).toEqual({ status: 200, text: '' });
  });

  it('enforces 1000 calls per hour with limits real, and none with limits off', async () => {
    const limited = await serveSimulator(createSmartSimpleSim({ records: 1, seed: 'rate', limits: 'real' }));
    try {
      // The first 1000 calls go straight to the handler (fast); the 1001st over HTTP.
      const statuses: number[] = [];
      const url = new URL(`${limited.baseUrl}/API/1/company/`);
      for (let i = 0; i < 1000; i++) {
        const out = await limited.sim.handle({
          method: 'POST',
          url,
          headers: {},
          body: '',
          form: new URLSearchParams(),
        });
        statuses.push(out.status);
      }
      expect(statuses.every((s) => s === 401)).toBe(true);
      const over = await fetch(`${limited.baseUrl}/API/1/company/`, { method: 'POST', body: '' });
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(3000);
      limited.sim.reset();
      expect((await fetch(`${limited.baseUrl}/API/1/company/`, { method: 'POST', body: '' })).status).toBe(401);
    } finally {
      await limited.close();
    }
    const url = new URL(`${run.baseUrl}/API/1/company/`);
    for (let i = 0; i < 1001; i++) {
      const out = await run.sim.handle({ method: 'POST', url, headers: {}, body: '', form: new URLSearchParams() });
      expect(out.status).toBe(401);
    }
  });
});
