import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnectionStore, type ConnectionStore } from '../../src/main/store/index.ts';
import { runExport, type SourceRow } from '../../src/main/export/pipeline.ts';
import type { CrmRecord, RecordValue } from '../../src/shared/fields.ts';
import { csvTextBearing } from '../../src/main/export/cells.ts';
import { accountsSchema } from '../store/fake-connector.ts';
import { parseCsv, unneutralise } from './csv-reader.ts';

const tricky = [
  'comma, inside',
  'a "quoted" word',
  'two\nlines',
  'windows\r\nbreak',
  'Ünïcødé — €5 naïve',
  'مرحبا بالعالم',
  'שלום עולם',
  'سلام دنیا ۱۲۳',
  '=SUM(A1:A9)',
  '+31 6 1234 5678',
  '-minus first',
  '@mention',
  '\ttab first',
  "'=already marked",
  "it's fine",
  ' padded ',
  '😀 emoji',
];

const records: CrmRecord[] = tricky.map((name, i) => ({
  id: String(i + 1),
  name,
  city: i % 2 ? 'Utrecht' : null,
  employees: i === 3 ? -5 : i * 10,
  revenue: 1234.5 + i,
  active: i % 3 === 0,
  founded: `20${String(10 + i).padStart(2, '0')}-0${(i % 9) + 1}-15`,
  updated: `2024-03-0${(i % 9) + 1}T10:20:30.000Z`,
  tags: i % 4 === 0 ? ['a', 'b'] : [],
  notes: i === 0 ? 'first, "note"\nwith lines' : `note ${i}`,
}));
const columns = accountsSchema.fields.map((f) => f.name);
const typeOf = new Map(accountsSchema.fields.map((f) => [f.name, f.type]));

let dir: string;
let store: ConnectionStore;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-rt-'));
  store = openConnectionStore(join(dir, 'c.sqlite'));
  store.mirror.saveSchema('Accounts', accountsSchema);
  store.mirror.upsertMany('Accounts', records);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function exportTo(format: 'csv' | 'xlsx' | 'json' | 'ndjson', name: string, bom = false, rows?: Iterable<SourceRow>) {
  return runExport({
    format,
    out: join(dir, name),
    columns,
    fields: accountsSchema.fields,
    bom,
    sheetName: 'Accounts',
    rows: rows ?? store.mirror.rows('Accounts'),
  });
}

/** The mirror's rows in id order, as the exporter sees them. */
const mirrorRecords = () => [...store.mirror.rows('Accounts')].flatMap((r) => (r.ok ? [r.record] : []));

/** What a CSV cell must read back as. */
function csvExpected(v: RecordValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join('; ');
  return String(v);
}

describe('CSV', () => {
  for (const bom of [false, true]) {
    it(`round-trips every value ${bom ? 'with' : 'without'} a BOM`, async () => {
      const res = await exportTo('csv', `a${bom}.csv`, bom);
      expect(res).toEqual({ file: join(dir, `a${bom}.csv`), rows: records.length, errors: 0 });
      const bytes = readFileSync(res.file);
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(bom);
      const text = bytes.toString('utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      const [header, ...rows] = parseCsv(text);
      expect(header).toEqual(columns);
      const mirror = mirrorRecords();
      expect(rows).toHaveLength(mirror.length);
      rows.forEach((row, r) => {
        columns.forEach((c, i) => {
          const cell = row[i] as string;
          const back = csvTextBearing(typeOf.get(c)) ? unneutralise(cell) : cell;
          expect(back, `${c} of row ${r}`).toBe(csvExpected(mirror[r]?.[c]));
        });
      });
    });
  }

  it('neutralises formula-like text with one apostrophe, never a number', async () => {
    const res = await exportTo('csv', 'n.csv');
    const rows = parseCsv(readFileSync(res.file, 'utf8'));
    const nameCol = columns.indexOf('name');
    const names = rows.slice(1).map((r) => r[nameCol]);
    expect(names).toContain("'=SUM(A1:A9)");
    expect(names).toContain("'+31 6 1234 5678");
    expect(names).toContain("'-minus first");
    expect(names).toContain("'@mention");
    expect(names).toContain("'\ttab first");
    expect(names).toContain("''=already marked");
    expect(names).toContain("it's fine");
    const employees = rows.slice(1).map((r) => r[columns.indexOf('employees')]);
    expect(employees).toContain('-5');
  });
});

describe('XLSX (read back with SheetJS, an independent reader)', () => {
  it('round-trips text exactly and types numbers, booleans and dates', async () => {
    const res = await exportTo('xlsx', 'a.xlsx');
    expect(res.rows).toBe(records.length);
    const wb = XLSX.read(readFileSync(res.file), { cellDates: true });
    const sheet = wb.Sheets[wb.SheetNames[0] as string] as XLSX.WorkSheet;
    expect(wb.SheetNames).toEqual(['Accounts']);
    const grid = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null });
    expect(grid[0]).toEqual(columns);
    const mirror = mirrorRecords();
    expect(grid).toHaveLength(mirror.length + 1);
    mirror.forEach((rec, r) => {
      columns.forEach((c, i) => {
        const cell = sheet[XLSX.utils.encode_cell({ r: r + 1, c: i })] as XLSX.CellObject | undefined;
        const v = rec[c];
        const type = typeOf.get(c);
        if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) {
          expect(cell?.v ?? null, `${c} of row ${r}`).toBeNull();
        } else if (type === 'integer' || type === 'currency') {
          expect(cell?.t).toBe('n');
          expect(cell?.v).toBe(v);
        } else if (type === 'boolean') {
          expect(cell?.t).toBe('b');
          expect(cell?.v).toBe(v);
        } else if (type === 'date') {
          expect(cell?.t).toBe('d');
          expect((cell?.v as Date).toISOString().slice(0, 10)).toBe(v);
        } else if (type === 'datetime') {
          expect(cell?.t).toBe('d');
          expect((cell?.v as Date).toISOString()).toBe(v);
        } else {
          expect(cell?.t).toBe('s');
          expect(cell?.v, `${c} of row ${r}`).toBe(Array.isArray(v) ? v.join('; ') : v);
        }
      });
    });
  });
});

