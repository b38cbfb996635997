import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { toErrorData, type CrmErrorData } from '../../../shared/errors.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';
import { privateDir } from '../private-files.ts';
import { effectiveMapping, runBulk, type BulkDeps, type BulkRequest, type BulkResult } from './job.ts';
import type { Mapping } from './plan.ts';
import { parseDelimited, readTableFile, readXlsxBytes, type Table } from './table.ts';

export interface BulkSource {
  /** A CSV, TSV or XLSX file. */
  file?: string;
  /** Pasted cells (tab separated, as spreadsheets copy them) or CSV text. */
  text?: string;
  /** An XLSX file's bytes (the app's dialog sends the picked file). */
  xlsx?: Uint8Array;
}

export interface BulkInput {
  connection: string;
  module: string;
  source: BulkSource;
  map?: Mapping;
  /** A saved view whose bulk mapping is the base (`map` overrides it column by column). */
  view?: string;
  match?: string;
  createMissing?: boolean;
  dryRun: boolean;
  /** Default: a new file in the app's exports folder. */
  report?: string;
}

export interface BulkJobStatus {
  state: 'running' | 'paused' | 'done' | 'failed' | 'cancelled';
  phase: 'plan' | 'apply';
  done: number;
  total: number;
  result: BulkResult | null;
  error: CrmErrorData | null;
}

export interface BulkService {
  /** Runs a bulk update (or its dry run) to the end: the CLI, and the app's dry run. */
  run(
    input: BulkInput,
    opts?: { signal?: AbortSignal; gate?: () => Promise<void>; onProgress?: (done: number, total: number) => void },
  ): Promise<BulkResult>;
  /** The file's columns and the mapping found for them (by name, then by label). */
  columns(
    input: Pick<BulkInput, 'connection' | 'module' | 'source' | 'map' | 'view'>,
  ): Promise<{ columns: string[]; mapping: Mapping }>;
  start(input: BulkInput): string;
  status(jobId: string): BulkJobStatus;
  pause(jobId: string, paused: boolean): void;
  cancel(jobId: string): void;
}

interface Running {
  status: BulkJobStatus;
  abort: AbortController;
  resume: (() => void) | null;
  paused: boolean;
}

export interface BulkServiceDeps extends BulkDeps {
  dataDir: string;
  /** The bulk mapping a saved view holds (throws when the view or its mapping is missing). */
  viewMapping: (connection: string, module: string, view: string) => Promise<Mapping>;
}

export function createBulkService(deps: BulkServiceDeps): BulkService {
  const jobs = new Map<string, Running>();

  const saved = async (input: Pick<BulkInput, 'connection' | 'module' | 'view'>) =>
    input.view === undefined
      ? {}
      : { saved: { view: input.view, map: await deps.viewMapping(input.connection, input.module, input.view) } };

  async function request(input: BulkInput): Promise<BulkRequest> {
    const table = await readSource(input.source);
    let report = input.report;
    if (!report) {
      const dir = join(deps.dataDir, 'exports');
      await privateDir(dir);
      report = join(dir, `bulk-${input.module.replace(/[^A-Za-z0-9_-]/g, '_')}-${Date.now()}.csv`);
    }
    return {
      connection: input.connection,
      module: input.module,
      table,
      map: input.map ?? {},
      ...(await saved(input)),
      match: input.match ?? 'id',
      createMissing: input.createMissing ?? false,
      dryRun: input.dryRun,
      report,
    };
  }

  const service: BulkService = {
    async run(input, opts = {}) {
      return runBulk(deps, await request(input), {
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.gate ? { gate: opts.gate } : {}),
        onProgress: (p) => opts.onProgress?.(p.done, p.total),
      });
    },
    async columns(input) {
      const table = await readSource(input.source);
      const schema = await deps.describe(input.connection, input.module);
      const mapping = effectiveMapping({ table, map: input.map ?? {}, ...(await saved(input)) }, schema);
      return { columns: table.columns, mapping };
    },
    start(input) {
      const id = randomUUID();
      const job: Running = {
        status: { state: 'running', phase: 'plan', done: 0, total: 0, result: null, error: null },
        abort: new AbortController(),
        resume: null,
        paused: false,
      };
      jobs.set(id, job);
      void (async () => {
        try {
          const result = await runBulk(deps, await request(input), {
            signal: job.abort.signal,
            gate: () =>
              job.paused && !job.abort.signal.aborted ? new Promise<void>((r) => (job.resume = r)) : Promise.resolve(),
            onProgress: (p) => Object.assign(job.status, p),
          });
          job.status = { ...job.status, state: job.abort.signal.aborted ? 'cancelled' : 'done', result };
        } catch (err) {
          job.status = { ...job.status, state: 'failed', error: toErrorData(deps.scrub(input.connection, err)) };
        }
      })();
      return id;
    },
    status(jobId) {
      const job = jobs.get(jobId);
      if (!job) throw serviceError('not_found', 'errors.service.noBulkJob');
      return { ...job.status, state: job.paused && job.status.state === 'running' ? 'paused' : job.status.state };
    },
    pause(jobId, paused) {
      const job = jobs.get(jobId);
      if (!job) throw serviceError('not_found', 'errors.service.noBulkJob');
      job.paused = paused;
      if (!paused) {
        job.resume?.();
        job.resume = null;
      }
    },
    cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job) throw serviceError('not_found', 'errors.service.noBulkJob');
      job.abort.abort();
      job.resume?.();
      job.resume = null;
    },
  };
  return service;
}

async function readSource(source: BulkSource): Promise<Table> {
  if (source.file !== undefined) return readTableFile(source.file);
  if (source.xlsx !== undefined) return readXlsxBytes(source.xlsx);
  if (source.text !== undefined) return parseDelimited(source.text);
  throw serviceError('invalid_input', 'errors.service.bulkNeedsSource');
}
