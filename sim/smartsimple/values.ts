import { parseOptions, type SsField } from './fields.ts';

/** Looks up the display text of a lookup field's stored id. */
export interface LookupNames {
  company(id: string): string | undefined;
  user(id: string): string | undefined;
}

const currencyFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/**
 * The display value of a stored value. Doc, "othersettings": getstorevalue 0 gives the display value,
 * 1 the stored value ("$25,000 vs 25000"); options are stored by value, shown by caption ("1=Yes;2=No").
 */
export function displayValue(field: SsField, stored: string, names: LookupNames): string {
  if (stored === '') return '';
  switch (field.type) {
    case 'Select One - Combo Box': {
      const o = parseOptions(field.options).find((x) => x.value === stored);
      return o ? o.label : stored;
    }
    case 'Select Many - Check Boxes': {
      const opts = parseOptions(field.options);
      return stored
        .split(';')
        .map((v) => opts.find((o) => o.value === v)?.label ?? v)
        .join(', ');
    }
    case 'Check Box':
      return stored === '1' ? 'Yes' : 'No';
    case 'Currency': {
      const n = Number(stored);
      return Number.isFinite(n) ? currencyFormat.format(n) : stored;
    }
    case 'Lookup - Company':
      return names.company(stored) ?? '';
    case 'Lookup - User':
      return names.user(stored) ?? '';
    default:
      return stored;
  }
}

const numericTypes = new Set(['Number', 'Currency']);

/**
 * Compares two stored values the way the instance's database does: numbers as numbers, dates as their
 * ISO text, text case-insensitively (a MySQL `_ci` collation). Empty sorts first.
 */
export function compareStored(field: SsField, a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return -1;
  if (b === '') return 1;
  if (numericTypes.has(field.type)) {
    const x = Number(a);
    const y = Number(b);
    if (Number.isFinite(x) && Number.isFinite(y)) return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `like` as SmartSimple runs it. docs/vendors.md (refused filters): `%` and `_` are
 * wildcards and there is no escape for them; everything else is literal.
 */
export function likeMatches(value: string, pattern: string): boolean {
  return likeRegExp(pattern).test(value);
}

const likeCache = new Map<string, RegExp>();

function likeRegExp(pattern: string): RegExp {
  const cached = likeCache.get(pattern);
  if (cached) return cached;
  let re = '';
  for (const ch of pattern) {
    if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const compiled = new RegExp(`^${re}$`, 'iu');
  if (likeCache.size > 500) likeCache.clear();
  likeCache.set(pattern, compiled);
  return compiled;
}

/** Checks a value given in an update against the field's type; returns a message when it is wrong. */
export function invalidValue(field: SsField, value: string): string | undefined {
  if (value === '') return field.mandatory ? 'is required' : undefined;
  if (field.maxlength !== undefined && value.length > field.maxlength) {
    return `is longer than ${field.maxlength} characters`;
  }
  switch (field.type) {
    case 'Number':
    case 'Currency':
      return /^-?\d+(\.\d+)?$/.test(value) ? undefined : 'must be a number';
    case 'Date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'must be a date in the format YYYY-MM-DD';
    case 'Date and Time':
      return /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/.test(value) ? undefined : 'must be YYYY-MM-DD HH:MM:SS';
    case 'Check Box':
      return value === '1' || value === '0' ? undefined : 'must be 1 or 0';
    case 'Select One - Combo Box':
      // Doc, "Using Update Functions": options are set by their stored value, not their caption.
      return parseOptions(field.options).some((o) => o.value === value)
        ? undefined
        : 'must be one of the stored option values';
    case 'Select Many - Check Boxes': {
      const allowed = parseOptions(field.options).map((o) => o.value);
      return value.split(';').every((v) => allowed.includes(v))
        ? undefined
        : 'must be stored option values separated by ;';
    }
    case 'Email':
      return /^[^@\s]+@[^@\s]+$/.test(value) ? undefined : 'must be an email address';
    default:
      return undefined;
  }
}
