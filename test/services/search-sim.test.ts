import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkspace, type Workspace } from '../../sim/workspace.ts';
import { connectionFromEntry } from '../../src/main/demo.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { createMirrorServices } from '../../src/main/services/mirror/index.ts';
import type { RecordData } from '../../src/shared/fields.ts';
import type { VendorId } from '../../src/shared/crm-vendors.ts';
import { loadFixture } from '../sync/vendor-fixtures.ts';

/**
 * The search across connections over real mirrors: three simulators synced into SQLite, and a fourth
 * never synced (searched at its vendor on request).
 */
const synced: { vendor: VendorId; label: string }[] = [
  // The exact name, a name that starts with the search, and one holding it as a later word, spelled
  // the way an Arabic keyboard types Persian letters and with an accent the search leaves out.
  { vendor: 'spotler', label: 'Tiramisu' },
  { vendor: 'simply', label: 'Tiramisu Zoë Bakery' },
  { vendor: 'sarv', label: 'کیان Tiramisu' },
];
const name = (v: VendorId) => `Search · ${v}`;

let ws: Workspace;
let s: LocalServices;
let dataDir: string;
const ids: Partial<Record<VendorId, string>> = {};
let liveId = '';

beforeAll(async () => {
  ws = await startWorkspace({
    only: ['simply', 'sarv', 'spotler', 'simplicate'],
    records: 15,
    seed: 'search',
    limits: 'off',
  });
  dataDir = await mkdtemp(join(tmpdir(), 'crm-search-'));
  s = await createServices({
    dataDir,
    env: {},
    mirror: createMirrorServices,
    demo: (['simply', 'sarv', 'spotler', 'simplicate'] as const).map((v) => ({
      name: name(v),
      ...connectionFromEntry(v, ws.line[v] as Record<string, unknown>),
      rateLimit: false,
    })),
  });
  for (const { vendor, label } of synced) {
    const fx = await loadFixture(vendor);
    const data: RecordData = { ...fx.createData, [fx.textField]: label };
    ids[vendor] = (await s.records.create(name(vendor), fx.module, data)).id;
    await s.sync.run(name(vendor), [fx.module]);
  }
  liveId = (await s.records.create(name('simplicate'), 'crm/organization', { name: 'Tiramisu Holding' })).id;
}, 120_000);

afterAll(async () => {
  await s?.close();
  await ws?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('search across connections (mirrors)', () => {
  it('finds the records of three vendors at once, exact name first, then prefix, then word', async () => {
    const r = await s.search.search({ text: 'tiramisu' });
    const ours = r.hits.filter((h) => synced.some((x) => ids[x.vendor] === h.id && h.connection === name(x.vendor)));
    expect(ours.map((h) => h.connection)).toEqual(synced.map((x) => name(x.vendor)));
    expect(ours[0]).toMatchObject({
      vendor: 'spotler',
      module: 'accounts',
      label: 'Tiramisu',
      score: 400,
      offline: true,
    });
    expect(ours.map((h) => h.vendor)).toEqual(['spotler', 'simply', 'sarv']);
    // Best first across everything found.
    const scores = r.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Every synced module was searched; the never-synced connection was not asked (no live scope).
    expect(r.sources).toEqual(
      expect.arrayContaining([
        { connection: name('simply'), module: 'Accounts', state: 'done' },
        { connection: name('sarv'), module: 'Accounts', state: 'done' },
        { connection: name('spotler'), module: 'accounts', state: 'done' },
      ]),
    );
    expect(r.sources.filter((x) => x.connection === name('simplicate'))).toEqual([]);
    expect(r.hits.some((h) => h.connection === name('simplicate'))).toBe(false);
  });

  it('matches the way people type: no accent, Arabic letter forms for Persian ones', async () => {
    const zoe = await s.search.search({ text: 'zoe bak' });
    expect(zoe.hits[0]).toMatchObject({ connection: name('simply'), id: ids.simply, label: 'Tiramisu Zoë Bakery' });
    const kian = await s.search.search({ text: 'كيان' }); // Arabic kaf and yeh
    expect(kian.hits[0]).toMatchObject({ connection: name('sarv'), id: ids.sarv });
    // A prefix of the stored name: the prefix tier (300-399), below an exact name.
    expect(kian.hits[0]?.score).toBeGreaterThanOrEqual(300);
    expect(kian.hits[0]?.score).toBeLessThan(400);
  });

  it('narrows to named connections and refuses an unknown one', async () => {
    const r = await s.search.search({ text: 'tiramisu', connections: [name('sarv')] });
    expect(new Set(r.hits.map((h) => h.connection))).toEqual(new Set([name('sarv')]));
    await expect(s.search.search({ text: 'tiramisu', connections: ['nope'] })).rejects.toMatchObject({
      kind: 'not_found',
    });
  });

  it('keeps to the limit and answers an empty search with nothing', async () => {
    expect((await s.search.search({ text: 'a', limit: 3 })).hits.length).toBeLessThanOrEqual(3);
    expect(await s.search.search({ text: '   ' })).toEqual({ hits: [], sources: [] });
  });
});

describe('search at the vendor for modules never synced', () => {
  it('finds a record of a live-only module, and says per source what happened', async () => {
    const r = await s.search.search({ text: 'Tiramisu', connections: [name('simplicate')], scope: 'live' });
    expect(r.hits).toContainEqual(
      expect.objectContaining({
        connection: name('simplicate'),
        module: 'crm/organization',
        id: liveId,
        offline: false,
      }),
    );
    expect(r.sources).toContainEqual({ connection: name('simplicate'), module: 'crm/organization', state: 'done' });
    for (const src of r.sources) {
      expect(['done', 'skipped']).toContain(src.state);
      if (src.state !== 'done') expect(src.error).toBeTruthy();
    }
  });

  it('skips a mirrored module at the vendor (the mirror answers it) and a connection working offline', async () => {
    await s.sync.setOffline(name('spotler'), true);
    try {
      const r = await s.search.search({ text: 'Tiramisu', connections: [name('spotler')], scope: 'all' });
      expect(r.sources).toContainEqual({ connection: name('spotler'), module: 'accounts', state: 'done' });
      expect(r.sources).toContainEqual({
        connection: name('spotler'),
        module: '*',
        state: 'skipped',
        error: 'working offline',
      });
      expect(r.hits[0]).toMatchObject({ id: ids.spotler, offline: true });
    } finally {
      await s.sync.setOffline(name('spotler'), false);
    }
  });
});
