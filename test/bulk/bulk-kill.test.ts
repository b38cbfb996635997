import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { auditFile } from '../../src/main/store/audit.ts';
import type { CrmRecord } from '../../src/shared/fields.ts';
import { startCliSim } from '../helpers/cli-sim.ts';
import { cleanupAfterEach, serverRecords } from '../helpers/sim.ts';
import { cli, cliJson, startCli } from '../sync/cli-child.ts';
import { loadFixture, vendorReady, vendors } from '../sync/vendor-fixtures.ts';
import { csvLine, parseReport } from './report.ts';

// The real CLI as a child process: a bulk job killed with SIGKILL midway resumes when the same command
// runs again, and no row is written twice; then `undo` of the job (refused while a record changed at the
// vendor since, settled with --keep) and `audit` show both sides.

const ROWS = 60;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanup = cleanupAfterEach();

function doneRows(home: string): number {
  const file = auditFile(home);
  if (!existsSync(file)) return 0;
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return Number((db.prepare("SELECT COUNT(*) AS n FROM bulk_rows WHERE state = 'done'").get() as { n: number }).n);
  } catch {
    return 0; // not created yet
  } finally {
    db.close();
  }
}

describe.each(vendors)('a bulk job on %s killed with SIGKILL', (vendor) => {
  it.skipIf(!vendorReady(vendor))(
    'resumes without writing a row twice; undo and audit show it',
    { timeout: 180_000 },
    async () => {
      const { module, textField } = await loadFixture(vendor);
      const { sim, home, env } = await startCliSim(
        vendor,
        { records: ROWS + 10, homePrefix: `crm-bulkkill-${vendor}-` },
        cleanup,
      );

      const server = await serverRecords(sim, module);
      const chosen = [...server.values()].slice(0, ROWS);
      const file = join(home, 'rows.csv');
      await writeFile(
        file,
        [['id', textField], ...chosen.map((r, i) => [r.id, `Killed run ${i}`])].map(csvLine).join('\n'),
      );
      const args = ['bulk-update', 'k', module, '--file', file, '--report', join(home, 'report.csv')];

      // Slow answers so the kill lands midway through the writes.
      await sim.control('POST', 'fault', { kind: 'slow', delayMs: 40, count: 100_000 });
      const { child, done } = startCli(args, env);
      for (let i = 0; i < 2000 && doneRows(home) < 10; i++) await sleep(20);
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.signal).toBe('SIGKILL');
      const before = doneRows(home);
      expect(before).toBeGreaterThanOrEqual(10);
      expect(before).toBeLessThan(ROWS);

      const result = await cliJson<Record<string, unknown>>(args, env);
      expect(result).toMatchObject({ dryRun: false, rows: ROWS, applied: ROWS, refused: 0, notSent: 0 });
      const lines = parseReport(await readFile(join(home, 'report.csv'), 'utf8'));
      expect(lines.map((l) => l.status)).toEqual(chosen.map(() => 'applied'));
      const after = await serverRecords(sim, module);
      chosen.forEach((r, i) => expect(after.get(r.id)?.[textField]).toBe(`Killed run ${i}`));

      // One write per row: one logged bulk entry per record, and no second write by the resumed run.
      type Entry = { id: number; action: string; record: string; outcome: string; before: Record<string, unknown> };
      const audit = await cliJson<Entry[]>(['audit', 'k', '--module', module], env);
      const bulk = audit.filter((e) => e.action === 'bulk' && e.outcome === 'ok');
      expect(bulk.map((e) => e.record).sort()).toEqual(chosen.map((r) => r.id).sort());
      expect(audit.map((e) => e.id)).toEqual([...audit.map((e) => e.id)].sort((a, b) => b - a));

      // Undo the job. A record changed at the vendor since is a conflict until --keep decides.
      const job = String(result.job);
      const changed = chosen[0] as CrmRecord;
      const other = sim.connector();
      await other.update(module, changed.id, { [textField]: 'Changed by someone else' });
      await other.close();
      const refused = await cli(['undo', 'k', job, '--json'], env);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/Changed at the vendor since/);
      expect((await serverRecords(sim, module)).get((chosen[1] as CrmRecord).id)?.[textField]).toBe('Killed run 1');
      const undone = await cliJson<{ ok: boolean; auditId: number }>(['undo', 'k', job, '--keep', 'theirs'], env);
      expect(undone.ok).toBe(true);
      const restored = await serverRecords(sim, module);
      expect(restored.get(changed.id)?.[textField]).toBe('Changed by someone else');
      for (const r of chosen.slice(1)) expect(restored.get(r.id)?.[textField]).toBe(server.get(r.id)?.[textField]);
      const log = await cliJson<Entry[]>(['audit', 'k', '--module', module], env);
      expect(log.filter((e) => e.action === 'undo')).toHaveLength(ROWS);
      expect(log[0]?.id).toBe(undone.auditId);
    },
  );
});
