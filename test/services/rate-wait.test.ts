import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import type { RateWaitNotice } from '../../src/main/services/connector-pool.ts';
import { fakeCatalog, fakeState, type FakeState } from './fake-vendor.ts';

let dataDir: string;
let state: FakeState;
let services: LocalServices;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'crm-rate-wait-'));
  state = fakeState();
  services = await createServices({
    dataDir,
    env: {},
    catalog: fakeCatalog(state),
    demo: [
      {
        name: 'acme',
        vendor: 'simply',
        url: 'https://acme.example',
        settings: { username: 'u' },
        secrets: { accessKey: 'k-123456' },
      },
    ],
  });
});
afterEach(async () => {
  await services.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('rate-limit waits of a connection', () => {
  it('connectors share the data folder, and their waits reach listeners and the progress', async () => {
    await services.records.modules('acme');
    const cfg = state.configs[0];
    expect(cfg?.shared).toEqual({ dataDir, connection: 'acme' });
    const heard: RateWaitNotice[] = [];
    services.onRateWait((n) => heard.push(n));
    expect(services.context.rateWait?.('acme')).toBeNull();
    cfg?.onRateWait?.({ ms: 23_000, vendor: 'Simply CRM' });
    expect(heard).toEqual([{ connection: 'acme', vendor: 'Simply CRM', ms: 23_000 }]);
    expect(services.context.rateWait?.('acme')).toEqual({ vendor: 'Simply CRM', seconds: 23 });
    expect(services.context.rateWait?.('other')).toBeNull();
  });
});
