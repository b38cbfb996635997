import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrmError } from '../../src/shared/errors.ts';
import {
  fieldSchema,
  moduleSchemaSchema,
  type CrmRecord,
  type Field,
  type ModuleSchema,
} from '../../src/shared/fields.ts';
import type { Filter, FilterOp } from '../../src/shared/query.ts';
import type { Connector } from '../../src/main/connectors/types.ts';
import { createConnector } from '../../src/main/connectors/registry.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';
import type { ConnectorFixture } from './fixture.ts';
import { errorOf } from '../helpers/errors.ts';

/**
 * One suite, every connector against its own simulator (as Beekeeper runs one suite against every
 * database driver). Each vendor's fixture says only which module and fields to use; everything else the
 * suite learns from the connector, as the app does.
 */
const vendors = ['simply', 'simplicate', 'smartsimple', 'sarv', 'spotler'] as const;
const RECORDS = 130;

/** A vendor without its fixture, simulator or connector fails the suite: it is never skipped. */
async function loadFixture(vendor: string): Promise<ConnectorFixture> {
  const missing = [
    `test/connectors/fixtures/${vendor}.ts`,
    `sim/${vendor}/index.ts`,
    `src/main/connectors/${vendor}/index.ts`,
  ].filter((path) => !existsSync(path));
  if (missing.length > 0) throw new Error(`connector contract: ${vendor} lacks ${missing.join(', ')}`);
  return ((await import(`./fixtures/${vendor}.ts`)) as { fixture: ConnectorFixture }).fixture;
}

const text = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v));
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Whether a row satisfies a text filter; vendors may compare case- and accent-insensitively. */
function satisfies(row: CrmRecord, f: Filter): boolean {
  const v = fold(text(row[f.field]));
  if (f.op === 'isempty') return v === '';
  if (f.op === 'in') return f.value.map(fold).includes(v);
  const x = fold(f.value);
  switch (f.op) {
    case '=':
      return v === x;
    case '!=':
      return v !== x;
    case 'contains':
      return v.includes(x);
    case 'startswith':
      return v.startsWith(x);
    case 'endswith':
      return v.endsWith(x);
    default:
      return true;
  }
}

