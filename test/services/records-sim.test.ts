import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import type { VendorId } from '../../src/shared/crm-vendors.ts';
import type { ConnectorFixture } from '../connectors/fixture.ts';
import type { SimHarness } from '../helpers/sim.ts';

// The services over each real connector and simulator: the reference picker (lookup) and labels.
const vendors: VendorId[] = ['simply', 'simplicate', 'smartsimple', 'sarv', 'spotler'];
const root = join(import.meta.dirname, '..', '..');
const landed = (v: VendorId) =>
  [`sim/${v}/index.ts`, `src/main/connectors/${v}/index.ts`, `test/connectors/fixtures/${v}.ts`].every((p) =>
    existsSync(join(root, p)),
  );

describe.each(vendors)('records service over the %s simulator', (vendor) => {
  let sim: SimHarness;
  let services: LocalServices;
  let fixture: ConnectorFixture;
  let home: string;
  const keychain = new MemorySecretStore();
  const open = () => createServices({ dataDir: home, env: { CRM_RATE_LIMIT: 'off' }, secrets: { keychain } });

  beforeAll(async () => {
    if (!landed(vendor)) return;
    const { startSim, connectionFromEntry } = await import('../helpers/sim.ts');
    fixture = ((await import(`../connectors/fixtures/${vendor}.ts`)) as { fixture: ConnectorFixture }).fixture;
    sim = await startSim(vendor, { records: 8, limits: 'off' });
    home = await mkdtemp(join(tmpdir(), `crm-recsim-${vendor}-`));
    services = await open();
    const conn = connectionFromEntry(vendor, sim.entry);
    await services.connections.save({ name: 'c', ...conn });
  });
  afterAll(async () => {
    await services?.close();
    await sim?.ws.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it.skipIf(!landed(vendor))(
    'lookup finds a record by part of its label; labels name ids and leave out missing ones',
    async () => {
      const all = await services.records.lookup('c', fixture.module, '', 5);
      expect(all.length).toBeGreaterThan(0);
      expect(all.length).toBeLessThanOrEqual(5);
      const target = all.find((r) => r.label !== r.id && r.label.length >= 4);
      expect(target).toBeDefined();
      const text = (target?.label ?? '').slice(0, 4);
      const found = await services.records.lookup('c', fixture.module, text, 20);
      expect(found.map((r) => r.id)).toContain(target?.id);
      for (const r of found) expect(r.label.toLowerCase()).toContain(text.toLowerCase());

      // A fresh process knows no labels yet: each comes from a get.
      const fresh = await open();
      try {
        const ids = all.slice(0, 2).map((r) => r.id);
        const missing = vendor === 'simply' ? '11x999999' : '999999999';
        const labels = await fresh.records.labels('c', fixture.module, [...ids, missing]);
        expect(Object.keys(labels).sort()).toEqual([...ids].sort());
        for (const r of all.slice(0, 2)) expect(labels[r.id]).toBe(r.label);
      } finally {
        await fresh.close();
      }
    },
  );
});
