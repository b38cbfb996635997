import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { storeFile } from '../../src/main/store/index.ts';
import { startCliSim } from '../helpers/cli-sim.ts';
import { cleanupAfterEach, serverRecords } from '../helpers/sim.ts';
import { cliJson, startCli } from './cli-child.ts';
import { loadFixture, vendorReady, vendors } from './vendor-fixtures.ts';

/** Enough records for several change pages (SmartSimple's connector asks for 1000 per page). */
const recordsFor = (vendor: string) => (vendor === 'smartsimple' ? 1100 : 250);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanup = cleanupAfterEach();

describe.each(vendors)('a sync of %s killed with SIGKILL', (vendor) => {
  // Three CLI runs as child processes: allow for a busy machine.
  it.skipIf(!vendorReady(vendor))('resumes without duplicates or gaps', { timeout: 180_000 }, async () => {
    const { module } = await loadFixture(vendor);
    const { sim, home, env } = await startCliSim(
      vendor,
      { records: recordsFor(vendor), homePrefix: `kill-${vendor}-`, connectArgs: ['--rate-limit', 'off'] },
      cleanup,
    );

    // Slow the vendor down (about one slow answer queued per slow answer served, so the queue stays
    // short) so that the kill lands between two stored steps.
    const slow = { kind: 'slow', delayMs: 300, count: 1 };
    await sim.control('POST', 'fault', { ...slow, count: 3 });
    const { child, done } = startCli(['sync', 'k', module, '--json'], env);
    const file = storeFile(home, 'k');
    let stored = 0;
    for (let i = 0; i < 1200 && stored === 0; i++) {
      await sleep(25);
      if (i % 12 === 11) await sim.control('POST', 'fault', slow);
      if (!existsSync(file)) continue;
      const db = new DatabaseSync(file, { readOnly: true });
      try {
        const row = db.prepare('SELECT cursor FROM modules WHERE module = ?').get(module) as
          { cursor: string | null } | undefined;
        if (row?.cursor)
          stored = Number(
            (db.prepare(`SELECT COUNT(*) AS n FROM ${moduleTable(db, module)}`).get() as { n: number }).n,
          );
      } catch {
        // the child may still be creating the schema
      } finally {
        db.close();
      }
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const total = (await serverRecords(sim, module)).size;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(total); // really killed midway

    const resumed = await cliJson<{ modules: { module: string; fetched: number }[] }>(['sync', 'k', module], env);
    expect(resumed.modules[0]?.fetched).toBeLessThan(total); // it went on from the stored cursor

    const server = await serverRecords(sim, module);
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      const rows = db.prepare(`SELECT id, json FROM ${moduleTable(db, module)} ORDER BY id`).all() as {
        id: string;
        json: string;
      }[];
      expect(rows.map((r) => r.id)).toEqual([...server.keys()].sort());
      for (const r of rows) expect(JSON.parse(r.json), `record ${r.id}`).toEqual(server.get(r.id));
    } finally {
      db.close();
    }
  });
});

/** The table holding a module's mirrored records (src/main/store/module-tables.ts). */
function moduleTable(db: DatabaseSync, module: string): string {
  const row = db.prepare('SELECT layout_json FROM mirror_tables WHERE module = ?').get(module) as
    { layout_json: string } | undefined;
  if (!row) throw new Error(`no table for ${module} yet`);
  return (JSON.parse(row.layout_json) as { table: string }).table;
}
