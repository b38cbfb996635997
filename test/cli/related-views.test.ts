import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';
import { memoryIo } from './io.ts';
import { oneJson, runCrm, type CrmRun } from './run-crm.ts';

type Row = Record<string, unknown> & { id: string };

// `crm related` and the saved-view commands against the SpotlerCRM simulator.
describe('crm related and views', () => {
  let sim: SimHarness;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (...args: string[]): Promise<CrmRun> => {
    const io = memoryIo(env);
    const code = await runCli(args, io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    sim = await startSim('spotler', { records: 30, limits: 'off' });
    home = await mkdtemp(join(tmpdir(), 'crm-related-'));
    const conn = connectionFromEntry('spotler', sim.entry);
    env = { CRM_HOME: home, CRM_RATE_LIMIT: 'off', CRM_SECRET_SP: JSON.stringify(conn.secrets) };
    expect((await cli('connect', 'sp', '--vendor', 'spotler', '--url', conn.url, '--json')).code).toBe(0);
  });
  afterAll(async () => {
    await sim?.ws.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('related prints one entry per relation with the records that point at the record', async () => {
    const contacts = oneJson(await cli('list', 'sp', 'contacts', '--page-size', '100', '--json')) as { rows: Row[] };
    const linked = contacts.rows.find((r) => typeof r['accountid'] === 'string' && r['accountid'] !== '');
    expect(linked).toBeDefined();
    const account = String(linked?.['accountid']);
    const run = await runCrm(['related', 'sp', 'accounts', account, '--json'], env);
    expect(run.err).toBe('');
    const lists = oneJson(run) as { module: string; field: string; label: string; total?: number; rows: Row[] }[];
    expect(lists.map((l) => `${l.module}.${l.field}`)).toEqual(['contacts.accountid', 'opportunities.accountid']);
    for (const l of lists)
      expect(Object.keys(l).sort()).toEqual(expect.arrayContaining(['field', 'label', 'module', 'rows']));
    for (const l of lists)
      expect(Object.keys(l).every((k) => ['module', 'field', 'label', 'total', 'rows'].includes(k))).toBe(true);
    const mine = lists[0]!;
    expect(mine.rows.map((r) => r.id)).toContain(linked!.id);
    for (const r of mine.rows) expect(r['accountid']).toBe(account);
  });

  it('saves a view file, imports it with unknown fields named, and lists by it', async () => {
    const file = join(home, 'shared-view.json');
    await writeFile(
      file,
      JSON.stringify({
        kind: 'crm-desk.view',
        version: 1,
        module: 'accounts',
        view: {
          name: 'Big ones',
          columns: ['name', 'no_such_column', 'website'],
          widths: { name: 240, gone_width: 90 },
          filters: [
            { field: 'name', op: 'contains', value: 'a' },
            { field: 'ghost', op: 'isempty' },
          ],
          sort: { field: 'name', desc: true },
          pageSize: 7,
        },
      }),
    );
    const imported = oneJson(await cli('view-import', 'sp', 'accounts', '--file', file, '--json'));
    expect(imported).toEqual({ name: 'Big ones', unknownFields: ['no_such_column', 'gone_width', 'ghost'] });

    const views = oneJson(await runCrm(['views', 'sp', 'accounts', '--json'], env));
    expect(views).toEqual([
      {
        name: 'Big ones',
        columns: ['name', 'website'],
        filters: [{ field: 'name', op: 'contains', value: 'a' }],
        sort: { field: 'name', desc: true },
        pageSize: 7,
        default: false,
      },
    ]);

    const page = oneJson(await cli('list', 'sp', 'accounts', '--view', 'Big ones', '--json')) as { rows: Row[] };
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.length).toBeLessThanOrEqual(7);
    for (const r of page.rows) {
      expect(Object.keys(r).every((k) => ['id', 'name', 'website'].includes(k))).toBe(true);
      expect(String(r['name']).toLowerCase()).toContain('a');
    }
    const names = page.rows.map((r) => String(r['name']));
    expect([...names].sort((a, b) => b.localeCompare(a))).toEqual(names);

    const out = join(home, 'exported.json');
    expect((await cli('view-export', 'sp', 'accounts', 'Big ones', '--out', out, '--json')).code).toBe(0);
    const back = JSON.parse(await readFile(out, 'utf8')) as { view: { name: string; columns: string[] } };
    expect(back.view).toMatchObject({ name: 'Big ones', columns: ['name', 'website'] });

    const csv = join(home, 'by-view.csv');
    expect(
      (await cli('export', 'sp', 'accounts', '--format', 'csv', '--out', csv, '--view', 'Big ones', '--json')).code,
    ).toBe(0);
    expect((await readFile(csv, 'utf8')).split(/\r?\n/)[0]).toMatch(/name.*website/i);
  });

  it('refuses an unknown view and a file that is not a view, with clear errors', async () => {
    const missing = await cli('list', 'sp', 'accounts', '--view', 'Nope', '--json');
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('no saved view "Nope"');
    const bad = join(home, 'bad.json');
    await writeFile(bad, '{"kind":"something else"}');
    const r = await cli('view-import', 'sp', 'accounts', '--file', bad, '--json');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('Not a CRM Desk view file');
  });
});