for (const vendor of vendors) {
  describe(`connector contract: ${vendor}`, async () => {
    const fx = await loadFixture(vendor);
    let h: SimHarness;
    let c: Connector;
    let schema: ModuleSchema;
    let first: CrmRecord[];
    const field = (name: string): Field => {
      const f = schema.fields.find((x) => x.name === name);
      if (!f) throw new Error(`fixture names field ${name}, which describe does not list`);
      return f;
    };
    const listAll = async (filters: Filter[]) => {
      const rows: CrmRecord[] = [];
      for (let page = 1; page < 20; page++) {
        const p = await c.list(fx.module, { page, pageSize: 100, filters });
        rows.push(...p.rows);
        if (!p.hasMore) break;
      }
      return rows;
    };

    beforeAll(async () => {
      h = await startSim(vendor, { records: RECORDS, seed: 'contract' });
      c = h.connector();
      schema = await c.describe(fx.module);
      first = (await c.list(fx.module, { page: 1, pageSize: 50, filters: [] })).rows;
    });
    afterAll(async () => {
      await c?.close();
      await h?.ws.close();
    });

    it('with the metadata cached in the data folder, a list or a get costs only its data requests', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), `crm-contract-${vendor}-`));
      const make = () =>
        createConnector({
          ...connectionFromEntry(vendor, h.entry),
          rateLimit: false,
          shared: { dataDir, connection: 'contract' },
        });
      const requests = async () => ((await h.control('GET', 'stats')) as { requests: number }).requests;
      try {
        const warming = make();
        await warming.describe(fx.module);
        const id = (await warming.list(fx.module, { page: 1, pageSize: 5, filters: [] })).rows[0]?.id ?? '';
        await warming.get(fx.module, id);
        await warming.close();
        // The next process: nothing in memory, the metadata in the folder. Sessions are not cached, so
        // the connection test logs in first where the vendor has sessions.
        const next = make();
        await next.test();
        let before = await requests();
        await next.list(fx.module, { page: 1, pageSize: 5, filters: [] });
        expect(await requests()).toBe(before + (fx.listRequests ?? 1));
        before = await requests();
        await next.get(fx.module, id);
        expect(await requests()).toBe(before + 1);
        before = await requests();
        await next.describe(fx.module);
        expect(await requests()).toBe(before);
        await next.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });

    it('tests the connection', async () => {
      expect((await c.test()).ok).toBe(true);
    });

    it('lists the modules docs/cli.md requires', async () => {
      const names = (await c.modules()).map((m) => m.name);
      for (const m of fx.requiredModules) expect(names).toContain(m);
    });

    it('describes every required module into the normalized schema', async () => {
      for (const m of fx.requiredModules) {
        const s = moduleSchemaSchema.parse(await c.describe(m));
        expect(s.module).toBe(m);
        expect(s.fields.length).toBeGreaterThan(2);
        for (const f of s.fields) fieldSchema.parse(f);
        expect(new Set(s.fields.map((f) => f.name)).size).toBe(s.fields.length);
      }
      expect(field(fx.mandatoryField).required).toBe(true);
      expect(schema.capabilities.delete).toBe(fx.canDelete);
    });

    it('pages past one vendor page with no overlap, and counts', async () => {
      const p1 = await c.list(fx.module, { page: 1, pageSize: 60, filters: [] });
      const p2 = await c.list(fx.module, { page: 2, pageSize: 60, filters: [] });
      const p3 = await c.list(fx.module, { page: 3, pageSize: 60, filters: [] });
      expect(p1.rows).toHaveLength(60);
      expect(p2.rows).toHaveLength(60);
      expect(p1.hasMore).toBe(true);
      const ids = [...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThanOrEqual(RECORDS - 5);
      expect(p3.hasMore).toBe(false);
      if (p1.total !== undefined) expect(p1.total).toBe(ids.length);
      // A page larger than any vendor's page limit is served with several vendor calls.
      const big = await c.list(fx.module, { page: 1, pageSize: 250, filters: [] });
      expect(big.rows.map((r) => r.id)).toEqual(ids.slice(0, 250));
      expect(big.hasMore).toBe(false);
    });

    it('sorts ascending and descending', async () => {
      const asc = (
        await c.list(fx.module, { page: 1, pageSize: 250, filters: [], sort: { field: fx.textField, desc: false } })
      ).rows;
      const desc = (
        await c.list(fx.module, { page: 1, pageSize: 250, filters: [], sort: { field: fx.textField, desc: true } })
      ).rows;
      const a = asc.map((r) => fold(text(r[fx.textField])));
      const d = desc.map((r) => fold(text(r[fx.textField])));
      expect(a).not.toEqual(d);
      // Collation differs between vendors; the first ascending value must not sort after the first
      // descending one, and each list's ends must be in order.
      expect(a[0]! <= a[a.length - 1]! || a[0] === '').toBe(true);
      expect(d[0]! >= d[d.length - 1]!).toBe(true);
    });

    it('applies each text filter operator exactly, or refuses it', async () => {
      const sample = first.map((r) => text(r[fx.textField])).find((v) => /^[A-Za-z]{3,}/.test(v));
      expect(sample, 'a plain sample value in textField').toBeDefined();
      const word = sample!.slice(0, 3);
      const ops: Filter[] = [
        { field: fx.textField, op: '=', value: sample! },
        { field: fx.textField, op: '!=', value: sample! },
        { field: fx.textField, op: 'contains', value: sample!.slice(1, 4) },
        { field: fx.textField, op: 'startswith', value: word },
        { field: fx.textField, op: 'endswith', value: sample!.slice(-2) },
        { field: fx.textField, op: 'in', value: [sample!, 'No Such Value'] },
        { field: fx.textField, op: 'isempty' },
      ];
      for (const f of ops) {
        if (fx.unsupportedTextOps?.includes(f.op as FilterOp)) {
          expect((await errorOf(c.list(fx.module, { page: 1, pageSize: 10, filters: [f] }))).kind).toBe('unsupported');
          continue;
        }
        const rows = await listAll([f]);
        for (const r of rows) expect(satisfies(r, f), `${JSON.stringify(f)} -> ${text(r[fx.textField])}`).toBe(true);
        if (f.op === '=' || f.op === 'startswith' || f.op === 'in') expect(rows.length).toBeGreaterThan(0);
      }
    });

    it('keeps injection values literal, or refuses them', async () => {
      for (const value of ["x' or 1=1", "x' or '1'='1", '*', '%', '_', 'a"b', '\\']) {
        for (const op of ['=', 'contains'] as const) {
          const f: Filter = { field: fx.textField, op, value };
          try {
            const rows = await listAll([f]);
            for (const r of rows) expect(satisfies(r, f), `${op} ${value} -> ${text(r[fx.textField])}`).toBe(true);
            expect(rows.length).toBeLessThan(RECORDS);
          } catch (err) {
            expect(err).toBeInstanceOf(CrmError);
            expect((err as CrmError).kind).toBe('unsupported');
          }
        }
      }
    });

    it('filters on a range field', async () => {
      if (!fx.rangeField) return;
      const values = first.map((r) => r[fx.rangeField!]).filter((v) => v !== null && v !== undefined && v !== '');
      const pivot = values.map(String).sort()[Math.floor(values.length / 2)]!;
      const rows = await listAll([{ field: fx.rangeField, op: '>=', value: pivot }]);
      expect(rows.length).toBeGreaterThan(0);
      const numeric = typeof values[0] === 'number';
      for (const r of rows) {
        const v = r[fx.rangeField];
        if (numeric) expect(Number(v)).toBeGreaterThanOrEqual(Number(pivot));
        else expect(String(v) >= pivot).toBe(true);
      }
    });

    it('gets one record by id', async () => {
      const r = first[3]!;
      const got = await c.get(fx.module, r.id);
      expect(got.id).toBe(r.id);
      expect(got[fx.textField]).toEqual(r[fx.textField]);
      expect((await errorOf(c.get(fx.module, first[0]!.id.replace(/\d+$/, '987654')))).kind).toBe('not_found');
    });

    it('creates, refuses a missing mandatory field on that field, updates, and deletes', async () => {
      const created = await c.create(fx.module, fx.createData);
      expect(created.id).toBeTruthy();
      for (const [k, v] of Object.entries(fx.createData)) expect(created[k], k).toEqual(v);
      const back = await c.get(fx.module, created.id);
      for (const [k, v] of Object.entries(fx.createData)) expect(back[k], k).toEqual(v);

      const missing = { ...fx.createData };
      delete missing[fx.mandatoryField];
      const err = await errorOf(c.create(fx.module, missing));
      expect(err.kind).toBe('validation');
      expect(Object.keys(err.fields ?? {})).toContain(fx.mandatoryField);

      const updated = await c.update(fx.module, created.id, fx.updateData);
      for (const [k, v] of Object.entries(fx.updateData)) expect(updated[k], k).toEqual(v);
      const after = await c.get(fx.module, created.id);
      for (const [k, v] of Object.entries(fx.updateData)) expect(after[k], k).toEqual(v);
      // Fields the update did not name keep their values.
      for (const [k, v] of Object.entries(fx.createData)) if (!(k in fx.updateData)) expect(after[k], k).toEqual(v);

      if (fx.canDelete) {
        await c.delete(fx.module, created.id);
        expect((await errorOf(c.get(fx.module, created.id))).kind).toBe('not_found');
      } else {
        expect((await errorOf(c.delete(fx.module, created.id))).kind).toBe('unsupported');
      }
    });

    it('reports changes since a cursor', async () => {
      let cursor: string | null = null;
      const seen = new Set<string>();
      for (let i = 0; i < 50; i++) {
        const step = await c.changes(fx.module, cursor);
        step.updated.forEach((r) => seen.add(r.id));
        cursor = step.cursor;
        if (!step.more) break;
      }
      expect(seen.size).toBeGreaterThanOrEqual(RECORDS - 5);
      const created = await c.create(fx.module, fx.createData);
      await new Promise((r) => setTimeout(r, 1100)); // vendors stamp changes in whole seconds
      await c.update(fx.module, created.id, fx.updateData);
      const later = await c.changes(fx.module, cursor);
      expect(later.updated.map((r) => r.id)).toContain(created.id);
      expect(later.updated.length).toBeLessThan(20);
      if (c.deletionFeed(fx.module) && fx.canDelete) {
        await c.delete(fx.module, created.id);
        const del = await c.changes(fx.module, later.cursor);
        expect(del.deleted).toContain(created.id);
      }
    });

    it('lists every id for a deletion pass', async () => {
      const ids: string[] = [];
      for await (const page of c.listIds(fx.module)) ids.push(...page);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThanOrEqual(RECORDS);
    });

    it('retries a 429 and a 503 on a read transparently', async () => {
      await h.control('POST', 'fault', { kind: '429', count: 1, retryAfterSeconds: 0 });
      expect((await c.list(fx.module, { page: 1, pageSize: 5, filters: [] })).rows).toHaveLength(5);
      await h.control('POST', 'fault', { kind: '503', count: 1 });
      expect((await c.list(fx.module, { page: 1, pageSize: 5, filters: [] })).rows).toHaveLength(5);
    });

    it('carries on after the session or token expires', async () => {
      await h.control('POST', 'expire');
      expect((await c.get(fx.module, first[0]!.id)).id).toBe(first[0]!.id);
    });
  });
}
