import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { CrmRecord, Field, RecordValue } from '../../shared/fields.ts';
import { exportTempFiles } from './temp-names.ts';
import { createRowWriter, type ExportFormat, type Row } from './writers.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';

/** A row from a source: a record, or why it could not be read. */
export type SourceRow = { ok: true; record: CrmRecord } | { ok: false; id: string; error: string };

export interface ExportJob {
  format: ExportFormat;
  /** The final file; written as a temp file beside it and renamed when complete. */
  out: string;
  columns: readonly string[];
  fields: readonly Field[];
  bom: boolean;
  sheetName: string;
  rows: AsyncIterable<SourceRow> | Iterable<SourceRow>;
  signal?: AbortSignal;
  onProgress?: (rows: number) => void;
  /**
   * The app's own export folder: the finished file stays readable by this user only (0600). Otherwise
   * (an explicit `--out`) it gets the usual mode the umask gives. Temp files are 0600 either way.
   */
  private?: boolean;
}

export interface ExportResult {
  file: string;
  rows: number;
  errors: number;
}

/** The per-row error report beside an export (docs/cli.md: only when there are errors). */
export const errorReportFile = (out: string) => `${out}.errors.ndjson`;

/**
 * Streams rows from a source into a file: nothing holds more than one row (plus the writers' small
 * buffers). Rows that cannot be read go to `<out>.errors.ndjson`. On failure or cancel the temp files
 * are removed and any earlier file at `out` stays as it was.
 */
export async function runExport(job: ExportJob): Promise<ExportResult> {
  const { data: tmp, errors: errTmp } = exportTempFiles(job.out, process.pid, randomUUID().slice(0, 8));
  const byName = new Map(job.fields.map((f) => [f.name, f]));
  const writer = await createRowWriter(job.format, tmp, {
    columns: job.columns,
    fields: byName,
    bom: job.bom,
    sheetName: job.sheetName,
  });
  let errStream: ReturnType<typeof createWriteStream> | null = null;
  let rows = 0;
  let errors = 0;
  const reportError = async (entry: { id: string; error: string }) => {
    errors++;
    errStream ??= createWriteStream(errTmp, { flags: 'wx', mode: PRIVATE_FILE });
    if (!errStream.write(`${JSON.stringify(entry)}\n`)) await once(errStream, 'drain');
  };
  try {
    for await (const item of job.rows) {
      job.signal?.throwIfAborted();
      if (!item.ok) {
        await reportError({ id: item.id, error: item.error });
        continue;
      }
      const projected = project(item.record, job.columns);
      if (typeof projected === 'string') {
        await reportError({ id: String(item.record.id), error: projected });
        continue;
      }
      await writer.write(projected);
      rows++;
      if (rows % 500 === 0) job.onProgress?.(rows);
    }
    job.signal?.throwIfAborted();
    await writer.finish();
    if (errStream) await endStream(errStream);
    if (!job.private) {
      await chmod(tmp, userFileMode());
      if (errStream) await chmod(errTmp, userFileMode());
    }
    await rename(tmp, job.out);
    if (errStream) await rename(errTmp, errorReportFile(job.out));
    else await rm(errorReportFile(job.out), { force: true }); // a stale report of an earlier run
    job.onProgress?.(rows);
    return { file: job.out, rows, errors };
  } catch (err) {
    await writer.abort();
    if (errStream) await endStream(errStream).catch(() => undefined);
    await rm(tmp, { force: true });
    await rm(errTmp, { force: true });
    if (job.signal?.aborted) throw serviceError('invalid_input', 'errors.service.exportCancelled', {}, { cause: err });
    throw err;
  }
}

/** Temp files (and the app's own exports) are readable by this user only. */
export const PRIVATE_FILE = 0o600;

/** The mode a file the user names gets: what the umask leaves of rw-rw-rw-. */
function userFileMode(): number {
  return 0o666 & ~process.umask();
}

/** The chosen columns' values, or why the record cannot be written (a value of no record type). */
function project(record: CrmRecord, columns: readonly string[]): Row | string {
  const out: (RecordValue | undefined)[] = [];
  for (const c of columns) {
    const v: unknown = record[c];
    if (!isRecordValue(v)) return `field "${c}" holds a value that is not text, a number, a boolean or a list`;
    out.push(v);
  }
  return out;
}

function isRecordValue(v: unknown): v is RecordValue | undefined {
  if (v === null || v === undefined) return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v === 'string' || typeof v === 'boolean') return true;
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function endStream(s: ReturnType<typeof createWriteStream>): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.end(() => resolve());
  });
}
