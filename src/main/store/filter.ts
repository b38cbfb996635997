import { numericTypes, type Field, type FieldType, type RecordValue } from '../../shared/fields.ts';
import type { Filter } from '../../shared/query.ts';
import { isEmptyValue } from '../../shared/values.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';

/**
 * Evaluates the contract's filters (docs/cli.md) against a mirrored record, so offline grids and exports select the same
 * rows the vendor would. Text compares case-insensitively (the vendors' SQL back ends use
 * case-insensitive collations); numbers compare as numbers; dates and times as their ISO text, which
 * orders chronologically; a multipicklist matches when any of its values does; an empty value
 * (null, '', []) matches only `isempty` and `!=`.
 */
export type RecordMatcher = (record: Record<string, RecordValue | undefined>) => boolean;

export function compileFilters(filters: readonly Filter[], fields: readonly Field[]): RecordMatcher {
  const tests = filters.map((f) => compileOne(f, fields.find((x) => x.name === f.field)?.type ?? 'string'));
  return (record) => tests.every((t) => t(record));
}

function compileOne(f: Filter, type: FieldType): RecordMatcher {
  if (f.op === 'isempty') return (r) => isEmptyValue(r[f.field]);
  const values = f.op === 'in' ? f.value : [f.value];
  const compare = comparatorFor(type, f);
  const wanted = values.map((v) => compare.parse(v));
  const one = (v: string | number | boolean): boolean => {
    switch (f.op) {
      case '=':
      case 'in':
        return wanted.some((w) => compare.cmp(v, w) === 0);
      case '!=':
        return compare.cmp(v, wanted[0] as string | number | boolean) !== 0;
      case '<':
        return compare.cmp(v, wanted[0] as string | number | boolean) < 0;
      case '<=':
        return compare.cmp(v, wanted[0] as string | number | boolean) <= 0;
      case '>':
        return compare.cmp(v, wanted[0] as string | number | boolean) > 0;
      case '>=':
        return compare.cmp(v, wanted[0] as string | number | boolean) >= 0;
      case 'contains':
        return lower(v).includes(lower(f.value));
      case 'startswith':
        return lower(v).startsWith(lower(f.value));
      case 'endswith':
        return lower(v).endsWith(lower(f.value));
    }
  };
  return (r) => {
    const v = r[f.field];
    if (isEmptyValue(v)) return f.op === '!=';
    if (Array.isArray(v)) return f.op === '!=' ? v.every(one) : v.some(one);
    return one(v as string | number | boolean);
  };
}

const lower = (v: string | number | boolean) => String(v).toLowerCase();

interface Comparator {
  parse(text: string): string | number | boolean;
  cmp(a: string | number | boolean, b: string | number | boolean): number;
}

function comparatorFor(type: FieldType, f: Filter): Comparator {
  if (numericTypes.has(type)) {
    return {
      parse(text) {
        const n = Number(text);
        if (text.trim() === '' || !Number.isFinite(n)) {
          throw serviceError('invalid_input', 'errors.service.valueNotNumber', { field: f.field, value: text });
        }
        return n;
      },
      cmp: (a, b) => Math.sign(Number(a) - Number(b)),
    };
  }
  if (type === 'boolean') {
    return {
      parse(text) {
        const t = text.trim().toLowerCase();
        if (['true', '1', 'yes'].includes(t)) return true;
        if (['false', '0', 'no'].includes(t)) return false;
        throw serviceError('invalid_input', 'errors.service.valueNotBoolean', { field: f.field, value: text });
      },
      cmp: (a, b) => (toBool(a) === toBool(b) ? 0 : toBool(a) ? 1 : -1),
    };
  }
  if (type === 'date' || type === 'datetime' || type === 'time') {
    return { parse: (t) => t, cmp: (a, b) => textCompare(String(a), String(b)) };
  }
  return { parse: (t) => t, cmp: (a, b) => textCompare(lower(a), lower(b)) };
}

function toBool(v: string | number | boolean): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return ['true', '1', 'yes'].includes(v.toLowerCase());
}

function textCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
