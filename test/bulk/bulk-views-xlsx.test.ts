import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vendorDefinition } from '../../src/main/connectors/registry.ts';
import { createHandlers } from '../../src/main/handlers.ts';
import { createRouter, type Dispatch } from '../../src/main/router.ts';
import type { LocalServices } from '../../src/main/services/index.ts';
import { ViewsStore } from '../../src/main/services/views.ts';
import { MAX_BULK_XLSX_BYTES, type BulkStatus } from '../../src/shared/contract.ts';
import type { CrmRecord } from '../../src/shared/fields.ts';
import { connectionFromEntry, startSim } from '../helpers/sim.ts';
import { accountsSchema, type FakeState } from '../services/fake-vendor.ts';
import { closeFakeServices, openFakeServices } from '../services/fake-services.ts';
import { cli, secretEnvName } from '../sync/cli-child.ts';
import { loadFixture } from '../sync/vendor-fixtures.ts';
import { parseReport } from './report.ts';

// A bulk mapping kept with a saved view (services, view files, the CLI's --view), and XLSX files sent by
// the app's dialog (bytes through the router, validated and bounded).

let dataDir: string;
let state: FakeState;
let s: LocalServices;
let dispatch: Dispatch;

beforeEach(async () => {
  ({ dataDir, state, s } = await openFakeServices({ folderPrefix: 'crm-bulkviews-', password: 'pw' }));
  dispatch = createRouter(createHandlers(s, { version: '0', transport: 'browser', demo: false }));
});
afterEach(() => closeFakeServices({ dataDir, s }));

const view = { name: 'Cleanup', columns: ['name'], widths: {}, filters: [], sort: null, pageSize: 50, default: false };
const text = ['Record\tCompany\tStaff\tNotes', '1\tAcme\t12\tcall back'].join('\n');
const run = (extra: Record<string, unknown>) =>
  s.bulk.run({
    connection: 'c',
    module: 'Accounts',
    source: { text },
    dryRun: true,
    report: join(dataDir, 'r.csv'),
    ...extra,
  });

