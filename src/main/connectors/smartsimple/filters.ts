import type { Field } from '../../../shared/fields.ts';
import { unsupportedFilter, type Filter, type Sort } from '../../../shared/query.ts';
import { VENDOR_LABEL } from './api.ts';
import { toVendor } from './values.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';

/** One node of the `criteria` parameter (doc, "Using List Functions"). */
export interface Criterion {
  andor: string;
  field: string;
  operator: string;
  value: string;
}

const symbolOps: Record<string, string> = { '=': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function fieldOf(fields: readonly Field[], name: string): Field {
  const f = fields.find((x) => x.name === name);
  if (!f) throw serviceError('invalid_input', 'errors.service.unknownField', { field: name });
  return f;
}

/** A filter value in the stored form the database compares (option values, 1/0, YYYY-MM-DD HH:MM:SS). */
function stored(field: Field, value: string): string {
  if (field.type === 'boolean') return value === 'true' || value === '1' ? '1' : '0';
  return toVendor(field, value);
}

/**
 * docs/vendors.md (refused filters): SmartSimple's `like` treats `%` and `_` as wildcards
 * and has no escape for them, so a contains/startswith/endswith on such a value is refused rather than
 * widened.
 */
function likePattern(f: Filter & { value: string }, before: string, after: string): string {
  if (/[%_]/.test(f.value)) {
    throw unsupportedFilter(f, 'errors.service.filterLikeWildcards', { vendor: VENDOR_LABEL });
  }
  return `${before}${f.value}${after}`;
}

/** The conditions of one filter; more than one (an `in`) means "any of them". */
function conditions(f: Filter, field: Field): { operator: string; value: string }[] {
  switch (f.op) {
    case 'isempty':
      // Doc, "Searching of Empty or Non-empty Values": operator isempty with value "true".
      return [{ operator: 'isempty', value: 'true' }];
    case 'in':
      return f.value.map((v) => ({ operator: '=', value: stored(field, v) }));
    case 'contains':
      return [{ operator: 'like', value: likePattern(f, '%', '%') }];
    case 'startswith':
      return [{ operator: 'like', value: likePattern(f, '', '%') }];
    case 'endswith':
      return [{ operator: 'like', value: likePattern(f, '%', '') }];
    default:
      return [{ operator: symbolOps[f.op] ?? '=', value: stored(field, f.value) }];
  }
}

/**
 * Filters ANDed together, as criteria nodes. Values travel inside a JSON string, so they need no quoting.
 * An `in` becomes an OR group; groups use the doc's bracket form (`"andor":"("`, `") and ("`), which,
 * like the doc's own example, leaves the last bracket for the server to close.
 */
export function buildCriteria(filters: readonly Filter[], fields: readonly Field[]): Criterion[] {
  const groups = filters.map((f) => {
    const field = fieldOf(fields, f.field);
    if (field.filterable === false)
      throw unsupportedFilter(f, 'errors.service.filterNotFilterable', { field: f.field, vendor: VENDOR_LABEL });
    return { field: field.name, conds: conditions(f, field) };
  });
  const bracketed = groups.some((g) => g.conds.length > 1);
  const out: Criterion[] = [];
  groups.forEach((g, gi) => {
    g.conds.forEach((c, ci) => {
      let andor: string;
      if (ci > 0) andor = 'or';
      else if (!bracketed) andor = 'and';
      else andor = gi === 0 ? '(' : ') and (';
      out.push({ andor, field: g.field, operator: c.operator, value: c.value });
    });
  });
  return out;
}

export function buildSortBy(sort: Sort | undefined, fields: readonly Field[]): { field: string; direction: string }[] {
  if (!sort) return [];
  const field = fieldOf(fields, sort.field);
  if (field.sortable === false)
    throw serviceError('unsupported', 'errors.service.sortNotSortable', { vendor: VENDOR_LABEL, field: sort.field });
  return [{ field: field.name, direction: sort.desc ? 'desc' : 'asc' }];
}
