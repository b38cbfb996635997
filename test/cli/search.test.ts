import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkspace, type Workspace } from '../../sim/workspace.ts';
import { connectionFromEntry } from '../helpers/sim.ts';
import { cli, cliJson, secretEnvName } from '../sync/cli-child.ts';

/** `crm search --json` over the mirrors of two connections, through the real CLI. */
const vendors = [
  { vendor: 'spotler', conn: 'sp', module: 'accounts', data: { name: 'Quokka Ventures', type: 'Customer' } },
  { vendor: 'sarv', conn: 'sv', module: 'Accounts', data: { name: 'Quokka', account_type: 'Customer' } },
] as const;

interface SearchJson {
  hits: Record<string, unknown>[];
  sources: Record<string, unknown>[];
}

describe('crm search', { timeout: 180_000 }, () => {
  let ws: Workspace;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ws = await startWorkspace({ only: ['spotler', 'sarv'], records: 10, seed: 'cli-search', limits: 'off' });
    home = mkdtempSync(join(tmpdir(), 'cli-search-'));
    env = { CRM_HOME: home, CRM_RATE_LIMIT: 'off' };
    for (const v of vendors) {
      const conn = connectionFromEntry(v.vendor, ws.line[v.vendor] as Record<string, unknown>);
      env[secretEnvName(v.conn)] = JSON.stringify(conn.secrets);
      const sets = Object.entries(conn.settings).flatMap(([k, val]) => ['--set', `${k}=${val}`]);
      const r = await cli(['connect', v.conn, '--vendor', v.vendor, '--url', conn.url, ...sets], env);
      expect(r.code, r.stderr).toBe(0);
      ids[v.conn] = (
        await cliJson<{ id: string }>(['create', v.conn, v.module, '--data', JSON.stringify(v.data)], env)
      ).id;
      await cliJson(['sync', v.conn, v.module], env);
    }
  });
  afterAll(async () => {
    await ws?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('prints hits best first with exactly the documented keys, and the sources searched', async () => {
    const r = await cliJson<SearchJson>(['search', 'quokka'], env);
    expect(r.hits.slice(0, 2)).toEqual([
      { connection: 'sv', vendor: 'sarv', module: 'Accounts', id: ids.sv, label: 'Quokka', score: 400, offline: true },
      {
        connection: 'sp',
        vendor: 'spotler',
        module: 'accounts',
        id: ids.sp,
        label: 'Quokka Ventures',
        score: expect.any(Number),
        offline: true,
      },
    ]);
    expect(r.sources).toEqual(
      expect.arrayContaining([
        { connection: 'sp', module: 'accounts', state: 'done' },
        { connection: 'sv', module: 'Accounts', state: 'done' },
      ]),
    );
  });

  it('takes --connection and --limit', async () => {
    const r = await cliJson<SearchJson>(['search', 'quokka', '--connection', 'sp', '--limit', '1'], env);
    expect(r.hits).toEqual([expect.objectContaining({ connection: 'sp', id: ids.sp })]);
    expect(r.sources).toEqual([{ connection: 'sp', module: 'accounts', state: 'done' }]);
  });

  it('refuses an unknown connection and an empty search with a non-zero exit and a message', async () => {
    const unknown = await cli(['search', 'quokka', '--connection', 'nope', '--json'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/nope/);
    const empty = await cli(['search', '  ', '--json'], env);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toMatch(/empty/);
  });
});
