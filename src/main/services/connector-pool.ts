import { CrmError } from '../../shared/errors.ts';
import type { ModuleSchema } from '../../shared/fields.ts';
import type { ConnectionWithSecrets, Connector } from '../connectors/types.ts';
import type { AuditStore } from '../store/audit.ts';
import { audited } from './audit.ts';
import { capabilityChecked } from './capabilities.ts';
import type { VendorCatalog } from './vendor-catalog.ts';

/** A request of a connection waiting for the vendor's rate limit. */
export interface RateWaitNotice {
  connection: string;
  /** The vendor's display name. */
  vendor: string;
  ms: number;
}

interface Entry {
  connector: Promise<Connector>;
  secretValues: string[];
}

/** One connector per connection, created on first use and kept until the connection changes. */
export class ConnectorPool {
  private readonly entries = new Map<string, Entry>();
  private readonly resolve: (name: string) => Promise<ConnectionWithSecrets>;
  private readonly catalog: VendorCatalog;
  private readonly dataDir: string | undefined;
  private readonly waits = new Map<string, { until: number; vendor: string }>();
  private readonly waitListeners = new Set<(notice: RateWaitNotice) => void>();
  private readonly auditLog: (() => AuditStore) | undefined;
  private readonly schemas = new WeakMap<Connector, Map<string, Promise<ModuleSchema>>>();

  /**
   * `dataDir`: connectors share their request window with every process using the folder and cache
   * metadata there.
   */
  constructor(
    resolve: (name: string) => Promise<ConnectionWithSecrets>,
    catalog: VendorCatalog,
    dataDir?: string,
    /** Every write of a connector from this pool is recorded there (services/audit.ts). */
    auditLog?: () => AuditStore,
  ) {
    this.resolve = resolve;
    this.catalog = catalog;
    this.dataDir = dataDir;
    this.auditLog = auditLog;
  }

  /** Calls `fn` whenever a request waits more than a second for a vendor's rate limit; returns an unsubscribe. */
  onRateWait(fn: (notice: RateWaitNotice) => void): () => void {
    this.waitListeners.add(fn);
    return () => this.waitListeners.delete(fn);
  }

  /** The wait a connection's requests are in now, if any (sync and export progress show it). */
  rateWait(name: string, now = Date.now()): { vendor: string; seconds: number } | null {
    const wait = this.waits.get(name);
    if (!wait || wait.until <= now) return null;
    return { vendor: wait.vendor, seconds: Math.ceil((wait.until - now) / 1000) };
  }

  private noteWait(connection: string, vendor: string, ms: number): void {
    this.waits.set(connection, { until: Date.now() + ms, vendor });
    for (const fn of this.waitListeners) fn({ connection, vendor, ms });
  }

  get(name: string): Promise<Connector> {
    const found = this.entries.get(name);
    if (found) return found.connector;
    const secretValues: string[] = [];
    const connector = this.resolve(name).then((conn) => {
      secretValues.push(...Object.values(conn.secrets).filter((v) => v.length >= 4));
      const created = this.catalog.createConnector({
        vendor: conn.vendor,
        url: conn.url,
        settings: conn.settings,
        secrets: conn.secrets,
        rateLimit: conn.rateLimit,
        ...(this.dataDir !== undefined ? { shared: { dataDir: this.dataDir, connection: name } } : {}),
        onRateWait: (wait) => this.noteWait(name, wait.vendor, wait.ms),
      });
      const log = this.auditLog;
      const logged = log ? audited(created, name, log, (err) => this.scrub(name, err)) : created;
      // Outside the audit: a write refused here was never sent, so it leaves no entry.
      const checked: Connector = capabilityChecked(logged, (module) => this.schemaOf(checked, module));
      return checked;
    });
    const entry: Entry = { connector, secretValues };
    connector.catch(() => {
      if (this.entries.get(name) === entry) this.entries.delete(name);
    });
    this.entries.set(name, entry);
    return entry.connector;
  }

  /**
   * A module's described schema, once per connector and module: the connector's metadata cache keeps it
   * when it has one (with its time to live, across processes), else this pool does.
   */
  schemaOf(c: Connector, module: string): Promise<ModuleSchema> {
    if (c.metadata) return c.describe(module);
    let perModule = this.schemas.get(c);
    if (!perModule) this.schemas.set(c, (perModule = new Map()));
    let found = perModule.get(module);
    if (!found) {
      const map = perModule;
      found = c.describe(module);
      found.catch(() => map.delete(module));
      perModule.set(module, found);
    }
    return found;
  }

  /** The next schemaOf describes again (the vendor's metadata too, for "Refresh fields"). */
  forgetSchema(c: Connector, module: string): void {
    c.metadata?.refresh(module);
    this.dropSchema(c, module);
  }

  /** The next schemaOf asks the connector again (its metadata cache already refreshed itself). */
  dropSchema(c: Connector, module: string): void {
    this.schemas.get(c)?.delete(module);
  }

  /**
   * Defence in depth: a vendor error that echoes a credential must not carry it further. Replaces any
   * secret value of the connection found in any string of an error: its message and every per-field
   * message (and field name).
   */
  scrub(name: string, err: unknown): unknown {
    const values = this.entries.get(name)?.secretValues ?? [];
    if (!(err instanceof Error) || values.length === 0) return err;
    const fields = err instanceof CrmError ? (err.fields ?? {}) : {};
    const texts = [err.message, ...Object.keys(fields), ...Object.values(fields)];
    if (!texts.some((t) => values.some((v) => t.includes(v)))) return err;
    const clean = (text: string) => values.reduce((t, v) => t.split(v).join('***'), text);
    if (err instanceof CrmError) {
      return new CrmError(err.kind, clean(err.message), {
        ...(err.fields
          ? { fields: Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [clean(k), clean(v)])) }
          : {}),
        ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
        ...(err.status !== undefined ? { status: err.status } : {}),
      });
    }
    return new CrmError('internal', clean(err.message));
  }

  async invalidate(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    this.entries.delete(name);
    await entry.connector.then((c) => c.close()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((n) => this.invalidate(n)));
  }
}
