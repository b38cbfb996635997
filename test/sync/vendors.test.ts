import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/main/connectors/types.ts';
import { connectorRequestCounts } from '../../src/main/connectors/registry.ts';
import { buildMirrorServices } from '../../src/main/services/mirror/index.ts';
import type { MirrorServices } from '../../src/main/services/extensions.ts';
import { StoreRegistry } from '../../src/main/store/index.ts';
import type { CrmRecord } from '../../src/shared/fields.ts';
import { startSim, type SimHarness } from '../helpers/sim.ts';
import type { ConnectorFixture } from '../connectors/fixture.ts';
import { loadFixture, vendorReady, vendors } from './vendor-fixtures.ts';

const RECORDS = 30;

async function serverIds(c: Connector, module: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of c.listIds(module)) ids.push(...page);
  return ids.sort();
}

describe.each(vendors)('sync against the %s simulator', (vendor) => {
  const ready = vendorReady(vendor);
  let sim: SimHarness;
  let fx: ConnectorFixture;
  let mine: Connector; // the app's connector
  let other: Connector; // "someone else" on the same server
  let parts: MirrorServices;
  let stores: StoreRegistry;
  let dir: string;
  let module: string;
  let field: string;
  const conn = 'c1';

  beforeAll(async () => {
    if (!ready) return;
    fx = await loadFixture(vendor);
    module = fx.module;
    field = fx.textField;
    sim = await startSim(vendor, { records: RECORDS, limits: 'off' });
    mine = sim.connector();
    other = sim.connector();
    dir = mkdtempSync(join(tmpdir(), `sync-${vendor}-`));
    parts = buildMirrorServices(
      {
        dataDir: dir,
        connector: async () => mine,
        describe: (_c, m) => mine.describe(m),
        connection: async () => {
          throw new Error('not needed');
        },
      },
      connectorRequestCounts,
    );
    stores = new StoreRegistry(dir); // a second handle on the same files, to look inside
  });
  afterAll(async () => {
    if (!ready) return;
    await parts.close?.();
    stores.closeAll();
    await Promise.all([mine.close(), other.close()]);
    await sim.ws.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sync = async () => {
    const [s] = await parts.sync.run(conn, [module]);
    if (!s) throw new Error('no summary');
    return s;
  };
  const mirror = () => stores.get(conn).mirror;
  const mirrorIds = () => [...mirror().rows(module)].map((r) => (r.ok ? r.record.id : `unreadable ${r.id}`)).sort();
  const someIds = async (n: number) => (await serverIds(other, module)).slice(0, n);

  it.skipIf(!ready)('first sync mirrors the module; a sync with no changes makes very few requests', async () => {
    const first = await sync();
    const ids = await serverIds(other, module);
    expect(ids.length).toBeGreaterThanOrEqual(RECORDS);
    expect(first.fetched).toBe(ids.length);
    expect(mirrorIds()).toEqual(ids);
    const [sample] = ids;
    expect(mirror().get(module, sample as string)).toEqual(await other.get(module, sample as string));

    const idle = await sync();
    expect(idle).toMatchObject({ fetched: 0, deleted: 0, pushed: 0, conflicts: 0 });
    // Nothing changed, so nothing says a record may be gone: no pass over the ids, for every vendor.
    expect(idle.requests).toBeLessThanOrEqual(3);
    expect(idle.idPassRequests).toBe(0);
    expect(idle.idPass).toMatch(/^(skipped: counts agree|not needed: the vendor reports deletions)/);
  });

  it.skipIf(!ready)('creates, updates and deletes made by someone else show up, at a cost in proportion', async () => {
    const [toChange, toDelete] = await someIds(2);
    const created = await other.create(module, fx.createData);
    await other.update(module, toChange as string, { [field]: `Changed by someone else ${vendor}` });
    if (fx.canDelete) await other.delete(module, toDelete as string);
    else await sim.control('DELETE', `records/${module}/${toDelete}`);

    const s = await sync();
    expect(s.fetched).toBeGreaterThanOrEqual(2);
    expect(s.fetched).toBeLessThanOrEqual(4);
    expect(s.deleted).toBe(1);
    expect(s.requests - s.idPassRequests).toBeLessThanOrEqual(6);
    if (s.idPassRequests > 0) expect(s.idPass).toMatch(/^ran: the vendor has \w+ records, the mirror \d+$/);
    expect(mirrorIds()).toEqual(await serverIds(other, module));
    expect(mirror().get(module, created.id)).toEqual(await other.get(module, created.id));
    expect(mirror().get(module, toChange as string)?.[field]).toBe(`Changed by someone else ${vendor}`);
    expect(mirror().get(module, toDelete as string)).toBeUndefined();
  });

  it.skipIf(!ready)('an offline edit is queued without a request and pushed at the next sync', async () => {
    const [id] = await someIds(1);
    const before = connectorRequestCounts(mine)?.total;
    const queued = await parts.offline.update(conn, module, id as string, { [field]: 'Edited offline — ✓' });
    expect(queued).toEqual({ queued: true, module, id });
    expect(connectorRequestCounts(mine)?.total).toBe(before);
    expect((await parts.offline.get(conn, module, id as string))[field]).toBe('Edited offline — ✓');
    expect((await other.get(module, id as string))[field]).not.toBe('Edited offline — ✓');

    const s = await sync();
    expect(s).toMatchObject({ pushed: 1, conflicts: 0 });
    expect((await other.get(module, id as string))[field]).toBe('Edited offline — ✓');
    expect(await parts.sync.outbox(conn)).toEqual([]);
  });

  it.skipIf(!ready)(
    'a conflicting edit is never written before it is resolved; keep mine, then keep theirs',
    async () => {
      const [a, b] = await someIds(2);
      const conflictOn = async (id: string, theirs: string) => {
        await parts.offline.update(conn, module, id, { [field]: `Mine for ${id}` });
        await other.update(module, id, { [field]: theirs });
        const s = await sync();
        expect(s).toMatchObject({ pushed: 0, conflicts: 1 });
        const [entry] = await parts.sync.outbox(conn);
        expect(entry).toMatchObject({
          module,
          id,
          state: 'conflict',
          mine: { [field]: `Mine for ${id}` },
          theirs: { [field]: theirs },
        });
        // Still unresolved at the next sync: the server keeps their value.
        expect((await sync()).conflicts).toBe(1);
        expect((await other.get(module, id))[field]).toBe(theirs);
      };

      await conflictOn(a as string, 'Theirs A');
      await parts.sync.resolve(conn, module, a as string, 'mine', []);
      expect((await sync()).pushed).toBe(1);
      expect((await other.get(module, a as string))[field]).toBe(`Mine for ${a}`);

      await conflictOn(b as string, 'Theirs B');
      await parts.sync.resolve(conn, module, b as string, 'theirs', [field]);
      expect(await parts.sync.outbox(conn)).toEqual([]);
      const s = await sync();
      expect(s.pushed).toBe(0);
      expect((await other.get(module, b as string))[field]).toBe('Theirs B');
      expect(mirror().get(module, b as string)?.[field]).toBe('Theirs B');
    },
  );

  it.skipIf(!ready)('offline reads filter, sort and page the mirror with no request', async () => {
    const before = connectorRequestCounts(mine)?.total;
    const all = await parts.offline.list(conn, module, {
      page: 1,
      pageSize: 1000,
      filters: [],
      sort: { field, desc: false },
    });
    const page2 = await parts.offline.list(conn, module, {
      page: 2,
      pageSize: 5,
      filters: [],
      sort: { field, desc: false },
    });
    expect(page2.rows.map((r: CrmRecord) => r.id)).toEqual(all.rows.slice(5, 10).map((r) => r.id));
    expect(page2.total).toBe(all.rows.length);
    expect(page2.offline.lastSyncAt).not.toBeNull();
    const probe = String(all.rows[0]?.[field] ?? '').slice(0, 3);
    const hits = await parts.offline.list(conn, module, {
      page: 1,
      pageSize: 1000,
      filters: [{ field, op: 'startswith', value: probe }],
    });
    expect(hits.rows.length).toBeGreaterThan(0);
    expect(hits.rows.every((r) => String(r[field]).toLowerCase().startsWith(probe.toLowerCase()))).toBe(true);
    expect(connectorRequestCounts(mine)?.total).toBe(before);
  });

  it.skipIf(!ready)(
    'exports from the mirror make no request; a live export pages through the vendor to the same rows',
    async () => {
      const before = connectorRequestCounts(mine)?.total;
      const simBefore = ((await sim.control('GET', 'stats')) as { requests: number }).requests;
      const base = { connection: conn, module, columns: [], query: { filters: [] }, bom: false };
      const offline = await parts.exports.run({ ...base, format: 'json', out: join(dir, 'off.json'), offline: true });
      const xlsx = await parts.exports.run({ ...base, format: 'xlsx', out: join(dir, 'off.xlsx'), offline: true });
      expect(connectorRequestCounts(mine)?.total).toBe(before);
      expect(((await sim.control('GET', 'stats')) as { requests: number }).requests).toBe(simBefore);
      expect(offline.rows).toBe(mirrorIds().length);
      expect(xlsx).toMatchObject({ rows: offline.rows, errors: 0 });

      const live = await parts.exports.run({
        ...base,
        format: 'ndjson',
        out: join(dir, 'live.ndjson'),
        offline: false,
      });
      expect(live).toMatchObject({ rows: offline.rows, errors: 0 });
      const byId = (rows: CrmRecord[]) => new Map(rows.map((r) => [r.id, r]));
      const offRows = byId(JSON.parse(readFileSync(offline.file, 'utf8')) as CrmRecord[]);
      const liveRows = byId(
        readFileSync(live.file, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as CrmRecord),
      );
      expect(liveRows).toEqual(offRows);
    },
  );
});
