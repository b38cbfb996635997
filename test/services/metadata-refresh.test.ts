import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.ts';
import { STATE_FILE } from '../../src/main/connectors/common/state-db.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { memoryIo } from '../cli/io.ts';
import { errorOf } from '../helpers/errors.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';

/**
 * Metadata cached in the data folder by one process and used by the next: a vendor refusing a value the
 * cached picklist still offers makes it fetch the metadata again (once); nothing else does.
 */
let sim: SimHarness;
let home: string;
let env: NodeJS.ProcessEnv;
const opened: LocalServices[] = [];
const open = async () => {
  const s = await createServices({ dataDir: home, env });
  opened.push(s);
  return s;
};
const customFieldRequests = async () =>
  ((await sim.control('GET', 'log')) as { requests: { path: string }[] }).requests.filter((r) =>
    r.path.endsWith('/crm/organizationcustomfields'),
  ).length;

beforeAll(async () => {
  sim = await startSim('simplicate', { records: 5, seed: 'meta-refresh' });
  home = await mkdtemp(join(tmpdir(), 'crm-meta-refresh-'));
  const conn = connectionFromEntry('simplicate', sim.entry);
  env = { CRM_HOME: home, CRM_RATE_LIMIT: 'off', CRM_SECRET_ACME: JSON.stringify(conn.secrets) };
  const io = memoryIo(env);
  expect(await runCli(['connect', 'acme', '--vendor', 'simplicate', '--url', conn.url], io), io.err()).toBe(0);
});
afterAll(async () => {
  for (const s of opened) await s.close();
  await sim?.ws.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('metadata contradicted by the vendor', () => {
  it('a refused picklist value the cache offered drops the cached metadata; the next describe fetches it', async () => {
    const first = await open();
    const schema = await first.records.describe('acme', 'crm/organization');
    const industry = schema.fields.find((f) => f.name === 'industry.id');
    expect(industry?.options?.length).toBeGreaterThan(0);
    const id = (await first.records.list('acme', 'crm/organization', { page: 1, pageSize: 1, filters: [] })).rows[0]
      ?.id;
    expect(id).toBeDefined();
    expect(await customFieldRequests()).toBe(1);

    // The vendor's list changed since: the stored copy still offers an industry the vendor no longer has.
    const db = new DatabaseSync(join(home, STATE_FILE));
    try {
      const row = db.prepare("SELECT value FROM metadata WHERE module = 'crm/organization'").get() as {
        value: string;
      };
      const stored = JSON.parse(row.value) as { lookups: Record<string, { value: string; label: string }[]> };
      stored.lookups['industry.id']?.push({ value: 'industry:gone', label: 'Retired industry' });
      db.prepare("UPDATE metadata SET value = ? WHERE module = 'crm/organization'").run(JSON.stringify(stored));
    } finally {
      db.close();
    }

    // The next process reads the stored copy: no request, and the retired value passes our own check.
    const next = await open();
    const cached = await next.records.describe('acme', 'crm/organization');
    expect(cached.fields.find((f) => f.name === 'industry.id')?.options?.map((o) => o.value)).toContain(
      'industry:gone',
    );
    expect(await customFieldRequests()).toBe(1);
    const err = await errorOf(
      next.records.update('acme', 'crm/organization', String(id), { 'industry.id': 'industry:gone' }),
    );
    expect(err.kind).toBe('validation');

    // The refusal dropped the cached copy: describe fetches it again, without the retired value.
    const fresh = await next.records.describe('acme', 'crm/organization');
    expect(await customFieldRequests()).toBe(2);
    expect(fresh.fields.find((f) => f.name === 'industry.id')?.options?.map((o) => o.value)).not.toContain(
      'industry:gone',
    );
    // Our own refusal of bad input is not the vendor contradicting the cache: no refresh for it.
    await errorOf(next.records.update('acme', 'crm/organization', String(id), { no_such_field: 'x' }));
    await next.records.describe('acme', 'crm/organization');
    expect(await customFieldRequests()).toBe(2);
  });
});
