import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { createMirrorServices } from '../../src/main/services/mirror/index.ts';
import type { CrmRecord, Field, ModuleSchema, RecordValue } from '../../src/shared/fields.ts';
import { sameValue } from '../../src/shared/values.ts';
import { cleanupAfterEach, connectionFromEntry, serverRecords, startSim } from '../helpers/sim.ts';
import { loadFixture, vendorReady, vendors } from '../sync/vendor-fixtures.ts';
import { parseReport, csvLine } from './report.ts';

// A bulk update over each vendor's simulator, through the real services (store, audit log, connectors):
// 1,000 rows of good changes, values describe refuses, keys two records share, keys nothing has, rows
// that change nothing, and records deleted at the vendor between the plan and the write (the vendor
// refuses those). The simulator's state must match the report row for row; the dry run must make no
// write request; undoing the job must restore every applied row, and the audit log must show both.

const ROWS = 1000;
const RECORDS = 1100;

const cleanup = cleanupAfterEach();

/** A writable plain text field other than the match field. */
function textTarget(schema: ModuleSchema, not: string): Field {
  const f = schema.fields.find(
    (x) =>
      (x.type === 'string' || x.type === 'text') &&
      !x.readOnly &&
      !x.required &&
      x.name !== not &&
      !x.name.includes('.') &&
      (x.options ?? []).length === 0 &&
      (x.maxLength === null || x.maxLength >= 30),
  );
  if (!f) throw new Error(`no writable text field in ${schema.module}`);
  return f;
}

/** A writable number field (a text in it is refused by describe), if the module has one. */
function numberTarget(schema: ModuleSchema): Field | undefined {
  return schema.fields.find((x) => ['integer', 'decimal', 'currency'].includes(x.type) && !x.readOnly);
}

