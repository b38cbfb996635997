import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { CrmError } from '../../src/shared/errors.ts';
import { fakeCatalog, fakeState } from './fake-vendor.ts';

let dataDir: string;
let s: LocalServices;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'crm-url-'));
  s = await createServices({
    dataDir,
    env: {},
    catalog: fakeCatalog(fakeState(1)),
    secrets: { keychain: new MemorySecretStore() },
  });
});
afterEach(async () => {
  await s.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('refuses a URL carrying a password, which would be stored and shown in clear, without echoing it', async () => {
  const err = await s.connections
    .save({
      name: 'c',
      vendor: 'simply',
      url: 'https://admin:pw-in-url@a.example/',
      settings: { username: 'u' },
      secrets: { password: 'x' },
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CrmError);
  expect(err).toMatchObject({ kind: 'invalid_input', fields: { url: expect.any(String) } });
  expect((err as CrmError).message).not.toContain('pw-in-url');
  expect(await s.connections.list()).toEqual([]);
  expect(existsSync(join(dataDir, 'connections.json'))).toBe(false);
});
