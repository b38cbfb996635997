import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import { createServices, type LocalServices } from '../../src/main/services/index.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';

// The reference picker types what it shows: a Simply CRM user's label is made of several fields
// (first and last name), and searching for the whole label must find that user.
let sim: SimHarness;
let home: string;
let services: LocalServices;

beforeAll(async () => {
  sim = await startSim('simply', { records: 5 });
  home = await mkdtemp(join(tmpdir(), 'crm-lookup-'));
  services = await createServices({
    dataDir: home,
    env: { CRM_RATE_LIMIT: 'off' },
    secrets: { keychain: new MemorySecretStore() },
  });
  await services.connections.save({ name: 'c', ...connectionFromEntry('simply', sim.entry) });
});
afterAll(async () => {
  await services?.close();
  await sim?.ws.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('lookup by a label made of several fields', () => {
  it('finds a user by the whole label the picker shows, and only labels holding it', async () => {
    const schema = await services.records.describe('c', 'Users');
    expect(schema.labelFields?.length ?? 0).toBeGreaterThan(1);
    const users = await services.records.lookup('c', 'Users', '', 20);
    const target = users.find((u) => u.label.trim().includes(' '));
    expect(target, 'a user whose label has several words').toBeDefined();
    const found = await services.records.lookup('c', 'Users', target!.label, 20);
    expect(found.map((u) => u.id)).toContain(target!.id);
    for (const u of found) expect(u.label.toLowerCase()).toContain(target!.label.toLowerCase());
    // A text no label holds still finds nothing.
    const firstWord = target!.label.split(' ')[0]!;
    expect(await services.records.lookup('c', 'Users', `${firstWord} Zzqx-no-such-name`, 20)).toEqual([]);
  });
});
