import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { toErrorData } from '../../../shared/errors.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';
import { idField, type Field, type ModuleSchema } from '../../../shared/fields.ts';
import { fieldOrder } from '../../../shared/layout.ts';
import { runExport, type ExportResult } from '../../export/pipeline.ts';
import { checkExportTarget } from '../../export/target.ts';
import type { StoreRegistry } from '../../store/index.ts';
import type { ExportRequest, ExportService, ExportStatus } from '../api.ts';
import { liveSource, mirrorSource } from './export-sources.ts';
import { noteRunningExport } from './export-temps.ts';
import type { ServiceContext } from '../extensions.ts';
import { privateDir } from '../private-files.ts';
import { defaultWorkerUrl, runInWorker } from './job-thread-client.ts';

export interface LocalExportService extends ExportService {
  /** Resolves when no export is running (used at shutdown). */
  settled(): Promise<void>;
}

/** How many app exports run at once, how many may wait, and how long finished ones are kept. */
export interface ExportQueueOptions {
  /** Exports running at the same time (each is a worker thread). */
  running: number;
  /** Exports waiting for a free slot; one more is refused. */
  queued: number;
  /** A finished job is dropped this long after its final status was read. */
  keepFetchedMs: number;
  /** A finished job nobody asked about is dropped after this long. */
  keepFinishedMs: number;
}

export const defaultExportQueue: ExportQueueOptions = {
  running: 2,
  queued: 20,
  keepFetchedMs: 30_000,
  keepFinishedMs: 15 * 60_000,
};

interface Job {
  status: ExportStatus;
  abort: AbortController;
  done: Promise<unknown>;
  connection: string;
  finishedAt?: number;
  fetchedAt?: number;
}

