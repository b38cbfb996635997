import { numericTypes, type Field, type FieldType, type RecordValue } from '../../shared/fields.ts';

/** How a multipicklist's values are joined in a single CSV or XLSX cell. */
export const LIST_SEPARATOR = '; ';

/**
 * Leading characters that make a spreadsheet treat a text cell as a formula: = + - @ tab and carriage
 * return (docs/exports.md). A value that already starts with apostrophes before such a character gets one
 * more, so that "remove one leading apostrophe" reads every value back exactly.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The only types whose cells are not text: their values are never touched ("-5" stays a number). */
const notText: ReadonlySet<FieldType> = new Set([...numericTypes, 'boolean', 'date', 'datetime', 'time']);

/**
 * One CSV cell's text. A text-bearing cell (any type but numbers, booleans, dates and times, whatever
 * else the field is: picklist, multi-select, reference, owner, auto-number, file, or no described field)
 * that starts like a formula gets ONE leading apostrophe, which spreadsheets show as a text marker.
 */
export function csvText(value: RecordValue | undefined, field: Field | undefined): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join(LIST_SEPARATOR) : String(value);
  if (typeof value === 'number' || typeof value === 'boolean') return text;
  if (field && notText.has(field.type)) return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Whether CSV neutralises cells of this field type (every type but numbers, booleans, dates and times). */
export function csvTextBearing(type: FieldType | undefined): boolean {
  return type === undefined || !notText.has(type);
}

/** RFC 4180: a field holding a comma, quote, CR or LF is quoted, with quotes doubled. */
export function csvQuote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvQuote).join(',')}\r\n`;
}

/** XML 1.0 (inside XLSX) cannot carry most C0 control characters: they are dropped from text cells. */
const XML_ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

export type XlsxValue = string | number | boolean | Date | null;

/** A typed XLSX cell value: numbers as numbers, dates and date-times as dates, the rest as text. */
export function xlsxValue(value: RecordValue | undefined, field: Field | undefined): XlsxValue {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.join(LIST_SEPARATOR).replace(XML_ILLEGAL, '');
  const type = field?.type;
  if (type && numericTypes.has(type)) {
    const n = typeof value === 'number' ? value : Number(value);
    if (Number.isFinite(n)) return n;
  }
  if (type === 'date' && typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  }
  if (type === 'datetime' && typeof value === 'string') {
    const t = Date.parse(value);
    if (!Number.isNaN(t)) return new Date(t);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return value.replace(XML_ILLEGAL, '');
}

/** The number format an XLSX column of this type shows its typed values with. */
export function xlsxNumFmt(field: Field | undefined): string | undefined {
  switch (field?.type) {
    case 'date':
      return 'yyyy-mm-dd';
    case 'datetime':
      return 'yyyy-mm-dd hh:mm:ss';
    default:
      return undefined;
  }
}
