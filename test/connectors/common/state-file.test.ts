import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../../src/main/connectors/registry.ts';
import { STATE_FILE } from '../../../src/main/connectors/common/state-db.ts';
import { CrmError } from '../../../src/shared/errors.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../../helpers/sim.ts';

let sim: SimHarness;
let dir: string;
beforeAll(async () => {
  sim = await startSim('smartsimple', { records: 5, seed: 'state-file', limits: 'real' });
  dir = await mkdtemp(join(tmpdir(), 'crm-state-file-'));
});
afterAll(async () => {
  await sim?.ws.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the connector state file', () => {
  it('holds no secret, even when tokens arrive in clear inside the settings', async () => {
    const conn = connectionFromEntry('smartsimple', sim.entry);
    const tokens = [...String(conn.settings.functions).matchAll(/"apitoken":"([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(tokens.length).toBeGreaterThan(0);
    const c = createConnector({ ...conn, shared: { dataDir: dir, connection: 'acme' } });
    await c.describe('levelone');
    await c.list('levelone', { page: 1, pageSize: 2, filters: [] });
    const file = join(dir, STATE_FILE);
    let bytes = (await readFile(file)).toString('latin1');
    if (existsSync(`${file}-wal`)) bytes += (await readFile(`${file}-wal`)).toString('latin1');
    expect(bytes).toContain('levelone'); // the module's metadata is there
    for (const secret of [...tokens, ...Object.values(conn.secrets)]) expect(bytes).not.toContain(secret);
    await c.close();
  });

  it('a damaged file is a clear typed error that says deleting it is safe', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'crm-state-broken-'));
    try {
      await writeFile(
        join(broken, STATE_FILE),
        'this is not a database, just text that fills the header page'.repeat(40),
      );
      let err: unknown;
      try {
        createConnector({
          ...connectionFromEntry('smartsimple', sim.entry),
          shared: { dataDir: broken, connection: 'x' },
        });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CrmError);
      expect((err as CrmError).kind).toBe('internal');
      expect((err as CrmError).message).toMatch(/connector-state\.sqlite.*deleting it is safe/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
