import { CrmError } from '../../../shared/errors.ts';
import { idField, type Field } from '../../../shared/fields.ts';
import { unsupportedFilter, type Filter, type Sort } from '../../../shared/query.ts';
import { toVtValue, type Described } from './fields.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';

/**
 * Builds vtiger query-language text from the normalized filters and sort. The rules are the real
 * server's (docs/vendors.md, "Query strings"): single-quoted strings with '' for a quote inside; no empty
 * literal '' (the server fails); backslashes are not escapes (QUERY_SYNTAX_ERROR); `like` has no escape
 * for % and _; `order by` takes ONE column; the final `;` is required.
 */

/** A quoted literal, or a refusal when the server cannot take the value as a literal. */
function literal(f: Filter, value: string): string {
  // docs/vendors.md: the empty literal '' gives INTERNAL_SERVER_ERROR.
  if (value === '') throw unsupportedFilter(f, 'errors.service.filterEmptyValue', { vendor: 'Simply CRM' });
  // docs/vendors.md: a backslash escape is a QUERY_SYNTAX_ERROR, so a backslash cannot be sent inside a literal.
  if (value.includes('\\')) throw unsupportedFilter(f, 'errors.service.filterBackslash', { vendor: 'Simply CRM' });
  return `'${value.replace(/'/g, "''")}'`;
}

/** The filter value in vtiger's stored form (booleans "1"/"0", date-times in database format). */
function storedForm(f: Filter, field: Field, value: string): string {
  if (
    field.type === 'boolean' ||
    field.type === 'datetime' ||
    field.type === 'integer' ||
    field.type === 'decimal' ||
    field.type === 'currency'
  ) {
    try {
      return toVtValue(field, field.type === 'boolean' ? value.toLowerCase() : value);
    } catch (err) {
      throw serviceError('invalid_input', 'errors.service.filterOnDetail', {
        field: f.field,
        detail: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return value;
}

function column(d: Described, name: string): Field {
  const field = d.byName.get(name);
  if (!field && name !== 'id') throw serviceError('invalid_input', 'errors.service.unknownField', { field: name });
  // Names come from describe; still, only identifiers ever reach the query text.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new CrmError('invalid_input', `Field "${name}" cannot be queried`);
  return field ?? { ...idField('id'), type: 'string' };
}

export function condition(f: Filter, d: Described): string {
  const field = column(d, f.field);
  switch (f.op) {
    case 'isempty':
      // The query language has no `is null`, and '' is refused by the server, so "is empty" cannot be
      // said exactly (docs/vendors.md; vtiger's lexer knows no NULL keyword).
      throw unsupportedFilter(f, 'errors.service.filterNoEmptyTest', { vendor: 'Simply CRM' });
    case 'in':
      return `${f.field} in (${f.value.map((v) => literal(f, storedForm(f, field, v))).join(',')})`;
    case 'contains':
    case 'startswith':
    case 'endswith': {
      // docs/vendors.md: vtiger's like has no escape for % and _, so such a value would be widened.
      if (/[%_]/.test(f.value))
        throw unsupportedFilter(f, 'errors.service.filterLikeWildcards', { vendor: 'Simply CRM' });
      const pattern = f.op === 'contains' ? `%${f.value}%` : f.op === 'startswith' ? `${f.value}%` : `%${f.value}`;
      return `${f.field} like ${literal(f, pattern)}`;
    }
    default:
      return `${f.field} ${f.op} ${literal(f, storedForm(f, field, f.value))}`;
  }
}

export function whereClause(filters: readonly Filter[], d: Described): string {
  return filters.length ? ` where ${filters.map((f) => condition(f, d)).join(' and ')}` : '';
}

export function orderClause(sort: Sort | undefined, d: Described): string {
  if (!sort) return '';
  const field = column(d, sort.field);
  // A multi-select is stored as one joined string: its order means nothing to a reader.
  if (field.sortable === false)
    throw serviceError('unsupported', 'errors.service.sortNotSortable', { vendor: 'Simply CRM', field: sort.field });
  return ` order by ${sort.field} ${sort.desc ? 'desc' : 'asc'}`;
}
