import { createHash } from 'node:crypto';
import type { VendorId, VendorInfo } from '../../shared/crm-vendors.ts';
import { createHttpClient, type HttpClient } from './http.ts';
import { createMetadataCache } from './common/metadata-cache.ts';
import { RequestBudget } from './common/request-budget.ts';
import { leaseStateDb } from './common/state-db.ts';
import type { ConnectionWithSecrets, Connector, VendorDefinition } from './types.ts';
import { simplyVendor } from './simply/index.ts';
import { simplicateVendor } from './simplicate/index.ts';
import { smartsimpleVendor } from './smartsimple/index.ts';
import { sarvVendor } from './sarv/index.ts';
import { spotlerVendor } from './spotler/index.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';

const definitions: Record<VendorId, VendorDefinition> = {
  simply: simplyVendor,
  simplicate: simplicateVendor,
  smartsimple: smartsimpleVendor,
  sarv: sarvVendor,
  spotler: spotlerVendor,
};

export function vendorDefinition(id: VendorId): VendorDefinition {
  const def = definitions[id];
  if (!def) throw serviceError('invalid_input', 'errors.service.unknownVendor', { vendor: String(id) });
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

/** A connection with its secrets, and this run's options for its connector. */
export interface ConnectorConfig extends ConnectionWithSecrets {
  /**
   * The data folder and the connection's name: the request window is then shared with every process
   * using the folder, and metadata is cached there. Without it both live in this connector only.
   */
  shared?: { dataDir: string; connection: string };
  /** Told when a request waits longer than a second for the vendor's rate limit. */
  onRateWait?: (wait: RateWait) => void;
}

export interface RateWait {
  ms: number;
  /** The vendor's display name. */
  vendor: string;
}

/**
 * Which account a connection talks to, as an opaque key: vendor, URL and the settings with any secret
 * parts masked (SmartSimple's tokens may arrive in clear from CRM_SECRET_<NAME>). Two connections to
 * the same account share one request window; nothing secret reaches the state file.
 */
function accountKey(def: VendorDefinition, cfg: ConnectorConfig): string {
  let settings = cfg.settings;
  try {
    settings = def.splitSecrets ? def.splitSecrets(cfg.settings).settings : cfg.settings;
  } catch {
    settings = {}; // settings the vendor cannot read: the connector refuses them; key on the URL alone
  }
  const plain = Object.keys(settings)
    .sort()
    .map((k) => [k, settings[k]]);
  const text = JSON.stringify([cfg.vendor, cfg.url.replace(/\/+$/, ''), plain]);
  return createHash('sha256').update(text).digest('hex');
}

export function createConnector(cfg: ConnectorConfig): Connector {
  const def = vendorDefinition(cfg.vendor);
  const settings = def.joinSecrets ? def.joinSecrets(cfg.settings, cfg.secrets) : cfg.settings;
  const lease = cfg.shared ? leaseStateDb(cfg.shared.dataDir) : undefined;
  const limit = cfg.rateLimit === false ? undefined : def.rateLimit;
  const onRateWait = cfg.onRateWait;
  const http = createHttpClient({
    baseUrl: cfg.url,
    vendorLabel: def.label,
    ...(lease && limit
      ? { budget: new RequestBudget({ db: lease.db, bucket: accountKey(def, cfg), limit, vendorLabel: def.label }) }
      : { rateLimit: limit }),
    ...(onRateWait ? { onWait: (ms: number) => onRateWait({ ms, vendor: def.label }) } : {}),
  });
  const metadata = createMetadataCache({
    ...(lease ? { db: lease.db } : {}),
    scope: JSON.stringify([cfg.shared?.connection ?? '', accountKey(def, cfg)]),
  });
  const connector = def.create({ baseUrl: http.baseUrl, settings, secrets: cfg.secrets, http, metadata });
  requestCountsOf.set(connector, http.counts);
  connector.metadata = metadata;
  if (lease) {
    const close = connector.close.bind(connector);
    connector.close = async () => {
      try {
        await close();
      } finally {
        lease.release();
      }
    };
  }
  return connector;
}

const requestCountsOf = new WeakMap<Connector, HttpClient['counts']>();

/** The HTTP layer's live request counters of a connector made here (sync reports them per module). */
export function connectorRequestCounts(connector: Connector): HttpClient['counts'] | undefined {
  return requestCountsOf.get(connector);
}
