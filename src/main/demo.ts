// The demo workspace is the one place the app starts simulators; it uses only their public entry.
import { startWorkspace, simVendors, type Workspace } from '../../sim/workspace.ts';
import { vendorDefinition } from './connectors/registry.ts';
import type { DemoConnection } from './services/index.ts';
import type { SecretMap, VendorId } from '../shared/crm-vendors.ts';
import type { ConnectionWithSecrets } from './connectors/types.ts';

/**
 * Maps a simulator's JSON-line entry to a connection by the vendor's own setting and secret names
 * (docs/vendors.md: one set of names everywhere), so nothing here knows any vendor's keys.
 */
export function connectionFromEntry(vendor: VendorId, entry: Record<string, unknown>): ConnectionWithSecrets {
  const def = vendorDefinition(vendor);
  const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const settings: Record<string, string> = {};
  const secrets: SecretMap = {};
  for (const s of def.settings) if (entry[s.name] !== undefined) settings[s.name] = str(entry[s.name]);
  for (const s of def.secrets) if (entry[s.name] !== undefined) secrets[s.name] = str(entry[s.name]);
  return { vendor, url: String(entry['baseUrl']), settings, secrets };
}

export interface Demo {
  workspace: Workspace;
  connections: DemoConnection[];
  line: Workspace['line'];
}

/**
 * Starts the five simulators in-process, one demo connection each ("Demo · <Vendor>"). Env knobs for
 * tests and benchmarks: CRM_DEMO_RECORDS (per module, default 500), CRM_DEMO_LIMITS=off (no rate
 * limits on either side).
 */
export async function startDemo(env: NodeJS.ProcessEnv = process.env): Promise<Demo> {
  const limitsOff = env['CRM_DEMO_LIMITS'] === 'off';
  const records = Number(env['CRM_DEMO_RECORDS'] ?? 500);
  const workspace = await startWorkspace({
    records: Number.isInteger(records) && records >= 0 ? records : 500,
    seed: 'demo',
    limits: limitsOff ? 'off' : 'real',
  });
  const connections: DemoConnection[] = simVendors.map((vendor) => {
    const entry = workspace.line[vendor] as Record<string, unknown>;
    return {
      name: `Demo · ${vendorDefinition(vendor).label}`,
      ...connectionFromEntry(vendor, entry),
      rateLimit: !limitsOff,
    };
  });
  return { workspace, connections, line: workspace.line };
}
