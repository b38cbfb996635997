import { CrmError } from '../../shared/errors.ts';
import type { VendorId, VendorInfo } from '../../shared/vendors.ts';
import { createHttpClient, type HttpClient } from './http.ts';
import type { Connector, VendorDefinition } from './types.ts';
import { simplyVendor } from './simply/index.ts';
import { simplicateVendor } from './simplicate/index.ts';
import { smartsimpleVendor } from './smartsimple/index.ts';
import { sarvVendor } from './sarv/index.ts';
import { spotlerVendor } from './spotler/index.ts';

const definitions: Record<VendorId, VendorDefinition> = {
  simply: simplyVendor,
  simplicate: simplicateVendor,
  smartsimple: smartsimpleVendor,
  sarv: sarvVendor,
  spotler: spotlerVendor,
};

export function vendorDefinition(id: VendorId): VendorDefinition {
  const def = definitions[id];
  if (!def) throw new CrmError('invalid_input', `Unknown vendor "${String(id)}"`);
  return def;
}

export function vendorInfos(): VendorInfo[] {
  return Object.values(definitions).map((d) => ({
    id: d.id,
    label: d.label,
    settings: [...d.settings],
    secrets: [...d.secrets],
  }));
}

export interface ConnectorConfig {
  vendor: VendorId;
  url: string;
  settings: Record<string, string>;
  secrets: Record<string, string>;
  /**
   * `false` turns the client-side rate limiter off. Only for simulators started with `--limits off`
   * (tests, benchmarks): against a real vendor the documented limit always applies.
   */
  rateLimit?: boolean;
}

export function createConnector(cfg: ConnectorConfig): Connector {
  const def = vendorDefinition(cfg.vendor);
  const settings = def.joinSecrets ? def.joinSecrets(cfg.settings, cfg.secrets) : cfg.settings;
  const http = createHttpClient({
    baseUrl: cfg.url,
    vendorLabel: def.label,
    rateLimit: cfg.rateLimit === false ? undefined : def.rateLimit,
  });
  const connector = def.create({ baseUrl: http.baseUrl, settings, secrets: cfg.secrets, http });
  requestCountsOf.set(connector, http.counts);
  return connector;
}

const requestCountsOf = new WeakMap<Connector, HttpClient['counts']>();

/** The HTTP layer's live request counters of a connector made here (sync reports them per module). */
export function connectorRequestCounts(connector: Connector): HttpClient['counts'] | undefined {
  return requestCountsOf.get(connector);
}