/** Exports of a module from the mirror (`offline`) or live from the vendor, streamed to a file. */
export function createExportService(
  ctx: ServiceContext,
  stores: StoreRegistry,
  workerUrl: URL = defaultWorkerUrl,
  queueOptions: Partial<ExportQueueOptions> = {},
): LocalExportService {
  const limits = { ...defaultExportQueue, ...queueOptions };
  const jobs = new Map<string, Job>();
  const slots = new Slots(limits.running);

  /** A vendor error that echoes one of the connection's secrets loses it before anyone sees it. */
  const scrub = (connection: string, err: unknown) => (ctx.scrub ? ctx.scrub(connection, err) : err);

  async function run(
    req: ExportRequest,
    opts: { signal?: AbortSignal; onProgress?: (rows: number) => void } = {},
  ): Promise<ExportResult> {
    try {
      return await runNow(req, opts);
    } catch (err) {
      throw scrub(req.connection, err);
    }
  }

  async function runNow(
    req: ExportRequest,
    opts: { signal?: AbortSignal; onProgress?: (rows: number) => void },
  ): Promise<ExportResult> {
    await checkExportTarget(req.out);
    await ctx.known?.(req.connection);
    const schema = req.offline
      ? stores.get(req.connection).mirror.moduleState(req.module).schema
      : await ctx.describe(req.connection, req.module);
    if (!schema) throw serviceError('not_found', 'errors.service.notSynced', { module: req.module });
    const columns = chooseColumns(schema, req.columns);
    const filters = req.query.filters ?? [];
    const rows = req.offline
      ? mirrorSource(stores.get(req.connection), req.module, { filters, sort: req.query.sort })
      : liveSource(await ctx.connector(req.connection), req.module, { filters, sort: req.query.sort }, opts.signal);
    const finished = await noteRunningExport(ctx.dataDir, req.out);
    try {
      return await runExport({
        format: req.format,
        out: req.out,
        columns,
        fields: withId(schema.fields),
        bom: req.bom,
        sheetName: schema.label ?? req.module,
        rows,
        ...(req.privateFile ? { private: true } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      });
    } finally {
      await finished();
    }
  }

  /** Drops finished jobs read a while ago, or never read for long. */
  function prune(now = Date.now()): void {
    for (const [id, job] of jobs) {
      if (job.finishedAt === undefined) continue;
      const fetchedLongAgo = job.fetchedAt !== undefined && now - job.fetchedAt >= limits.keepFetchedMs;
      if (fetchedLongAgo || now - job.finishedAt >= limits.keepFinishedMs) jobs.delete(id);
    }
  }

  return {
    run,
    /**
     * The app's entry: the export waits for a free slot, then runs in a worker thread (job-thread.ts);
     * poll status(). Past the queue's bound a new one is refused.
     */
    start(req) {
      prune();
      const waitingOrRunning = [...jobs.values()].filter((j) => j.finishedAt === undefined).length;
      if (waitingOrRunning >= limits.running + limits.queued) {
        throw serviceError('rate_limited', 'errors.service.exportsBusy', { count: waitingOrRunning });
      }
      const jobId = randomUUID();
      const out = req.out ?? defaultOut(ctx.dataDir, req.module, req.format);
      const abort = new AbortController();
      const status: ExportStatus = { state: 'running', rows: 0, errors: 0, file: null, error: null };
      const request: ExportRequest = { ...req, out, ...(req.out === undefined ? { privateFile: true } : {}) };
      const done = (async () => {
        const release = await slots.take(abort.signal);
        try {
          if (req.out === undefined) await privateDir(dirname(out));
          else await checkExportTarget(out);
          await ctx.known?.(request.connection);
          const schema = request.offline
            ? stores.get(request.connection).mirror.moduleState(request.module).schema
            : await ctx.describe(request.connection, request.module);
          if (!schema) throw serviceError('not_found', 'errors.service.notSynced', { module: request.module });
          chooseColumns(schema, request.columns); // refuse unknown columns before starting a thread
          abort.signal.throwIfAborted();
          const connector = request.offline ? null : await ctx.connector(request.connection);
          const finished = await noteRunningExport(ctx.dataDir, out);
          try {
            const handle = runInWorker(
              { kind: 'export', dbFile: stores.get(request.connection).file, request, schema },
              connector,
              undefined,
              (msg) => {
                if (msg.type === 'export-progress') status.rows = msg.rows;
              },
              workerUrl,
            );
            if (abort.signal.aborted) handle.cancel();
            abort.signal.addEventListener('abort', () => handle.cancel());
            return (await handle.done) as ExportResult;
          } finally {
            await finished();
          }
        } finally {
          release();
        }
      })()
        .then((r) => Object.assign(status, { state: 'done', rows: r.rows, errors: r.errors, file: r.file }))
        .catch((err: unknown) =>
          Object.assign(
            status,
            abort.signal.aborted
              ? { state: 'cancelled' }
              : { state: 'failed', error: toErrorData(scrub(request.connection, err)) },
          ),
        )
        .finally(() => {
          job.finishedAt = Date.now();
        });
      const job: Job = { status, abort, done, connection: request.connection };
      jobs.set(jobId, job);
      return jobId;
    },
    status(jobId) {
      prune();
      const job = jobs.get(jobId);
      if (!job) throw serviceError('not_found', 'errors.service.noExportJob', { job: jobId });
      if (job.finishedAt !== undefined) job.fetchedAt ??= Date.now();
      const waiting = job.status.state === 'running' ? (ctx.rateWait?.(job.connection) ?? null) : null;
      return waiting ? { ...job.status, waiting } : { ...job.status };
    },
    cancel(jobId) {
      jobs.get(jobId)?.abort.abort();
    },
    async settled() {
      for (const j of jobs.values()) j.abort.abort();
      await Promise.all([...jobs.values()].map((j) => j.done));
    },
  };
}

/** A counting semaphore: at most `size` holders; waiters leave the line when their signal aborts. */
class Slots {
  private free: number;
  private readonly waiting: { grant: () => void; signal: AbortSignal }[] = [];

  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  take(signal: AbortSignal): Promise<() => void> {
    const release = () => {
      this.free++;
      this.next();
    };
    if (this.free > 0 && this.waiting.length === 0) {
      this.free--;
      return Promise.resolve(once(release));
    }
    return new Promise((resolve, reject) => {
      const entry = { grant: () => resolve(once(release)), signal };
      this.waiting.push(entry);
      signal.addEventListener(
        'abort',
        () => {
          const i = this.waiting.indexOf(entry);
          if (i < 0) return;
          this.waiting.splice(i, 1);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  private next(): void {
    while (this.free > 0 && this.waiting.length > 0) {
      const entry = this.waiting.shift();
      if (!entry || entry.signal.aborted) continue;
      this.free--;
      entry.grant();
    }
  }
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}

/**
 * The chosen columns, or every described field that listing fills (not `listed: false`) with `id` first
 * and the rest in the record view's order (identity fields first, shared/layout.ts); an unknown name is
 * refused.
 */
export function chooseColumns(schema: ModuleSchema, wanted: readonly string[]): string[] {
  const names = schema.fields.map((f) => f.name);
  if (wanted.length === 0) {
    const unlisted = new Set(schema.fields.filter((f) => f.listed === false).map((f) => f.name));
    return ['id', ...fieldOrder(schema).filter((n) => n !== 'id' && !unlisted.has(n))];
  }
  const unknown = wanted.filter((c) => c !== 'id' && !names.includes(c));
  if (unknown.length)
    throw serviceError('invalid_input', 'errors.service.unknownColumns', {
      module: schema.module,
      columns: unknown.join(', '),
    });
  return [...wanted];
}

export function withId(fields: readonly Field[]): Field[] {
  if (fields.some((f) => f.name === 'id')) return [...fields];
  return [idField(), ...fields];
}

/** A file in the app's own export folder (created 0700 by the job); the file itself will be 0600. */
function defaultOut(dataDir: string, module: string, format: string): string {
  const dir = join(dataDir, 'exports');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return join(dir, `${module.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}.${format}`);
}