async function xlsxBytes(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Rows');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A call that must succeed: its value. */
async function value<T>(channel: string, input: unknown): Promise<T> {
  const res = await dispatch(channel, input);
  if (!res.ok) throw new Error(`${channel}: ${res.error.message}`);
  return res.value as T;
}

async function finished(start: Record<string, unknown>): Promise<BulkStatus> {
  const { jobId } = await value<{ jobId: string }>('bulk.start', start);
  for (;;) {
    const st = await value<BulkStatus>('bulk.status', { jobId });
    if (st.state !== 'running' && st.state !== 'paused') return st;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a bulk mapping saved with a view', () => {
  it('maps the columns the names do not; --map overrides it column by column', async () => {
    const byName = await s.bulk.columns({ connection: 'c', module: 'Accounts', source: { text } });
    expect(byName).toEqual({ columns: ['Record', 'Company', 'Staff', 'Notes'], mapping: {} });
    await s.views.save('c', 'Accounts', view);
    await s.views.setBulkMap('c', 'Accounts', 'Cleanup', {
      Record: 'id',
      Company: 'name',
      Staff: 'employees',
      Notes: '',
      // A column this file lacks: skipped, not an error (a view's mapping serves several files).
      Region: 'kind',
    });
    const dry = await run({ view: 'Cleanup', match: 'id' });
    expect(dry.mapping).toEqual({ Record: 'id', Company: 'name', Staff: 'employees' });
    expect(dry.plans?.[0]).toMatchObject({ id: '1', changes: { name: 'Acme', employees: 12 } });

    const overridden = await run({ view: 'Cleanup', map: { Staff: '', Notes: 'name', Company: '' } });
    expect(overridden.mapping).toEqual({ Record: 'id', Notes: 'name' });
    // The view's grid layout is kept as it was.
    expect(await s.views.get('c', 'Accounts', 'Cleanup')).toMatchObject({ columns: ['name'], pageSize: 50 });
  });

  it('a view without a mapping, or naming a field the module lacks, is a clear error', async () => {
    await s.views.save('c', 'Accounts', view);
    await expect(run({ view: 'Cleanup' })).rejects.toThrow(/"Cleanup" holds no bulk mapping/);
    await expect(run({ view: 'Nope' })).rejects.toMatchObject({ kind: 'not_found' });
    await s.views.setBulkMap('c', 'Accounts', 'Cleanup', { Company: 'legacy_name' });
    await expect(run({ view: 'Cleanup' })).rejects.toThrow(/Company → legacy_name/);
    await expect(s.views.setBulkMap('c', 'Accounts', 'Cleanup', { '': 'name' })).rejects.toMatchObject({
      kind: 'invalid_input',
    });
    await s.views.setBulkMap('c', 'Accounts', 'Cleanup', null);
    expect((await s.views.get('c', 'Accounts', 'Cleanup')).bulkMap).toBeUndefined();
  });

  it('goes with the view file; an imported mapping names the fields the module lacks', async () => {
    await s.views.save('c', 'Accounts', { ...view, bulkMap: { Company: 'name', Legacy: 'legacy_code', Notes: '' } });
    const file = await s.views.exportText('c', 'Accounts', 'Cleanup');
    expect(JSON.parse(file).view.bulkMap).toEqual({ Company: 'name', Legacy: 'legacy_code', Notes: '' });
    await s.views.remove('c', 'Accounts', 'Cleanup');
    const imported = await s.views.importText('c', accountsSchema, file);
    expect(imported).toEqual({ name: 'Cleanup', unknownFields: ['legacy_code'] });
    expect((await s.views.get('c', 'Accounts', 'Cleanup')).bulkMap).toEqual({ Company: 'name', Notes: '' });
  });

  it('is saved and read through the router', async () => {
    await s.views.save('c', 'Accounts', view);
    const saved = await dispatch('views.setBulkMap', {
      connection: 'c',
      module: 'Accounts',
      name: 'Cleanup',
      map: { Company: 'name' },
    });
    expect(saved).toMatchObject({ ok: true, value: { name: 'Cleanup', bulkMap: { Company: 'name' } } });
    const listed = await dispatch('views.list', { connection: 'c', module: 'Accounts' });
    expect(listed).toMatchObject({ ok: true, value: [{ bulkMap: { Company: 'name' } }] });
  });
});

describe("an XLSX file from the app's bulk dialog", () => {
  const ref = { connection: 'c', module: 'Accounts', match: 'id' };

  it('is read in the main process from its bytes: dry run, then apply', async () => {
    const bytes = await xlsxBytes([
      ['id', 'Name', 'Employees'],
      ['1', 'From XLSX', 7],
      ['2', '', 21],
    ]);
    const dryStatus = await finished({ ...ref, xlsx: bytes.toString('base64'), dryRun: true });
    expect(dryStatus.result?.mapping).toEqual({ id: 'id', Name: 'name', Employees: 'employees' });
    expect(dryStatus.result?.lines.map((l) => [l.id, l.status, l.fields])).toEqual([
      ['1', 'would_apply', ['name', 'employees']],
      ['2', 'would_apply', ['employees']],
    ]);
    expect(state.calls.filter((c) => c.startsWith('update'))).toEqual([]);

    const done = await finished({ ...ref, xlsx: bytes.toString('base64'), dryRun: false });
    expect(done.result?.applied).toBe(2);
    expect(state.records.get('1')).toMatchObject({ name: 'From XLSX', employees: 7 });
    expect(state.records.get('2')).toMatchObject({ name: 'Company 2', employees: 21 });
  });

  it('is refused when too large, not base64, beside text, or not an XLSX file', async () => {
    const big = Buffer.alloc(MAX_BULK_XLSX_BYTES + 3).toString('base64');
    for (const input of [
      { ...ref, xlsx: big, dryRun: true },
      { ...ref, xlsx: 'not base64!', dryRun: true },
      { ...ref, xlsx: 'UEsDBA==', text: 'id\n1', dryRun: true },
      { ...ref, dryRun: true },
    ]) {
      const res = await dispatch('bulk.start', input);
      expect(res).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    }
    const st = await finished({
      ...ref,
      xlsx: Buffer.from('id,name\n1,x').toString('base64'),
      dryRun: true,
    });
    expect(st.state).toBe('failed');
    expect(st.error).toMatchObject({ kind: 'invalid_input' });
    expect(st.error?.message).toMatch(/as XLSX/);
  });
});

describe('crm bulk-update --view', () => {
  it('takes the columns from the view; --map overrides one', { timeout: 120_000 }, async () => {
    const { module, textField } = await loadFixture('spotler');
    const sim = await startSim('spotler', { records: 5, limits: 'off' });
    const home = await mkdtemp(join(tmpdir(), 'crm-bulkview-cli-'));
    try {
      const conn = connectionFromEntry('spotler', sim.entry);
      const split = vendorDefinition('spotler').splitSecrets?.(conn.settings);
      const env = {
        CRM_HOME: home,
        CRM_RATE_LIMIT: 'off',
        [secretEnvName('k')]: JSON.stringify({ ...conn.secrets, ...split?.secrets }),
      };
      const sets = Object.entries(conn.settings).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
      const connected = await cli(['connect', 'k', '--vendor', 'spotler', '--url', conn.url, ...sets], env);
      expect(connected.code, connected.stderr).toBe(0);
      const c = sim.connector();
      const [rec] = (await c.list(module, { page: 1, pageSize: 1, filters: [] })).rows as [CrmRecord];
      await c.close();
      // The view lives in the data folder the CLI reads, as the app saves it.
      await new ViewsStore(home).save('k', module, {
        ...view,
        columns: [textField],
        bulkMap: { Key: 'id', 'New text': textField, Other: '' },
      });
      const listed = await cli(['views', 'k', module, '--json'], env);
      expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'Cleanup', bulkMap: { Key: 'id', Other: '' } }]);
      const file = join(home, 'rows.xlsx');
      await writeFile(
        file,
        await xlsxBytes([
          ['Key', 'New text', 'Other'],
          [rec.id, 'Via view', 'Via map'],
        ]),
      );
      const report = join(home, 'r.csv');
      const args = ['bulk-update', 'k', module, '--file', file, '--view', 'Cleanup', '--report', report];

      const dry = await cli([...args, '--dry-run', '--json'], env);
      expect(dry.code, dry.stderr).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, rows: 1, applied: 1, refused: 0 });
      expect(parseReport(await readFile(report, 'utf8'))).toMatchObject([
        { id: rec.id, status: 'would_apply', fields: textField },
      ]);

      const applied = await cli([...args, '--map', 'New text=', '--map', `Other=${textField}`, '--json'], env);
      expect(applied.code, applied.stderr).toBe(0);
      const after = sim.connector();
      expect((await after.get(module, rec.id))[textField]).toBe('Via map');
      await after.close();

      const missing = await cli(
        ['bulk-update', 'k', module, '--file', file, '--view', 'Nope', '--report', report],
        env,
      );
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain('no saved view "Nope"');
    } finally {
      await sim.ws.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});
