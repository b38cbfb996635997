import { createWriteStream, type WriteStream } from 'node:fs';
import { EventEmitter, once } from 'node:events';
import type { Field, RecordValue } from '../../shared/fields.ts';
import { csvLine, csvText, xlsxNumFmt, xlsxValue } from './cells.ts';

export type ExportFormat = 'csv' | 'xlsx' | 'json' | 'ndjson';

/** A projected row: the chosen columns' values, in column order. */
export type Row = readonly (RecordValue | undefined)[];

/** Writes one file row by row; memory stays flat whatever the number of rows. */
export interface RowWriter {
  write(row: Row): Promise<void>;
  /** Completes the file (closing brackets, zip directory) and closes it. */
  finish(): Promise<void>;
  /** Closes the file without completing it (the caller deletes it). */
  abort(): Promise<void>;
}

export interface WriterOptions {
  columns: readonly string[];
  /** Described fields by name (types decide neutralisation and XLSX cell types). */
  fields: ReadonlyMap<string, Field>;
  /** CSV: start with a UTF-8 byte order mark so that Excel reads the file as UTF-8. */
  bom: boolean;
  sheetName: string;
}

/** The writers write temp files only, readable by this user alone (the pipeline renames them). */
export async function createRowWriter(format: ExportFormat, file: string, opts: WriterOptions): Promise<RowWriter> {
  switch (format) {
    case 'csv':
      return textWriter(file, {
        head: (opts.bom ? '\uFEFF' : '') + csvLine([...opts.columns]),
        row: (row) => csvLine(row.map((v, i) => csvText(v, opts.fields.get(opts.columns[i] ?? '')))),
        tail: '',
      });
    case 'json': {
      let first = true;
      return textWriter(file, {
        head: '[',
        row: (row) => {
          const text = `${first ? '\n' : ',\n'}${JSON.stringify(toObject(opts.columns, row))}`;
          first = false;
          return text;
        },
        tail: () => (first ? ']\n' : '\n]\n'),
      });
    }
    case 'ndjson':
      return textWriter(file, { head: '', row: (row) => `${JSON.stringify(toObject(opts.columns, row))}\n`, tail: '' });
    case 'xlsx':
      return xlsxWriter(file, opts);
  }
}

function toObject(columns: readonly string[], row: Row): Record<string, RecordValue> {
  const out: Record<string, RecordValue> = {};
  columns.forEach((c, i) => {
    out[c] = row[i] ?? null;
  });
  return out;
}

/** Text formats: chunks are gathered into ~64 KiB writes, and the stream's backpressure is respected. */
async function textWriter(
  file: string,
  parts: { head: string; row: (row: Row) => string; tail: string | (() => string) },
): Promise<RowWriter> {
  const stream = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  await once(stream, 'open');
  let buffer = parts.head;
  const flush = async () => {
    if (buffer === '') return;
    const chunk = buffer;
    buffer = '';
    if (!stream.write(chunk, 'utf8')) await drainOrError(stream);
  };
  return {
    async write(row) {
      buffer += parts.row(row);
      if (buffer.length >= 65_536) await flush();
    },
    async finish() {
      buffer += typeof parts.tail === 'function' ? parts.tail() : parts.tail;
      await flush();
      await closeStream(stream);
    },
    async abort() {
      buffer = '';
      await closeStream(stream).catch(() => undefined);
    },
  };
}

/** Waits for the stream to take more; `once` rejects if the stream fails meanwhile. */
async function drainOrError(stream: WriteStream): Promise<void> {
  await once(stream, 'drain');
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

/**
 * XLSX through exceljs's streaming WorkbookWriter: each row is committed (serialised into the zip
 * stream) as soon as it is added, so rows never pile up in memory.
 *
 * WorkbookWriter has no backpressure of its own: the sheet's buffer hands each 64 KiB of XML to the
 * zip's input stream without looking at the answer, and the zip deflates far slower than rows are
 * serialised. Waiting only for the file stream is not enough (the zip's pipe to the file keeps that one
 * near empty): the XML queued in the zip's input grew to hundreds of MB at 1,000,000 rows. So every
 * batch of rows also waits until the zip's input has drained.
 */
async function xlsxWriter(file: string, opts: WriterOptions): Promise<RowWriter> {
  // Loaded here, not at the top: exceljs and its dependencies are hundreds of modules that every start
  // of the app would otherwise read, for the one format that needs them.
  const { default: ExcelJS } = await import('exceljs');
  const stream = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  await once(stream, 'open');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetTitle(opts.sheetName));
  const fields = opts.columns.map((c) => opts.fields.get(c));
  const formats = fields.map(xlsxNumFmt);
  sheet.addRow([...opts.columns]).commit();
  let sinceYield = 0;
  return {
    async write(row) {
      const added = sheet.addRow(row.map((v, i) => xlsxValue(v, fields[i])));
      formats.forEach((fmt, i) => {
        if (fmt) added.getCell(i + 1).numFmt = fmt;
      });
      added.commit();
      if (++sinceYield >= XLSX_ROWS_PER_WAIT) {
        sinceYield = 0;
        await zipInputDrained(sheet);
        if (stream.writableNeedDrain) await drainOrError(stream);
        else await new Promise((r) => setImmediate(r));
      }
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
      if (!stream.closed) await once(stream, 'close');
    },
    async abort() {
      stream.destroy();
      if (!stream.closed) await once(stream, 'close').catch(() => undefined);
    },
  };
}

/** Rows serialised between two waits for the zip (about 200 KiB of sheet XML at 10 columns). */
const XLSX_ROWS_PER_WAIT = 500;

/**
 * The stream the sheet's XML goes to, read from exceljs's sheet buffer (its utils/stream-buf.js keeps
 * its destinations in `pipes`): the zip's input once the zip has started on the sheet (it writes the
 * small parts first), null before, or if exceljs's layout changes (the writer then only yields).
 */
function zipInputOf(sheet: object): EventEmitter | null {
  const buffer: unknown = Reflect.get(sheet, 'stream');
  if (typeof buffer !== 'object' || buffer === null) return null;
  const pipes: unknown = Reflect.get(buffer, 'pipes');
  const first: unknown = Array.isArray(pipes) ? pipes[0] : undefined;
  return first instanceof EventEmitter ? first : null;
}

/**
 * Whether a writable stream asked its writer to wait for 'drain'. The zip's input is a `readable-stream`
 * (v2) PassThrough, which predates `writableNeedDrain` and keeps the flag in its state.
 */
function needsDrain(sink: EventEmitter): boolean {
  const flag: unknown = Reflect.get(sink, 'writableNeedDrain');
  if (typeof flag === 'boolean') return flag;
  const state: unknown = Reflect.get(sink, '_writableState');
  return typeof state === 'object' && state !== null && Reflect.get(state, 'needDrain') === true;
}

async function zipInputDrained(sheet: object): Promise<void> {
  const input = zipInputOf(sheet);
  if (input && needsDrain(input)) await once(input, 'drain');
}

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetTitle(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31) || 'Sheet1';
}
