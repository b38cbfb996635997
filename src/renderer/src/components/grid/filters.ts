import type { Field, FieldType } from '../../../../shared/fields.ts';
import type { Filter } from '../../../../shared/query.ts';

/** What one column's filter cell holds; turned into the contract's Filter objects by `toFilters`. */
export type ColumnFilterValue =
  | { kind: 'text'; op: 'contains' | 'startswith' | '='; text: string }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'values'; values: string[] }
  | { kind: 'bool'; value: 'true' | 'false' };

export type FilterKind = ColumnFilterValue['kind'];

const rangeTypes = new Set<FieldType>(['integer', 'decimal', 'currency', 'percent', 'date', 'datetime', 'time']);

/** The filter a column offers follows its field type; null when it cannot be filtered. */
export function filterKindFor(field: Field): FilterKind | null {
  if (field.filterable === false) return null;
  if (field.type === 'boolean') return 'bool';
  if (rangeTypes.has(field.type)) return 'range';
  if ((field.type === 'picklist' || field.type === 'multipicklist') && field.options && field.options.length > 0) {
    return 'values';
  }
  if (field.type === 'file' || field.type === 'password') return null;
  return 'text';
}

export function isActive(v: ColumnFilterValue | undefined): boolean {
  if (!v) return false;
  switch (v.kind) {
    case 'text':
      return v.text !== '';
    case 'range':
      return v.from !== '' || v.to !== '';
    case 'values':
      return v.values.length > 0;
    case 'bool':
      return true;
  }
}

/** Filters for the contract: ranges become `>=` and `<=`, picklists `in`, all ANDed by the service. */
export function toFilters(state: Record<string, ColumnFilterValue>): Filter[] {
  const out: Filter[] = [];
  for (const [field, v] of Object.entries(state)) {
    if (!isActive(v)) continue;
    switch (v.kind) {
      case 'text':
        out.push({ field, op: v.op, value: v.text });
        break;
      case 'range':
        if (v.from !== '') out.push({ field, op: '>=', value: v.from });
        if (v.to !== '') out.push({ field, op: '<=', value: v.to });
        break;
      case 'values':
        out.push({ field, op: 'in', value: v.values });
        break;
      case 'bool':
        out.push({ field, op: '=', value: v.value });
        break;
    }
  }
  return out;
}

/** Quick search looks in the module's naming field (its label field, else the first text field). */
export function quickSearchField(fields: readonly Field[], labelFields: readonly string[] | undefined): Field | null {
  const byLabel = labelFields
    ?.map((n) => fields.find((f) => f.name === n))
    .find((f) => f && filterKindFor(f) === 'text');
  return byLabel ?? fields.find((f) => f.type === 'string' && f.filterable !== false) ?? null;
}

/**
 * The reverse of `toFilters`, for a saved view: each filter a column filter can hold goes into that
 * column's cell; the others stay as they are (`rest`) and still apply.
 */
export function fromFilters(
  filters: readonly Filter[],
  fields: readonly Field[],
): { columns: Record<string, ColumnFilterValue>; rest: Filter[] } {
  const columns: Record<string, ColumnFilterValue> = {};
  const rest: Filter[] = [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const f of filters) {
    const field = byName.get(f.field);
    const kind = field ? filterKindFor(field) : null;
    const taken = columns[f.field];
    if (kind === 'text' && !taken && (f.op === 'contains' || f.op === 'startswith' || f.op === '=')) {
      columns[f.field] = { kind: 'text', op: f.op, text: f.value };
    } else if (kind === 'range' && (f.op === '>=' || f.op === '<=') && (!taken || taken.kind === 'range')) {
      const prev = taken?.kind === 'range' ? taken : { kind: 'range' as const, from: '', to: '' };
      const slot = f.op === '>=' ? 'from' : 'to';
      if (prev[slot] !== '') rest.push(f);
      else columns[f.field] = { ...prev, [slot]: f.value };
    } else if (kind === 'values' && !taken && f.op === 'in') {
      columns[f.field] = { kind: 'values', values: f.value };
    } else if (kind === 'bool' && !taken && f.op === '=' && (f.value === 'true' || f.value === 'false')) {
      columns[f.field] = { kind: 'bool', value: f.value };
    } else {
      rest.push(f);
    }
  }
  return { columns, rest };
}
