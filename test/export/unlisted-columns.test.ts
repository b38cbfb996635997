import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.ts';
import { chooseColumns } from '../../src/main/services/mirror/export.ts';
import type { ModuleSchema } from '../../src/shared/fields.ts';
import { memoryIo } from '../cli/io.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';
import { parseCsv } from './csv-reader.ts';

// A SmartSimple Get function may list fields its List functions do not: listing (the grid, sync, live
// exports) never fills them, so a default export must not carry them as always-empty columns.
const GET_ONLY = ['cf_Summary', 'cf_Score'];

interface Fn {
  recordType: string;
  action: string;
  apitoken: string;
  fieldList: string;
}

describe('export columns of fields that listing never fills', () => {
  let sim: SimHarness;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (...args: string[]) => {
    const io = memoryIo(env);
    const code = await runCli(args, io);
    return { code, out: io.out(), err: io.err() };
  };
  const json = async (...args: string[]): Promise<unknown> => {
    const r = await cli(...args, '--json');
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out);
  };
  const header = async (file: string) => parseCsv(await readFile(file, 'utf8'))[0] ?? [];

  beforeAll(async () => {
    sim = await startSim('smartsimple', { records: 20, limits: 'off' });
    home = await mkdtemp(join(tmpdir(), 'crm-unlisted-'));
    const conn = connectionFromEntry('smartsimple', sim.entry);
    // The levelone List functions without the Get-only fields (the Get function keeps them).
    const functions = (JSON.parse(conn.settings.functions ?? '[]') as Fn[]).map((f) =>
      f.recordType === 'levelone' && f.action === 'List'
        ? {
            ...f,
            fieldList: f.fieldList
              .split(';;')
              .filter((k) => !GET_ONLY.includes(k))
              .join(';;'),
          }
        : f,
    );
    env = {
      CRM_HOME: home,
      CRM_RATE_LIMIT: 'off',
      CRM_SECRET_GRANTS: JSON.stringify({ password: conn.secrets.password, functions }),
    };
    const sets = Object.entries(conn.settings)
      .filter(([k]) => k !== 'functions')
      .flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    await json('connect', 'grants', '--vendor', 'smartsimple', '--url', conn.url, ...sets);
  });
  afterAll(async () => {
    await sim?.ws.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('describes them as not listed', async () => {
    const schema = (await json('describe', 'grants', 'levelone')) as ModuleSchema;
    const unlisted = schema.fields.filter((f) => f.listed === false).map((f) => f.name);
    expect(unlisted.sort()).toEqual([...GET_ONLY].sort());
    const got = (await json('get', 'grants', 'levelone', '6000001')) as Record<string, unknown>;
    expect(GET_ONLY.some((k) => got[k] !== null)).toBe(true);
  });

  it('leaves them out of live and offline exports, CSV and JSON, unless asked for by name', async () => {
    const csv = join(home, 'live.csv');
    expect(await json('export', 'grants', 'levelone', '--format', 'csv', '--out', csv)).toMatchObject({ rows: 20 });
    const live = await header(csv);
    expect(live[0]).toBe('id');
    expect(live).toContain('sf_Name');
    for (const k of GET_ONLY) expect(live).not.toContain(k);

    const file = join(home, 'live.json');
    await json('export', 'grants', 'levelone', '--format', 'json', '--out', file);
    const rows = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>[];
    expect(rows).toHaveLength(20);
    for (const k of GET_ONLY) expect(rows.some((r) => k in r)).toBe(false);

    await json('sync', 'grants', 'levelone');
    const offline = join(home, 'offline.csv');
    await json('export', 'grants', 'levelone', '--offline', '--format', 'csv', '--out', offline);
    expect(await header(offline)).toEqual(live);

    const asked = join(home, 'asked.csv');
    await json('export', 'grants', 'levelone', '--format', 'csv', '--out', asked, '--columns', 'id,cf_Summary');
    expect(await header(asked)).toEqual(['id', 'cf_Summary']);
  });

  it('chooses every other field by default, id first', () => {
    const field = (name: string, listed?: boolean) => ({
      name,
      label: name,
      type: 'string' as const,
      required: false,
      readOnly: false,
      options: null,
      referenceTargets: [],
      maxLength: null,
      default: null,
      ...(listed === undefined ? {} : { listed }),
    });
    const schema: ModuleSchema = {
      module: 'm',
      capabilities: { create: false, update: false, delete: false },
      fields: [field('a'), field('id'), field('b', false), field('c', true)],
    };
    expect(chooseColumns(schema, [])).toEqual(['id', 'a', 'c']);
    expect(chooseColumns(schema, ['b'])).toEqual(['b']);
  });
});
