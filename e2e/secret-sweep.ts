import { findSecrets } from '../test/helpers/secret-scan.ts';
import type { SimLine } from './fixtures.ts';

/** Names under which the simulators' line gives a connection's secrets (the connection form's names). */
const SECRET_KEYS = new Set(['accessKey', 'apiKey', 'apiSecret', 'password', 'accessToken', 'apitoken']);

/** Every secret of the demo workspace: the vendors' secret fields and SmartSimple's function tokens. */
export function demoSecrets(sim: SimLine): string[] {
  const out: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string' && SECRET_KEYS.has(key)) out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  for (const [vendor, entry] of Object.entries(sim)) if (vendor !== 'control') walk(entry, vendor);
  return out;
}

/**
 * The secrets sweep after an e2e worker: the app's data folder (mirrors, exports, settings) and what the
 * app printed on stderr hold none of the demo secrets. Throws, failing the run, when one is found.
 */
export function assertNoDemoSecrets(sim: SimLine, dataDir: string, printed: Record<string, string>): void {
  const secrets = demoSecrets(sim);
  if (secrets.length === 0) throw new Error('secrets sweep: no demo secrets found in the simulator line');
  const hits = findSecrets(secrets, [dataDir], printed);
  if (hits.length > 0) throw new Error(`secrets sweep: demo secrets left behind in ${hits.join('; ')}`);
}
