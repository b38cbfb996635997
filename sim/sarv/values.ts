/**
 * How values are stored (MySQL column form) and how the API prints them. Stored: numbers for int,
 * currency and decimal, 0/1 for bool, `YYYY-MM-DD` dates, `YYYY-MM-DD HH:MM:SS` UTC datetimes (what a
 * WHERE clause compares against), multienum as SuiteCRM's `^a^,^b^`. Printed: every value a string (a PHP
 * backend over MySQL), datetimes in ISO 8601 with Tehran's offset as the doc's Data Types table shows
 * ("2018-04-22T14:40:00+03:30").
 */
export type DbValue = string | number | null;
export type DbRow = Record<string, DbValue>;

const TEHRAN_OFFSET_MS = 3.5 * 3600_000;

export function dbDatetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function apiDatetime(db: string): string {
  const ms = Date.parse(db.replace(' ', 'T') + 'Z');
  return new Date(ms + TEHRAN_OFFSET_MS).toISOString().slice(0, 19) + '+03:30';
}

export function encodeMulti(values: readonly string[]): string {
  return values.map((v) => `^${v}^`).join(',');
}

export function decodeMulti(s: string): string[] {
  if (s === '') return [];
  return s.split(',').map((p) => p.replace(/^\^|\^$/g, ''));
}

/** Derives the calculated phone columns from the primary number, as the server does on save. */
export function phoneColumns(primary: string | null): DbRow {
  if (primary === null || primary === '') {
    return { primary_number: null, primary_number_raw: null, primary_number_country_code: null };
  }
  const digits = primary.replace(/[^0-9+]/g, '');
  const cc = /^\+(\d{2})/.exec(digits)?.[1];
  return {
    primary_number: primary,
    primary_number_raw: digits.replace(/^\+/, ''),
    primary_number_country_code: cc ? `+${cc}` : '+98',
  };
}
