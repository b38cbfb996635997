import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { createMirrorServices } from '../../src/main/services/mirror/index.ts';
import { createHandlers } from '../../src/main/handlers.ts';
import { createRouter, type Dispatch } from '../../src/main/router.ts';
import { startSim, type SimHarness } from '../helpers/sim.ts';
import { connectionFromEntry } from '../../src/main/demo.ts';

// The app's offline rule over the real router, services, SQLite mirror and a real simulator.
describe('offline policy (app)', () => {
  let h: SimHarness;
  let s: LocalServices;
  let dispatch: Dispatch;
  const conn = 'Field sales';
  const requests = async () => ((await h.control('GET', 'stats')) as { requests: number }).requests;

  beforeAll(async () => {
    h = await startSim('spotler', { records: 40 });
    s = await createServices({
      dataDir: mkdtempSync(join(tmpdir(), 'offline-policy-')),
      mirror: createMirrorServices,
      demo: [{ name: conn, ...connectionFromEntry('spotler', h.entry), rateLimit: false }],
    });
    dispatch = createRouter(
      createHandlers(s, { version: '0', transport: 'browser', demo: true }, { offlineRecheckMs: 1500 }),
    );
    await s.sync.run(conn, ['accounts']);
  });
  afterAll(async () => {
    await s?.close();
    await h?.ws.close();
  });

  const list = () =>
    dispatch('records.list', { connection: conn, module: 'accounts', query: { page: 1, pageSize: 10, filters: [] } });

  it('reads live while the vendor answers', async () => {
    const res = await list();
    expect(res).toMatchObject({ ok: true });
    if (res.ok) expect((res.value as { offline?: unknown }).offline).toBeUndefined();
  });

  it('falls back to the mirror, marked offline, when the vendor cannot be reached', async () => {
    await h.control('POST', 'offline');
    try {
      const res = await list();
      expect(res.ok).toBe(true);
      if (res.ok) {
        const page = res.value as { rows: unknown[]; offline?: { lastSyncAt: string | null } };
        expect(page.rows).toHaveLength(10);
        expect(page.offline?.lastSyncAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      }
      const described = await dispatch('modules.describe', { connection: conn, module: 'accounts' });
      expect(described).toMatchObject({ ok: true, value: { module: 'accounts' } });
      // A module never synced has nothing to fall back on: the vendor's failure is what the user sees.
      const contacts = await dispatch('records.list', {
        connection: conn,
        module: 'contacts',
        query: { page: 1, pageSize: 10, filters: [] },
      });
      expect(contacts).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
      // For a while after that, reads go straight to the mirror: no more calls wait on the vendor.
      const state = await dispatch('offline.get', { connection: conn });
      expect(state).toMatchObject({ ok: true, value: { offline: false, unreachableSince: expect.any(String) } });
      const before = await requests();
      expect((await list()).ok).toBe(true);
      expect(await requests()).toBe(before);
      // Switching (back) online asks the vendor again at once.
      await dispatch('offline.set', { connection: conn, offline: false });
      expect(await dispatch('offline.get', { connection: conn })).toMatchObject({ value: { unreachableSince: null } });
      expect((await list()).ok).toBe(true);
      expect(await requests()).toBeGreaterThan(before);
    } finally {
      await h.control('POST', 'online');
    }
    // Once the recheck time has passed, the next read asks the vendor again and is live.
    await new Promise((r) => setTimeout(r, 1600));
    const live = await list();
    expect(live.ok && (live.value as { offline?: unknown }).offline).toBeUndefined();
    expect(await dispatch('offline.get', { connection: conn })).toMatchObject({ value: { unreachableSince: null } });
  });

  it('queues an edit the vendor cannot be reached for, and the next sync sends it', async () => {
    const page = await list();
    const first = page.ok ? (page.value as { rows: { id: string }[] }).rows[1]! : { id: '' };
    await h.control('POST', 'offline');
    try {
      const upd = await dispatch('records.update', {
        connection: conn,
        module: 'accounts',
        id: first.id,
        data: { name: 'Edited in the tunnel' },
      });
      expect(upd).toEqual({ ok: true, value: { queued: true, module: 'accounts', id: first.id } });
      // Nothing synced for contacts: nothing to queue against, the vendor's failure is the answer.
      const contact = await dispatch('records.update', { connection: conn, module: 'contacts', id: '1', data: {} });
      expect(contact).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    } finally {
      await h.control('POST', 'online');
    }
    expect(await dispatch('outbox.list', { connection: conn })).toMatchObject({
      ok: true,
      value: [{ module: 'accounts', id: first.id, state: 'pending', mine: { name: 'Edited in the tunnel' } }],
    });
    const [summary] = await s.sync.run(conn, ['accounts']);
    expect(summary).toMatchObject({ module: 'accounts', pushed: 1, conflicts: 0 });
    expect(await h.control('GET', `records/accounts/${first.id}`)).toMatchObject({ name: 'Edited in the tunnel' });
    expect(await dispatch('outbox.list', { connection: conn })).toEqual({ ok: true, value: [] });
  });

  it('reads only the mirror while switched offline, queues edits, and refuses creates plainly', async () => {
    expect(await dispatch('offline.set', { connection: conn, offline: true })).toEqual({
      ok: true,
      value: { ok: true },
    });
    const before = await requests();
    const page = await list();
    expect(page.ok).toBe(true);
    const first = page.ok ? (page.value as { rows: { id: string }[] }).rows[0]! : { id: '' };
    const upd = await dispatch('records.update', {
      connection: conn,
      module: 'accounts',
      id: first.id,
      data: { name: 'Edited on the train' },
    });
    expect(upd).toEqual({ ok: true, value: { queued: true, module: 'accounts', id: first.id } });
    const created = await dispatch('records.create', { connection: conn, module: 'accounts', data: { name: 'New' } });
    expect(created).toMatchObject({ ok: false, error: { kind: 'unavailable', message: /Working offline/ } });
    expect(await requests()).toBe(before);
    const outbox = await dispatch('outbox.list', { connection: conn });
    expect(outbox).toMatchObject({ ok: true, value: [{ module: 'accounts', id: first.id, state: 'pending' }] });
    await dispatch('offline.set', { connection: conn, offline: false });
  });
});
