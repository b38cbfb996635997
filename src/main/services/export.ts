import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CrmError, toErrorData } from '../../shared/errors.ts';
import { idField, type Field, type ModuleSchema } from '../../shared/fields.ts';
import { fieldOrder } from '../../shared/layout.ts';
import { runExport, type ExportResult } from '../export/pipeline.ts';
import type { StoreRegistry } from '../store/index.ts';
import type { ExportRequest, ExportService, ExportStatus } from './api.ts';
import { liveSource, mirrorSource } from './export-sources.ts';
import type { ServiceContext } from './extensions.ts';
import { defaultWorkerUrl, runInWorker } from './sync-worker-client.ts';

export interface LocalExportService extends ExportService {
  /** Resolves when no export is running (used at shutdown). */
  settled(): Promise<void>;
}

/** Exports of a module from the mirror (`offline`) or live from the vendor, streamed to a file. */
export function createExportService(
  ctx: ServiceContext,
  stores: StoreRegistry,
  workerUrl: URL = defaultWorkerUrl,
): LocalExportService {
  const jobs = new Map<
    string,
    { status: ExportStatus; abort: AbortController; done: Promise<unknown>; connection: string }
  >();

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
    await ctx.known?.(req.connection);
    const schema = req.offline
      ? stores.get(req.connection).mirror.moduleState(req.module).schema
      : await ctx.describe(req.connection, req.module);
    if (!schema)
      throw new CrmError('not_found', `${req.module} has not been synced yet: run a sync while online first`);
    const columns = chooseColumns(schema, req.columns);
    const filters = req.query.filters ?? [];
    const rows = req.offline
      ? mirrorSource(stores.get(req.connection), req.module, { filters, sort: req.query.sort })
      : liveSource(await ctx.connector(req.connection), req.module, { filters, sort: req.query.sort }, opts.signal);
    return runExport({
      format: req.format,
      out: req.out,
      columns,
      fields: withId(schema.fields),
      bom: req.bom,
      sheetName: schema.label ?? req.module,
      rows,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
  }

  return {
    run,
    /** The app's entry: the export runs in a worker thread (sync-worker.ts); poll status(). */
    start(req) {
      const jobId = randomUUID();
      const out = req.out ?? defaultOut(ctx.dataDir, req.module, req.format);
      const abort = new AbortController();
      const status: ExportStatus = { state: 'running', rows: 0, errors: 0, file: null, error: null };
      const request: ExportRequest = { ...req, out };
      const done = (async () => {
        await ctx.known?.(request.connection);
        const schema = request.offline
          ? stores.get(request.connection).mirror.moduleState(request.module).schema
          : await ctx.describe(request.connection, request.module);
        if (!schema)
          throw new CrmError('not_found', `${request.module} has not been synced yet: run a sync while online first`);
        chooseColumns(schema, request.columns); // refuse unknown columns before starting a thread
        const connector = request.offline ? null : await ctx.connector(request.connection);
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
      })()
        .then((r) => Object.assign(status, { state: 'done', rows: r.rows, errors: r.errors, file: r.file }))
        .catch((err: unknown) =>
          Object.assign(
            status,
            abort.signal.aborted
              ? { state: 'cancelled' }
              : { state: 'failed', error: toErrorData(scrub(request.connection, err)) },
          ),
        );
      jobs.set(jobId, { status, abort, done, connection: request.connection });
      return jobId;
    },
    status(jobId) {
      const job = jobs.get(jobId);
      if (!job) throw new CrmError('not_found', `No export job ${jobId}`);
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
    throw new CrmError('invalid_input', `Unknown column(s) for ${schema.module}: ${unknown.join(', ')}`);
  return [...wanted];
}

export function withId(fields: readonly Field[]): Field[] {
  if (fields.some((f) => f.name === 'id')) return [...fields];
  return [idField(), ...fields];
}

function defaultOut(dataDir: string, module: string, format: string): string {
  const dir = join(dataDir, 'exports');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return join(dir, `${module.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}.${format}`);
}
