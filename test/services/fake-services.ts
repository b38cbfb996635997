import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { createMirrorServices } from '../../src/main/services/mirror/index.ts';
import { fakeCatalog, fakeState, type FakeState } from './fake-vendor.ts';

export interface FakeServices {
  dataDir: string;
  state: FakeState;
  keychain: MemorySecretStore;
  s: LocalServices;
}

/**
 * The real services over the fake vendor (three records) in a fresh data folder, with one saved
 * connection `c` whose password is `password`. `mirror` adds the mirror services (sync, exports);
 * `describe` describes Accounts once, so the next vendor call is the first after it.
 */
export async function openFakeServices(opts: {
  folderPrefix: string;
  password: string;
  mirror?: boolean;
  describe?: boolean;
}): Promise<FakeServices> {
  const dataDir = await mkdtemp(join(tmpdir(), opts.folderPrefix));
  const state = fakeState(3);
  const keychain = new MemorySecretStore();
  const s = await createServices({
    dataDir,
    env: {},
    catalog: fakeCatalog(state),
    secrets: { keychain },
    ...(opts.mirror ? { mirror: createMirrorServices } : {}),
  });
  await s.connections.save({
    name: 'c',
    vendor: 'simply',
    url: 'https://a.example',
    settings: { username: 'u' },
    secrets: { password: opts.password },
  });
  if (opts.describe) await s.records.describe('c', 'Accounts');
  return { dataDir, state, keychain, s };
}

export async function closeFakeServices(f: Pick<FakeServices, 'dataDir' | 's'>): Promise<void> {
  await f.s.close();
  await rm(f.dataDir, { recursive: true, force: true });
}
