import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseString } from '@fast-csv/parse';
import { serviceError } from '../../../shared/i18n/error-text.ts';

/** A spreadsheet as text cells: the header row's names and the data rows. */
export interface Table {
  columns: string[];
  rows: string[][];
}

/** The largest file a bulk update reads (a spreadsheet of plain values; anything larger is a mistake). */
const MAX_ROWS = 100_000;

/** Reads CSV (comma or semicolon), TSV or XLSX by the file's extension. */
export async function readTableFile(path: string): Promise<Table> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return readXlsx(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'error';
    throw serviceError('invalid_input', 'errors.service.fileUnreadable', { file: path, reason });
  }
  return parseDelimited(text, ext === '.tsv' ? '\t' : undefined);
}

/** Text pasted from a spreadsheet (tab separated) or a CSV file's text. */
export async function parseDelimited(text: string, delimiter?: string): Promise<Table> {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const sep =
    delimiter ??
    (firstLine.includes('\t') ? '\t' : firstLine.split(';').length > firstLine.split(',').length ? ';' : ',');
  const rows = await new Promise<string[][]>((resolve, reject) => {
    const out: string[][] = [];
    parseString<string[], string[]>(clean, { delimiter: sep, ignoreEmpty: true })
      .on('data', (r: string[]) => out.push(r))
      .on('error', (e: Error) => reject(serviceError('invalid_input', 'errors.service.notCsv', { reason: e.message })))
      .on('end', () => resolve(out));
  });
  return toTable(rows);
}

async function readXlsx(path: string): Promise<Table> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw serviceError('invalid_input', 'errors.service.fileUnreadable', {
      file: path,
      reason: (err as NodeJS.ErrnoException).code ?? 'error',
    });
  }
  return readXlsxBytes(bytes, path);
}

/** The first worksheet of an XLSX file's bytes, every cell as the text a spreadsheet shows. */
export async function readXlsxBytes(bytes: Uint8Array, name = 'The file'): Promise<Table> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  try {
    // exceljs types its Buffer against an older @types/node; the bytes are a plain Node Buffer.
    await book.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof book.xlsx.load>[0]);
  } catch (err) {
    throw serviceError('invalid_input', 'errors.service.notXlsx', { file: name, reason: (err as Error).message });
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw serviceError('invalid_input', 'errors.service.noWorksheet', { file: name });
  if (sheet.actualRowCount > MAX_ROWS + 1)
    throw serviceError('invalid_input', 'errors.service.tooManyRows', { max: MAX_ROWS });
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(row.getCell(c).text ?? '');
    rows.push(cells);
  });
  return toTable(rows);
}

function toTable(rows: string[][]): Table {
  const [header, ...data] = rows;
  if (!header || header.every((h) => h.trim() === ''))
    throw serviceError('invalid_input', 'errors.service.noHeaderRow');
  if (data.length > MAX_ROWS) throw serviceError('invalid_input', 'errors.service.tooManyRows', { max: MAX_ROWS });
  const columns = header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const c of columns) {
    if (c !== '' && seen.has(c)) throw serviceError('invalid_input', 'errors.service.columnTwice', { column: c });
    seen.add(c);
  }
  return { columns, rows: data.map((r) => columns.map((_, i) => r[i] ?? '')) };
}
