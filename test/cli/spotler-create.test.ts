import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';
import { oneJson, runCrm } from './run-crm.ts';

// The vendor doc's own create example writes the owner id as a JSON number ({"name": "testing API",
// "ownerid": 1}); the CLI must send such a body, not refuse it.
describe('crm create on SpotlerCRM with a numeric owner id', () => {
  let sim: SimHarness;
  let home: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sim = await startSim('spotler', { records: 5, limits: 'off' });
    home = await mkdtemp(join(tmpdir(), 'crm-spotler-num-'));
    const conn = connectionFromEntry('spotler', sim.entry);
    env = { CRM_HOME: home, CRM_RATE_LIMIT: 'off', CRM_SECRET_SP: JSON.stringify(conn.secrets) };
    const connected = await runCrm(['connect', 'sp', '--vendor', 'spotler', '--url', conn.url, '--json'], env);
    expect(connected.code).toBe(0);
  });
  afterAll(async () => {
    await sim?.ws.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('creates the record with ownerid 90505 given as a number', async () => {
    const created = oneJson(
      await runCrm(['create', 'sp', 'accounts', '--data', '{"name":"x","ownerid":90505}', '--json'], env),
    ) as { id: string; name: string; ownerid: string };
    expect(created).toMatchObject({ name: 'x', ownerid: '90505' });
    const fetched = oneJson(await runCrm(['get', 'sp', 'accounts', created.id, '--json'], env));
    expect(fetched).toMatchObject({ id: created.id, name: 'x', ownerid: '90505' });
  });

  it('still refuses an owner id that is not a whole number', async () => {
    const r = await runCrm(['create', 'sp', 'accounts', '--data', '{"name":"x","ownerid":1.5}', '--json'], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain('ownerid: must be a record id');
  });
});