describe.each(vendors)('bulk update against the %s simulator', (vendor) => {
  it.skipIf(!vendorReady(vendor))(
    'applies a 1,000-row file as its dry run said; undo restores it',
    { timeout: 240_000 },
    async () => {
      const fixture = await loadFixture(vendor);
      const module = fixture.module;
      const match = fixture.textField;
      const sim = await startSim(vendor, { records: RECORDS, limits: 'off' });
      const home = await mkdtemp(join(tmpdir(), `crm-bulk-${vendor}-`));
      const services: LocalServices = await createServices({
        dataDir: home,
        env: { CRM_RATE_LIMIT: 'off' },
        secrets: { keychain: new MemorySecretStore() },
        mirror: createMirrorServices,
      });
      cleanup.push(async () => {
        await services.close();
        await sim.ws.close();
        await rm(home, { recursive: true, force: true });
      });
      await services.connections.save({ name: 'k', ...connectionFromEntry(vendor, sim.entry) });
      const schema = await services.records.describe('k', module);
      const target = textTarget(schema, match);
      const numeric = numberTarget(schema);

      // Keys for a match on a field: two records share each of five keys, five records have their own.
      let server = await serverRecords(sim, module);
      const pool = [...server.values()];
      const take = () => pool.pop() as CrmRecord;
      const setup = sim.connector();
      const dupKeys: string[] = [];
      const uniqueRecs: CrmRecord[] = [];
      for (let i = 0; i < 5; i++) {
        for (const r of [take(), take()]) await setup.update(module, r.id, { [match]: `Dup key ${i}` });
        dupKeys.push(`Dup key ${i}`);
        const u = take();
        await setup.update(module, u.id, { [match]: `Unique key ${i}` });
        uniqueRecs.push(u);
      }
      await setup.close();
      server = await serverRecords(sim, module);
      // The module is synced: rows are matched in the mirror, without a request per row.
      await services.sync.run('k', [module]);

      // The large file matches on the id.
      type Kind = 'good' | 'miss' | 'bad' | 'same' | 'gone';
      const rows: { kind: Kind; key: string; rec?: CrmRecord; value: string; bad: string }[] = [];
      for (let i = 0; i < 10; i++) rows.push({ kind: 'miss', key: `999999${i}`, value: 'x', bad: '' });
      const fresh = () => server.get(take().id) as CrmRecord;
      if (numeric) {
        for (let i = 0; i < 10; i++) {
          const r = fresh();
          rows.push({ kind: 'bad', key: r.id, rec: r, value: 'Bad row', bad: 'not a number' });
        }
      }
      for (let i = 0; i < 10; i++) {
        const r = fresh();
        rows.push({ kind: 'same', key: r.id, rec: r, value: String(r[target.name] ?? ''), bad: '' });
      }
      for (let i = 0; i < 10; i++) {
        const r = fresh();
        rows.push({ kind: 'gone', key: r.id, rec: r, value: `Gone ${i}`, bad: '' });
      }
      while (rows.length < ROWS && pool.length > 0) {
        const r = fresh();
        rows.push({ kind: 'good', key: r.id, rec: r, value: `Bulk ${rows.length} ${vendor}`, bad: '' });
      }
      // A "same" row with an empty value means "leave as is": unchanged all the same.
      const header = ['id', target.label, ...(numeric ? [numeric.name] : [])];
      const file = join(home, 'changes.csv');
      await writeFile(
        file,
        [header, ...rows.map((r) => [r.key, r.value, ...(numeric ? [r.bad] : [])])].map(csvLine).join('\n'),
      );

      // The small file matches on a text field: shared keys are refused, never guessed.
      const keyed = join(home, 'keyed.csv');
      const keyedRows = [
        ...dupKeys.map((k) => [k, 'never']),
        ...uniqueRecs.map((r, i) => [`Unique key ${i}`, `Keyed ${i}`]),
        ['No such key', 'never'],
      ];
      await writeFile(keyed, [[match, target.name], ...keyedRows].map(csvLine).join('\n'));
      const byKey = await services.bulk.run({
        connection: 'k',
        module,
        source: { file: keyed },
        match,
        dryRun: false,
        report: join(home, 'keyed-report.csv'),
      });
      const keyedLines = parseReport(await readFile(join(home, 'keyed-report.csv'), 'utf8'));
      expect(keyedLines.map((l) => l.status)).toEqual([
        ...dupKeys.map(() => 'refused'),
        ...uniqueRecs.map(() => 'applied'),
        'refused',
      ]);
      for (const l of keyedLines.slice(0, 5)) expect(l.message).toMatch(/2 records/);
      expect(keyedLines[10]?.message).toMatch(/no record/);
      expect(byKey).toMatchObject({ applied: 5, refused: 6 });
      const afterKeyed = await serverRecords(sim, module);
      uniqueRecs.forEach((r, i) => expect(afterKeyed.get(r.id)?.[target.name]).toBe(`Keyed ${i}`));
      server = afterKeyed;

      // Dry run: reads only.
      const before = ((await sim.control('GET', 'log')) as { requests: unknown[] }).requests.length;
      const dry = await services.bulk.run({
        connection: 'k',
        module,
        source: { file },
        dryRun: true,
        report: join(home, 'dry.csv'),
      });
      const log = ((await sim.control('GET', 'log')) as { requests: { method: string }[] }).requests.slice(before);
      expect(log.filter((r) => r.method !== 'GET')).toEqual([]);
      const goodCount = rows.filter((r) => r.kind === 'good' || r.kind === 'gone').length;
      expect(dry).toMatchObject({ dryRun: true, rows: rows.length, applied: goodCount, notSent: 0, created: 0 });
      expect(await serverRecords(sim, module)).toEqual(server);
      const dryLines = parseReport(await readFile(join(home, 'dry.csv'), 'utf8'));
      expect(dryLines.map((l) => l.status)).toEqual(
        rows.map((r) =>
          r.kind === 'good' || r.kind === 'gone' ? 'would_apply' : r.kind === 'same' ? 'unchanged' : 'would_refuse',
        ),
      );

      // Apply. The "gone" records are deleted at the vendor after the plan: the vendor refuses them.
      let gated = false;
      const result = await services.bulk.run(
        { connection: 'k', module, source: { file }, dryRun: false, report: join(home, 'report.csv') },
        {
          gate: async () => {
            if (gated) return;
            gated = true;
            for (const r of rows.filter((x) => x.kind === 'gone'))
              await sim.control('DELETE', `records/${module}/${r.rec?.id}`);
          },
        },
      );
      const lines = parseReport(await readFile(join(home, 'report.csv'), 'utf8'));
      expect(lines).toHaveLength(rows.length);
      const after = await serverRecords(sim, module);
      for (const [i, r] of rows.entries()) {
        const l = lines[i];
        expect(l?.row).toBe(String(i + 1));
        if (r.kind === 'good') {
          expect(l).toMatchObject({ status: 'applied', id: r.rec?.id, fields: target.name });
          expect(after.get(r.rec?.id ?? '')?.[target.name]).toBe(r.value);
        } else if (r.kind === 'gone') {
          expect(l?.status).toBe('refused');
          expect(l?.message).not.toBe('');
          expect(after.has(r.rec?.id ?? '')).toBe(false);
        } else {
          expect(l?.status).toBe(r.kind === 'same' ? 'unchanged' : 'refused');
          if (r.kind === 'miss') expect(l?.message).toMatch(/no record/);
        }
      }
      // Nothing outside the applied rows changed.
      const applied = new Set(rows.filter((r) => r.kind === 'good').map((r) => r.rec?.id));
      for (const [id, rec] of after) if (!applied.has(id)) expect(rec).toEqual(server.get(id));
      expect(result).toMatchObject({
        dryRun: false,
        applied: applied.size,
        refused: rows.length - applied.size - 10,
        unchanged: 10,
      });

      // Undo the job: every applied row back, both sides in the audit log.
      const undo = await services.audit.undo('k', { job: result.job ?? '' });
      expect(undo).toMatchObject({ ok: true, undone: applied.size });
      const restored = await serverRecords(sim, module);
      for (const id of applied) {
        const was = server.get(id ?? '')?.[target.name] ?? null;
        expect(
          sameValue(restored.get(id ?? '')?.[target.name] as RecordValue, was as RecordValue),
          `record ${id}`,
        ).toBe(true);
      }
      const audit = (await services.audit.list('k', {})).filter((e) => e.job === result.job || e.action === 'undo');
      const bulkOk = audit.filter((e) => e.action === 'bulk' && e.outcome === 'ok');
      const undos = audit.filter((e) => e.action === 'undo' && e.outcome === 'ok');
      expect(bulkOk).toHaveLength(applied.size);
      expect(audit.filter((e) => e.action === 'bulk' && e.outcome === 'error')).toHaveLength(10);
      expect(new Set(undos.map((e) => e.undoes))).toEqual(new Set(bulkOk.map((e) => e.id)));
    },
  );
});
