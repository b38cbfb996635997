import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorFixture } from '../connectors/fixture.ts';
import type { SimHarness } from '../helpers/sim.ts';
import type { VendorId } from '../../src/shared/crm-vendors.ts';
import { runCli } from '../../src/cli/run.ts';
import { memoryIo } from './io.ts';
import { ROOT, oneJson, runCrm, type CrmRun } from './run-crm.ts';

// The CLI against each vendor's simulator: connect (secrets from CRM_SECRET_<NAME>), test, modules,
// describe, list with paging/filter/sort, create, get, update, delete. The steps that pin the process
// contract (one JSON document on stdout, clean stderr, exit codes) run the real CLI as a child process;
// the rest run the same runCli in-process, which keeps the suite fast on a busy machine.
const vendors: VendorId[] = ['simply', 'simplicate', 'smartsimple', 'sarv', 'spotler'];
const landed = (v: VendorId) =>
  ['sim/' + v + '/index.ts', 'src/main/connectors/' + v + '/index.ts', 'test/connectors/fixtures/' + v + '.ts'].every(
    (p) => existsSync(join(ROOT, p)),
  );

type Row = Record<string, unknown> & { id: string };

describe.each(vendors)('crm CLI round trip: %s', (vendor) => {
  let sim: SimHarness;
  let fixture: ConnectorFixture;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let secretValues: string[];
  const name = `${vendor} test`;
  /** The real CLI, as a child process. */
  const crm = (...args: string[]): Promise<CrmRun> => runCrm(args, env);
  /** The same CLI in-process. */
  const cli = async (...args: string[]): Promise<CrmRun> => {
    const io = memoryIo(env);
    const code = await runCli(args, io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    if (!landed(vendor)) return;
    const { startSim, connectionFromEntry } = await import('../helpers/sim.ts');
    fixture = ((await import(`../connectors/fixtures/${vendor}.ts`)) as { fixture: ConnectorFixture }).fixture;
    sim = await startSim(vendor, { records: 12, limits: 'off' });
    home = await mkdtemp(join(tmpdir(), `crm-rt-${vendor}-`));
    const conn = connectionFromEntry(vendor, sim.entry);
    // Every secret value, including any token inside a setting (SmartSimple's functions).
    secretValues = Object.values(conn.secrets);
    for (const v of Object.values(conn.settings)) {
      for (const m of v.matchAll(/"apitoken":"([^"]+)"/g)) if (m[1]) secretValues.push(m[1]);
    }
    // The env object carries the secret fields, plus the settings that hold secret parts for this run.
    env = {
      CRM_HOME: home,
      CRM_RATE_LIMIT: 'off',
      [`CRM_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`]: JSON.stringify({
        ...conn.settings,
        ...conn.secrets,
      }),
    };
    const sets = Object.entries(conn.settings).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    const connected = await crm('connect', name, '--vendor', vendor, '--url', conn.url, ...sets, '--json');
    expect(connected.err).toBe('');
    const info = oneJson(connected) as { name: string; vendor: string };
    expect(info).toMatchObject({ name, vendor });
  });

  afterAll(async () => {
    await sim?.ws.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it.skipIf(!landed(vendor))(
    'connections, test, modules and describe print one JSON document each, never a secret',
    async () => {
      const connections = await crm('connections', '--json');
      const test = await cli('test', name, '--json');
      const modules = await cli('modules', name, '--json');
      const described = await cli('describe', name, fixture.module, '--json');
      for (const r of [connections, test, modules, described]) {
        expect(r.err).toBe('');
        for (const s of secretValues) expect(r.out).not.toContain(s);
      }
      const stored = await readFile(join(home, 'connections.json'), 'utf8');
      for (const s of secretValues) expect(stored).not.toContain(s);
      expect(oneJson(connections)).toEqual([expect.objectContaining({ name, vendor, url: sim.entry.baseUrl })]);
      expect(oneJson(test)).toMatchObject({ ok: true });
      const ids = (oneJson(modules) as { name: string; label: string }[]).map((m) => m.name);
      for (const m of fixture.requiredModules) expect(ids).toContain(m);
      const schema = oneJson(described) as {
        module: string;
        capabilities: Record<string, boolean>;
        fields: Record<string, unknown>[];
      };
      expect(schema.module).toBe(fixture.module);
      expect(schema.capabilities.delete).toBe(fixture.canDelete);
      const text = schema.fields.find((f) => f.name === fixture.textField);
      expect(text).toBeDefined();
      for (const key of [
        'name',
        'label',
        'type',
        'required',
        'readOnly',
        'options',
        'referenceTargets',
        'maxLength',
        'default',
      ]) {
        expect(Object.keys(text ?? {})).toContain(key);
      }
    },
  );

  it.skipIf(!landed(vendor))('lists pages, filters and sorts', async () => {
    const p1 = await crm('list', name, fixture.module, '--page-size', '3', '--json');
    expect(p1.err).toBe('');
    const p2 = await cli('list', name, fixture.module, '--page-size', '3', '--page', '2', '--json');
    const sorted = await cli(
      'list',
      name,
      fixture.module,
      '--page-size',
      '5',
      '--sort',
      `${fixture.textField}:desc`,
      '--json',
    );
    const page1 = oneJson(p1) as { rows: Row[]; total?: number; hasMore: boolean };
    const page2 = oneJson(p2) as { rows: Row[]; hasMore: boolean };
    expect(page1.rows).toHaveLength(3);
    expect(page1.hasMore).toBe(true);
    expect(page2.rows).toHaveLength(3);
    const overlap = page2.rows.filter((r) => page1.rows.some((q) => q.id === r.id));
    expect(overlap).toEqual([]);
    for (const r of page1.rows) expect(typeof r.id).toBe('string');
    const sortedRows = (oneJson(sorted) as { rows: Row[] }).rows.map((r) => String(r[fixture.textField] ?? ''));
    expect(sortedRows.length).toBeGreaterThan(1);

    const value = String(page1.rows[0]?.[fixture.textField]);
    const filtered = oneJson(
      await cli('list', name, fixture.module, '--where', `${fixture.textField} = ${value}`, '--json'),
    ) as { rows: Row[] };
    expect(filtered.rows.length).toBeGreaterThan(0);
    for (const r of filtered.rows) expect(r[fixture.textField]).toBe(value);

    const bad = await crm('list', name, fixture.module, '--where', 'no_such_field_xyz = 1', '--json');
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err.trim().split('\n')).toHaveLength(1);
  });

  it.skipIf(!landed(vendor))('creates, reads, updates and deletes (or refuses delete as unsupported)', async () => {
    const created = oneJson(
      await crm('create', name, fixture.module, '--data', JSON.stringify(fixture.createData), '--json'),
    ) as Row;
    expect(typeof created.id).toBe('string');
    expect(created[fixture.textField]).toBe(fixture.createData[fixture.textField]);
    const got = oneJson(await cli('get', name, fixture.module, created.id, '--json')) as Row;
    expect(got.id).toBe(created.id);
    expect(got[fixture.textField]).toBe(fixture.createData[fixture.textField]);

    const updated = oneJson(
      await cli('update', name, fixture.module, created.id, '--data', JSON.stringify(fixture.updateData), '--json'),
    ) as Row;
    for (const [k, v] of Object.entries(fixture.updateData)) expect(updated[k]).toEqual(v);

    const deleted = await crm('delete', name, fixture.module, created.id, '--json');
    if (fixture.canDelete) {
      expect(oneJson(deleted)).toEqual({ ok: true });
      const gone = await cli('get', name, fixture.module, created.id, '--json');
      expect(gone.code).toBe(1);
      expect(gone.out).toBe('');
    } else {
      expect(deleted.code).toBe(1);
      expect(deleted.out).toBe('');
      expect(deleted.err).toMatch(/cannot be deleted/);
    }
  });

  it.skipIf(!landed(vendor))('refuses bad data before any request, naming each field', async () => {
    const requests = async () => ((await sim.control('GET', 'stats')) as { requests: number }).requests;
    // A fresh process logs in and describes: that many requests, and not one more for a refused create.
    const t0 = await requests();
    expect((await cli('describe', name, fixture.module, '--json')).code).toBe(0);
    const describeCost = (await requests()) - t0;
    const t1 = await requests();
    const r = await cli(
      'create',
      name,
      fixture.module,
      '--data',
      JSON.stringify({ [fixture.textField]: 12345, no_such_field_xyz: 'x' }),
      '--json',
    );
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${fixture.textField}: must be text`);
    expect(r.err).toContain('no_such_field_xyz: not a field');
    expect((await requests()) - t1).toBe(describeCost);
  });
});
