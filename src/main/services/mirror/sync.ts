import type { OutboxEntry, SyncStatus } from '../../../shared/contract.ts';
import { toErrorData } from '../../../shared/errors.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';
import type { Connector } from '../../connectors/types.ts';
import type { StoreRegistry } from '../../store/index.ts';
import type { SyncService } from '../api.ts';
import type { ServiceContext } from '../extensions.ts';
import { syncModule, type ModuleSummary, type RequestCounts } from './sync-engine.ts';
import { defaultWorkerUrl, runInWorker } from './job-thread-client.ts';

/** Finds the HTTP request counters of a connector (the registry's; tests may pass their own). */
export type CountsOf = (connector: Connector) => RequestCounts | undefined;

const idle = (): SyncStatus => ({
  state: 'idle',
  module: null,
  done: 0,
  total: null,
  ratePerSec: null,
  etaSec: null,
  summary: [],
  error: null,
});

export class LocalSyncService implements SyncService {
  private readonly ctx: ServiceContext;
  private readonly stores: StoreRegistry;
  private readonly countsOf: CountsOf;
  private readonly statuses = new Map<string, SyncStatus>();
  private readonly running = new Map<string, { abort: AbortController; done: Promise<unknown> }>();

  private readonly workerUrl: URL;

  constructor(ctx: ServiceContext, stores: StoreRegistry, countsOf: CountsOf, workerUrl: URL = defaultWorkerUrl) {
    this.ctx = ctx;
    this.stores = stores;
    this.countsOf = countsOf;
    this.workerUrl = workerUrl;
  }

  async run(
    connection: string,
    modules: string[],
    opts: { signal?: AbortSignal; onProgress?: (s: SyncStatus) => void } = {},
  ): Promise<ModuleSummary[]> {
    try {
      return await this.runNow(connection, modules, opts);
    } catch (err) {
      throw this.scrub(connection, err);
    }
  }

  /** A vendor error that echoes one of the connection's secrets loses it before anyone sees it. */
  private scrub(connection: string, err: unknown): unknown {
    return this.ctx.scrub ? this.ctx.scrub(connection, err) : err;
  }

  private async runNow(
    connection: string,
    modules: string[],
    opts: { signal?: AbortSignal; onProgress?: (s: SyncStatus) => void },
  ): Promise<ModuleSummary[]> {
    const connector = await this.ctx.connector(connection);
    const store = this.stores.get(connection);
    const chosen = modules.length ? modules : await defaultModules(connector, store.mirror.syncedModules());
    const counts = this.countsOf(connector);
    const status: SyncStatus = { ...idle(), state: 'running' };
    const report = () => opts.onProgress?.(structuredClone(status));
    for (const module of chosen) {
      status.module = module;
      status.done = 0;
      status.total = null;
      report();
      const summary = await syncModule(
        {
          connector,
          store,
          ...(counts ? { counts: () => counts } : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
          onProgress: (p) => {
            Object.assign(status, { done: p.done, total: p.total, ratePerSec: p.ratePerSec, etaSec: p.etaSec });
            report();
          },
        },
        module,
      );
      status.summary.push(summary);
    }
    status.state = 'done';
    status.module = null;
    report();
    return status.summary;
  }

  /**
   * The app's entry: the sync runs in a worker thread (job-thread.ts) and reports through status();
   * only the connector's network calls stay on this thread.
   */
  start(connection: string, modules: string[]): void {
    if (this.running.has(connection)) throw serviceError('conflict', 'errors.service.syncRunning', { connection });
    const abort = new AbortController();
    const status: SyncStatus = { ...idle(), state: 'running' };
    this.statuses.set(connection, status);
    const done = this.ctx
      .connector(connection)
      .then((connector) => {
        const counts = this.countsOf(connector);
        const handle = runInWorker(
          { kind: 'sync', dbFile: this.stores.get(connection).file, modules },
          connector,
          counts ? () => counts : undefined,
          (msg) => {
            if (msg.type !== 'sync-progress') return;
            const p = msg.progress;
            Object.assign(status, {
              module: p.module,
              done: p.done,
              total: p.total,
              ratePerSec: p.ratePerSec,
              etaSec: p.etaSec,
              summary: msg.summary,
            });
          },
          this.workerUrl,
        );
        if (abort.signal.aborted) handle.cancel();
        abort.signal.addEventListener('abort', () => handle.cancel());
        return handle.done as Promise<ModuleSummary[]>;
      })
      .then((summary) => Object.assign(status, { state: 'done', module: null, summary }))
      .catch((err: unknown) =>
        Object.assign(
          status,
          abort.signal.aborted
            ? { state: 'cancelled', error: null }
            : { state: 'failed', error: toErrorData(this.scrub(connection, err)) },
        ),
      )
      .finally(() => this.running.delete(connection));
    this.running.set(connection, { abort, done });
  }

  status(connection: string): SyncStatus {
    const status = structuredClone(this.statuses.get(connection) ?? idle());
    const waiting = status.state === 'running' ? (this.ctx.rateWait?.(connection) ?? null) : null;
    return waiting ? { ...status, waiting } : status;
  }

  cancel(connection: string): void {
    this.running.get(connection)?.abort.abort();
  }

  /** Cancels the connection's sync, if one runs, and waits until it has stopped. */
  async stop(connection: string): Promise<void> {
    const running = this.running.get(connection);
    if (!running) return;
    running.abort.abort();
    await running.done;
  }

  cancelAll(): void {
    for (const r of this.running.values()) r.abort.abort();
  }

  async settled(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  async outbox(connection: string): Promise<OutboxEntry[]> {
    await this.ctx.known?.(connection);
    return this.stores.get(connection).outbox.entries();
  }

  async resolve(
    connection: string,
    module: string,
    id: string,
    keep: 'mine' | 'theirs',
    fields: string[],
  ): Promise<void> {
    await this.ctx.known?.(connection);
    this.stores.get(connection).outbox.resolve(module, id, keep, fields);
  }

  async offline(connection: string): Promise<{ offline: boolean; lastSyncAt: string | null }> {
    await this.ctx.known?.(connection);
    const mirror = this.stores.get(connection).mirror;
    return { offline: mirror.offline(), lastSyncAt: mirror.lastSyncAt() };
  }

  async setOffline(connection: string, offline: boolean): Promise<void> {
    await this.ctx.known?.(connection);
    this.stores.get(connection).mirror.setOffline(offline);
  }
}

/** Without modules named: the ones synced before, else every module the vendor lists. */
async function defaultModules(connector: Connector, synced: string[]): Promise<string[]> {
  if (synced.length) return synced;
  return (await connector.modules()).map((m) => m.name);
}
