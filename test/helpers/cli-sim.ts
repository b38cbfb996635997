import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { VendorId } from '../../src/shared/crm-vendors.ts';
import { vendorDefinition } from '../../src/main/connectors/registry.ts';
import { cli, secretEnvName } from '../sync/cli-child.ts';
import { connectionFromEntry, startSim, type SimHarness } from './sim.ts';

export interface CliSim {
  sim: SimHarness;
  /** The CLI's data folder (CRM_HOME). */
  home: string;
  /** The environment every CLI run of the test uses: CRM_HOME, no rate limit, the secrets of `k`. */
  env: Record<string, string>;
}

/**
 * A vendor's simulator and, in a fresh data folder, a CLI connection `k` to it made by the real CLI (for
 * tests that run the CLI as a child process and kill it). Its secrets, with the secret parts of the
 * settings (SmartSimple's function tokens), come from CRM_SECRET_<NAME>, so the keychain is never read.
 * `cleanup` receives the step that stops the simulator and removes the folder.
 */
export async function startCliSim(
  vendor: VendorId,
  opts: { records: number; homePrefix: string; connectArgs?: string[] },
  cleanup: { push(step: () => Promise<void>): void },
): Promise<CliSim> {
  const sim = await startSim(vendor, { records: opts.records, limits: 'off' });
  const home = await mkdtemp(join(tmpdir(), opts.homePrefix));
  cleanup.push(async () => {
    await sim.ws.close();
    await rm(home, { recursive: true, force: true });
  });
  const conn = connectionFromEntry(vendor, sim.entry);
  const split = vendorDefinition(vendor).splitSecrets?.(conn.settings);
  const env = {
    CRM_HOME: home,
    CRM_RATE_LIMIT: 'off',
    [secretEnvName('k')]: JSON.stringify({ ...conn.secrets, ...split?.secrets }),
  };
  const sets = Object.entries(conn.settings).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
  const connected = await cli(
    ['connect', 'k', '--vendor', vendor, '--url', conn.url, ...sets, ...(opts.connectArgs ?? [])],
    env,
  );
  expect(connected.code, connected.stderr).toBe(0);
  return { sim, home, env };
}