describe('JSON and NDJSON', () => {
  const projected = () => mirrorRecords().map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));

  it('JSON is one array of the records', async () => {
    const res = await exportTo('json', 'a.json');
    expect(JSON.parse(readFileSync(res.file, 'utf8'))).toEqual(projected());
  });

  it('NDJSON is one record per line', async () => {
    const res = await exportTo('ndjson', 'a.ndjson');
    const lines = readFileSync(res.file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual(projected());
  });

  it('an empty selection is an empty array', async () => {
    const res = await exportTo('json', 'empty.json', false, []);
    expect(res.rows).toBe(0);
    expect(JSON.parse(readFileSync(res.file, 'utf8'))).toEqual([]);
  });
});

describe('files', () => {
  it('rows that cannot be read go to <file>.errors.ndjson and the rest is written', async () => {
    const rows: SourceRow[] = [
      { ok: true, record: { id: '1', name: 'fine' } },
      { ok: false, id: '2', error: 'stored record is unreadable' },
      { ok: true, record: { id: '3', name: { nested: true } } as unknown as CrmRecord },
      { ok: true, record: { id: '4', name: 'also fine' } },
    ];
    const res = await exportTo('ndjson', 'e.ndjson', false, rows);
    expect(res).toMatchObject({ rows: 2, errors: 2 });
    const report = readFileSync(join(dir, 'e.ndjson.errors.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(report.map((e: { id: string }) => e.id)).toEqual(['2', '3']);
    // A clean run afterwards removes the stale report.
    await exportTo(
      'ndjson',
      'e.ndjson',
      false,
      rows.filter((r) => r.ok && r.record.id !== '3'),
    );
    expect(existsSync(join(dir, 'e.ndjson.errors.ndjson'))).toBe(false);
  });

  it('a cancelled export leaves no temp file and keeps the earlier file', async () => {
    const out = join(dir, 'keep.csv');
    writeFileSync(out, 'earlier');
    const ac = new AbortController();
    async function* slow(): AsyncIterable<SourceRow> {
      yield { ok: true, record: { id: '1', name: 'x' } };
      ac.abort();
      yield { ok: true, record: { id: '2', name: 'y' } };
    }
    await expect(
      runExport({
        format: 'csv',
        out,
        columns,
        fields: accountsSchema.fields,
        bom: false,
        sheetName: 'A',
        rows: slow(),
        signal: ac.signal,
      }),
    ).rejects.toThrow(/cancelled/);
    expect(readFileSync(out, 'utf8')).toBe('earlier');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('filters and sort from the mirror select and order rows like the vendor would', async () => {
    const rows = store.mirror.rows('Accounts', {
      filters: [
        { field: 'employees', op: '>=', value: '50' },
        { field: 'name', op: 'contains', value: 'E' },
      ],
      sort: { field: 'employees', desc: true },
    });
    const res = await exportTo('ndjson', 'f.ndjson', false, rows);
    const got = readFileSync(res.file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as CrmRecord);
    const want = records
      .filter((r) => Number(r.employees) >= 50 && String(r.name).toLowerCase().includes('e'))
      .sort((a, b) => Number(b.employees) - Number(a.employees));
    expect(got.map((r) => r.id)).toEqual(want.map((r) => r.id));
    expect(got.length).toBeGreaterThan(2);
  });
});
