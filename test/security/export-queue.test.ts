import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import type { ExportStatus } from '../../src/main/services/api.ts';
import { createExportService, type LocalExportService } from '../../src/main/services/mirror/export.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import type { VendorCatalog } from '../../src/main/services/vendor-catalog.ts';
import { StoreRegistry } from '../../src/main/store/index.ts';
import { CrmError } from '../../src/shared/errors.ts';
import { fakeCatalog, fakeState } from '../services/fake-vendor.ts';

// Thirty export.start calls once took 1.3 GB and 42 threads: app exports wait for a free slot (two run
// at a time here), a bounded number may wait, and finished jobs do not pile up.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let dataDir: string;
let s: LocalServices;
let stores: StoreRegistry;
let exports: LocalExportService;
const load = { inFlight: 0, max: 0 };

/** The fake vendor, each page taking a while so that concurrent exports overlap. */
function slowCatalog(): VendorCatalog {
  const base = fakeCatalog(fakeState(3));
  return {
    ...base,
    createConnector(cfg) {
      const c = base.createConnector(cfg);
      return {
        ...c,
        async list(module, q) {
          load.inFlight++;
          load.max = Math.max(load.max, load.inFlight);
          try {
            await sleep(150);
            return await c.list(module, q);
          } finally {
            load.inFlight--;
          }
        },
      };
    },
  };
}

const request = {
  connection: 'c',
  module: 'Accounts',
  format: 'ndjson' as const,
  offline: false,
  columns: [],
  query: { filters: [] },
  bom: false,
};

// Up to a minute: each export starts a worker thread, slow on a loaded two-core machine.
async function finished(id: string): Promise<ExportStatus> {
  for (let i = 0; i < 3000; i++) {
    const st = exports.status(id);
    if (st.state !== 'running') return st;
    await sleep(20);
  }
  throw new Error(`export ${id} did not finish`);
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'crm-export-queue-'));
  load.inFlight = 0;
  load.max = 0;
  s = await createServices({
    dataDir,
    env: {},
    catalog: slowCatalog(),
    secrets: { keychain: new MemorySecretStore() },
  });
  await s.connections.save({
    name: 'c',
    vendor: 'simply',
    url: 'https://a.example',
    settings: { username: 'u' },
    secrets: { password: 'pw-1234' },
  });
  stores = new StoreRegistry(dataDir);
  exports = createExportService(s.context, stores, undefined, {
    running: 2,
    queued: 3,
    keepFetchedMs: 100,
    keepFinishedMs: 400,
  });
});
afterEach(async () => {
  await exports.settled();
  stores.closeAll();
  await s.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('app exports', { timeout: 180_000 }, () => {
  it('run two at a time, and one past the queue bound is refused with a typed error', async () => {
    const ids = Array.from({ length: 5 }, () => exports.start(request));
    const refused = (() => {
      try {
        exports.start(request);
        return null;
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(CrmError);
    expect((refused as CrmError).kind).toBe('rate_limited');
    expect((refused as CrmError).message).toMatch(/wait for one to finish/);
    const results = await Promise.all(ids.map(finished));
    expect(results.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(results.every((r) => r.rows === 3)).toBe(true);
    expect(load.max).toBe(2);
    // Room again once they have finished.
    expect((await finished(exports.start(request))).state).toBe('done');
  });

  it('a waiting export can be cancelled before it starts', async () => {
    const ids = Array.from({ length: 3 }, () => exports.start(request));
    exports.cancel(ids[2] as string);
    await sleep(30);
    expect(exports.status(ids[2] as string).state).toBe('cancelled');
    expect((await finished(ids[0] as string)).state).toBe('done');
  });

  it('drops finished jobs once read (after a short grace) or after a while unread', async () => {
    const [read, unread] = [exports.start(request), exports.start(request)];
    expect((await finished(read)).state).toBe('done');
    expect(exports.status(read).state).toBe('done'); // read again within the grace period
    await sleep(150);
    expect(() => exports.status(read)).toThrow(/No export job/);
    await sleep(400);
    expect(() => exports.status(unread)).toThrow(/No export job/);
  });
});
