import { textualTypes, type Field } from '../../../shared/fields.ts';
import { unsupportedFilter, type Filter, type Sort } from '../../../shared/query.ts';
import { VENDOR_LABEL } from './api.ts';
import { filterValue } from './values.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';

/**
 * Filters to the `q` parameter and a sort to `order` (doc "Filtering results", "Ordering").
 *   =  -> {"f": v}            != -> {"f": {"$not": v}}     in -> {"f": {"$in": [..]}}
 *   <  <= > >= -> $lt $lte $gt $gte                       a >= and <= pair -> {"f": {"$bt": [lo, hi]}}
 *   contains / startswith / endswith -> $con / $sw / $ew
 * Values are always JSON values (never text pasted into the query), so an operator cannot be injected.
 * Refused as unsupported, never widened:
 * - isempty: the doc has no operator for "no value".
 * - $con/$sw/$ew with % _ or \ in the value: the doc does not say whether those are SQL LIKE wildcards
 *   on the server, so such a value might match more than it says.
 * - two conditions on one field other than a >=/<= pair: q is a JSON object, so a field appears once.
 * - filters on multi-select fields, and ordering comparisons on true/false fields.
 */

type Condition = string | number | boolean | Record<string, unknown>;

const likeWildcards = /[%_\\]/;
const patternOps: Record<string, string> = { contains: '$con', startswith: '$sw', endswith: '$ew' };
const rangeOps: Record<string, string> = { '<': '$lt', '<=': '$lte', '>': '$gt', '>=': '$gte' };

function fieldFor(fields: ReadonlyMap<string, Field>, name: string): Field {
  const field = fields.get(name);
  if (!field) throw serviceError('invalid_input', 'errors.service.unknownField', { field: name });
  return field;
}

function condition(f: Filter, field: Field): Condition {
  if (field.type === 'multipicklist')
    throw unsupportedFilter(f, 'errors.service.filterMultiSelect', { vendor: VENDOR_LABEL });
  if (f.op === 'isempty') throw unsupportedFilter(f, 'errors.service.filterNoEmptyTest', { vendor: VENDOR_LABEL });
  if (f.op === 'in') return { $in: f.value.map((v) => filterValue(field, v)) };
  if (f.op === '=') return filterValue(field, f.value);
  if (f.op === '!=') return { $not: filterValue(field, f.value) };
  const pattern = patternOps[f.op];
  if (pattern) {
    if (!textualTypes.has(field.type)) throw unsupportedFilter(f, 'errors.service.filterTextOnly', { op: f.op });
    if (likeWildcards.test(f.value)) {
      throw unsupportedFilter(f, 'errors.service.filterWideningWildcards', { operator: pattern });
    }
    return { [pattern]: f.value };
  }
  const range = rangeOps[f.op];
  if (range) {
    if (field.type === 'boolean') throw unsupportedFilter(f, 'errors.service.filterBooleanOps');
    return { [range]: filterValue(field, f.value) };
  }
  throw unsupportedFilter(f, 'errors.service.filterUnknownOperator');
}

/** The `q` object for the filters (ANDed), or undefined when there are none. */
export function buildQuery(
  filters: readonly Filter[],
  fields: ReadonlyMap<string, Field>,
): Record<string, Condition> | undefined {
  if (filters.length === 0) return undefined;
  const byField = new Map<string, Filter[]>();
  for (const f of filters) {
    fieldFor(fields, f.field);
    byField.set(f.field, [...(byField.get(f.field) ?? []), f]);
  }
  const q: Record<string, Condition> = {};
  for (const [name, group] of byField) {
    const field = fieldFor(fields, name);
    const conditions = group.map((f) => condition(f, field));
    if (group.length === 1) {
      q[name] = conditions[0] as Condition;
      continue;
    }
    const lo = group.find((f) => f.op === '>=');
    const hi = group.find((f) => f.op === '<=');
    if (group.length === 2 && lo && hi && lo.op === '>=' && hi.op === '<=') {
      q[name] = { $bt: [filterValue(field, lo.value), filterValue(field, hi.value)] };
      continue;
    }
    throw unsupportedFilter(group[1] as Filter, 'errors.service.filterFieldOnce', {
      vendor: VENDOR_LABEL,
      field: name,
    });
  }
  return q;
}

/** The `order` object: the sort field, then id so that pages never overlap. */
export function buildOrder(sort: Sort | undefined, fields: ReadonlyMap<string, Field>): Record<string, 'asc' | 'desc'> {
  if (!sort) return { id: 'asc' };
  const field = fieldFor(fields, sort.field);
  if (field.sortable === false)
    throw serviceError('unsupported', 'errors.service.sortNotSortable', { vendor: VENDOR_LABEL, field: sort.field });
  const dir = sort.desc ? 'desc' : 'asc';
  return sort.field === 'id' ? { id: dir } : { [sort.field]: dir, id: 'asc' };
}
