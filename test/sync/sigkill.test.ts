import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { storeFile } from '../../src/main/store/index.ts';
import { vendorDefinition } from '../../src/main/connectors/registry.ts';
import type { CrmRecord } from '../../src/shared/fields.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';
import { cli, cliJson, secretEnvName, startCli } from './cli-child.ts';
import { loadFixture, vendorReady, vendors } from './vendor-fixtures.ts';

/** Enough records for several change pages (SmartSimple's connector asks for 1000 per page). */
const recordsFor = (vendor: string) => (vendor === 'smartsimple' ? 1100 : 250);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** Every record of the module as the server has it now, by a fresh walk of another connector. */
async function serverRecords(sim: SimHarness, module: string): Promise<Map<string, CrmRecord>> {
  const c = sim.connector();
  const out = new Map<string, CrmRecord>();
  let cursor: string | null = null;
  for (;;) {
    const page = await c.changes(module, cursor);
    for (const r of page.updated) out.set(r.id, r);
    cursor = page.cursor;
    if (!page.more) break;
  }
  await c.close();
  return out;
}

describe.each(vendors)('a sync of %s killed with SIGKILL', (vendor) => {
  // Three CLI runs as child processes: allow for a busy machine.
  it.skipIf(!vendorReady(vendor))('resumes without duplicates or gaps', { timeout: 180_000 }, async () => {
    const { module } = await loadFixture(vendor);
    const sim = await startSim(vendor, { records: recordsFor(vendor), limits: 'off' });
    const home = mkdtempSync(join(tmpdir(), `kill-${vendor}-`));
    cleanup.push(async () => {
      await sim.ws.close();
      rmSync(home, { recursive: true, force: true });
    });
    const conn = connectionFromEntry(vendor, sim.entry);
    // Secret parts of settings (SmartSimple's function tokens) belong in the secrets too: with
    // CRM_SECRET_<NAME> set, the keychain is never read.
    const split = vendorDefinition(vendor).splitSecrets?.(conn.settings);
    const secrets = { ...conn.secrets, ...split?.secrets };
    const env = { CRM_HOME: home, CRM_RATE_LIMIT: 'off', [secretEnvName('k')]: JSON.stringify(secrets) };
    const sets = Object.entries(conn.settings).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    const connected = await cli(
      ['connect', 'k', '--vendor', vendor, '--url', conn.url, ...sets, '--rate-limit', 'off'],
      env,
    );
    expect(connected.code, connected.stderr).toBe(0);

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
