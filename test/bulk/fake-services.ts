import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { fakeCatalog, fakeState, type FakeState } from '../services/fake-vendor.ts';

export interface FakeServices {
  dataDir: string;
  state: FakeState;
  s: LocalServices;
  close(): Promise<void>;
}

/** The real services over the in-memory fake vendor, in a fresh data folder, with one connection `c`. */
export async function fakeServices(prefix: string, password: string): Promise<FakeServices> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const state = fakeState(3);
  const s = await createServices({
    dataDir,
    env: {},
    catalog: fakeCatalog(state),
    secrets: { keychain: new MemorySecretStore() },
  });
  await s.connections.save({
    name: 'c',
    vendor: 'simply',
    url: 'https://a.example',
    settings: { username: 'u' },
    secrets: { password },
  });
  return {
    dataDir,
    state,
    s,
    async close() {
      await s.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
