import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkspace, type Workspace } from '../../sim/workspace.ts';
import { vendorDefinition } from '../../src/main/connectors/registry.ts';
import { secretEnvName } from '../../src/main/credentials/env.ts';
import type { VendorId } from '../../src/shared/crm-vendors.ts';
import { inCi, probeSecretService } from '../credentials/probe.ts';
import { runCrm } from '../cli/run-crm.ts';
import { cli, type CliRun } from '../sync/cli-child.ts';
import { loadFixture, vendors } from '../sync/vendor-fixtures.ts';
import { connectionFromEntry } from '../helpers/sim.ts';
import { filesUnder, findSecrets } from '../helpers/secret-scan.ts';
import { startTrapServer, type TrapServer } from '../helpers/trap-server.ts';

// A whole CLI session against the five simulators with known secrets (connect, list, get, sync, exports
// in every format, and errors: bad input, vendor faults, a missing record, a move to another host),
// then a sweep: the data folder, the exports and everything printed hold none of the secrets. With a
// Secret Service (scripts/with-keyring.sh) the secrets go through the real keychain, else through
// CRM_SECRET_<NAME>.
const probe = await probeSecretService();
const useKeychain = probe === null;
if (!useKeychain && inCi) throw new Error(`CI=true but no Secret Service is reachable: ${probe}`);

let ws: Workspace;
let trap: TrapServer;
let home: string;
let outDir: string;
const printed: Record<string, string> = {};
const secrets: string[] = [];
let runs = 0;

async function crm(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const r = await cli(args, { CRM_HOME: home, CRM_RATE_LIMIT: 'off', ...env });
  printed[`run ${++runs} (${args.slice(0, 2).join(' ')}) stdout`] = r.stdout;
  printed[`run ${runs} (${args.slice(0, 2).join(' ')}) stderr`] = r.stderr;
  return r;
}

beforeAll(async () => {
  ws = await startWorkspace({ only: vendors, records: 30, seed: 'sweep', limits: 'off' });
  trap = await startTrapServer();
  home = mkdtempSync(join(tmpdir(), 'crm-sweep-'));
  outDir = mkdtempSync(join(tmpdir(), 'crm-sweep-out-'));
});
afterAll(async () => {
  await trap?.close();
  await ws?.close();
  for (const d of [home, outDir]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('a CLI session leaves no secret behind', { timeout: 300_000 }, () => {
  it.each(vendors)('%s: connect, list, get, sync, export, errors', async (vendor: VendorId) => {
    const { module } = await loadFixture(vendor);
    const entry = ws.line[vendor] as Record<string, unknown>;
    const conn = connectionFromEntry(vendor, entry);
    const split = vendorDefinition(vendor).splitSecrets?.(conn.settings);
    const all = { ...conn.secrets, ...split?.secrets };
    secrets.push(...Object.values(all));
    const name = `sweep-${vendor}`;
    const env: NodeJS.ProcessEnv = useKeychain ? {} : { [secretEnvName(name)]: JSON.stringify(all) };
    const sets = Object.entries(conn.settings).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    const connectArgs = ['connect', name, '--vendor', vendor, '--url', conn.url, ...sets, '--rate-limit', 'off'];
    if (useKeychain) {
      const r = await runCrm(
        [...connectArgs, '--secret-stdin'],
        { CRM_HOME: home, CRM_RATE_LIMIT: 'off' },
        JSON.stringify(conn.secrets),
      );
      printed[`connect ${vendor} stdout`] = r.out;
      printed[`connect ${vendor} stderr`] = r.err;
      expect(r.code, r.err).toBe(0);
    } else {
      const r = await crm(connectArgs, env);
      expect(r.code, r.stderr).toBe(0);
    }

    const ok = async (args: string[]) => {
      const r = await crm(args, env);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    await ok(['test', name]);
    await ok(['list', name, module, '--page-size', '5']);
    const page = JSON.parse((await ok(['list', name, module, '--page-size', '2', '--json'])).stdout) as {
      rows: { id: string }[];
    };
    await ok(['get', name, module, String(page.rows[0]?.id)]);
    await ok(['sync', name, module, '--json']);
    mkdirSync(join(outDir, vendor), { recursive: true });
    for (const format of ['csv', 'json']) {
      await ok(['export', name, module, '--format', format, '--out', join(outDir, vendor, `a.${format}`)]);
    }
    await ok(['export', name, module, '--format', 'csv', '--offline', '--out', join(outDir, vendor, 'off.csv')]);

    // Errors: each must fail, and print no secret either.
    const fails = async (args: string[], prepare?: () => Promise<unknown>) => {
      await prepare?.();
      const r = await crm(args, env);
      expect(r.code, args.join(' ')).not.toBe(0);
    };
    const control = (path: string, body: unknown) =>
      fetch(`${ws.line.control.url}/${vendor}/${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ws.line.control.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    await fails(['get', name, module, 'no-such-record-0']);
    await fails(['list', name, module, '--where', 'nosuchfield = 1']);
    await fails(['list', name, module], () => control('fault', { kind: 'malformed', count: 1 }));
    await fails(['export', name, module, '--format', 'csv', '--out', outDir]);
    await crm(['connect', name, '--vendor', vendor, '--url', trap.url, ...sets], env);
    await crm(['test', name], env);
  });

  it('sweep: the data folder, the exports, the output and the other host hold none of the secrets', () => {
    expect(secrets.length).toBeGreaterThan(0);
    expect(filesUnder(home).length).toBeGreaterThan(0);
    expect(filesUnder(outDir).length).toBeGreaterThan(0);
    const hits = findSecrets(secrets, [home, outDir], {
      ...printed,
      'the other host': trap.received.join('\n'),
    });
    expect(hits).toEqual([]);
  });
});
