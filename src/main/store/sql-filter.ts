import type { Filter } from '../../shared/query.ts';
import { lowerText, type ColumnKind, type ColumnSpec } from './module-layout.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';

/** A piece of SQL and the values bound to its `?`s, in order. */
export interface SqlPart {
  sql: string;
  params: (string | number)[];
}

/** Registered on every connection (database.ts): JavaScript's lower-casing of a stored value. */
export const LOWER_FN = 'crm_lower';

/**
 * Compiles filters to a WHERE clause over a module's table with the semantics of the in-JavaScript
 * filter (filter.ts, kept as the reference): text compares lower-cased, numbers as numbers, dates as
 * their text, a multi-select matches when any value does, and an empty value matches only `isempty`
 * and `!=`. Values are always bound, never spliced into the SQL.
 */
export function compileSqlFilters(
  filters: readonly Filter[],
  columns: readonly ColumnSpec[],
  /** The substring index (an FTS5 trigram table) and its query to narrow a `contains` with, when it should. */
  substringIndex: (f: Filter) => { index: string; query: string } | undefined = () => undefined,
): SqlPart {
  const parts = filters.map((f) => {
    const part = compileOne(f, columns);
    const narrow = f.op === 'contains' ? substringIndex(f) : undefined;
    if (!narrow) return part;
    // The index finds the candidates; the exact predicate decides.
    const { index, query } = narrow;
    return {
      sql: `rid IN (SELECT rowid FROM ${index} WHERE ${index} MATCH ?) AND (${part.sql})`,
      params: [query, ...part.params],
    };
  });
  if (parts.length === 0) return { sql: '1', params: [] };
  return { sql: parts.map((p) => `(${p.sql})`).join(' AND '), params: parts.flatMap((p) => p.params) };
}

/** The shortest text a trigram index can look up: shorter ones are found by reading the column. */
export const TRIGRAM_MIN = 3;

/** Whether a `contains` value can be looked up in a trigram index (it has at least three code points). */
export const trigramSearchable = (value: string): boolean => [...lowerText(value)].length >= TRIGRAM_MIN;

/** A `contains` value as one FTS5 phrase: its trigrams, in order, side by side (quotes doubled). */
export function trigramPhrase(value: string): string {
  return `"${lowerText(value).replaceAll('"', '""')}"`;
}

function compileOne(f: Filter, columns: readonly ColumnSpec[]): SqlPart {
  if (f.field === 'id') return compileOn(f, `${LOWER_FN}(id)`, 'text');
  const spec = columns.find((c) => c.field === f.field);
  // A field the schema does not describe is empty in every record.
  if (!spec) return { sql: f.op === 'isempty' || f.op === '!=' ? '1' : '0', params: [] };
  return compileOn(f, spec.col, spec.kind);
}

function compileOn(f: Filter, col: string, kind: ColumnKind): SqlPart {
  if (f.op === 'isempty') return { sql: `${col} IS NULL`, params: [] };
  if (kind === 'multi') return compileMulti(f, col);
  const values = (f.op === 'in' ? f.value : [f.value]).map((v) => parseValue(kind, f, v));
  const one = values[0] as string | number;
  // A number field's value that is no number is kept as text: it equals nothing and orders nowhere,
  // as NaN did in the JavaScript comparison.
  const isNum = kind === 'number' ? ` AND typeof(${col}) <> 'text'` : '';
  switch (f.op) {
    case '=':
      return { sql: `${col} = ?`, params: [one] };
    case 'in':
      return { sql: `${col} IN (${values.map(() => '?').join(', ')})`, params: values };
    case '!=':
      return { sql: `${col} IS NULL OR ${col} <> ?${isNum ? ` OR typeof(${col}) = 'text'` : ''}`, params: [one] };
    case '<':
    case '<=':
    case '>':
    case '>=':
      return { sql: `${col} ${f.op} ?${isNum}`, params: [one] };
    case 'contains':
    case 'startswith':
    case 'endswith':
      return textMatch(f.op, textOf(col, kind), lowerText(f.value));
  }
}

/** The lower-cased text of a key column, as the JavaScript filter writes the value with String(). */
function textOf(col: string, kind: ColumnKind): string {
  if (kind === 'text') return col;
  if (kind === 'bool') return `CASE ${col} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END`;
  return `${LOWER_FN}(${col})`;
}

/** contains / startswith / endswith on lower-cased text. Lengths count code points, as SQLite's do. */
function textMatch(op: 'contains' | 'startswith' | 'endswith', expr: string, value: string): SqlPart {
  if (value === '') return { sql: `${expr} IS NOT NULL`, params: [] };
  const length = [...value].length;
  switch (op) {
    case 'contains':
      return { sql: `instr(${expr}, ?) > 0`, params: [value] };
    case 'startswith':
      // The range lets an index on the column narrow the scan; substr checks the exact prefix.
      return { sql: `${expr} >= ? AND substr(${expr}, 1, ?) = ?`, params: [value, length, value] };
    case 'endswith':
      return { sql: `substr(${expr}, -?) = ?`, params: [length, value] };
  }
}

function compileMulti(f: Exclude<Filter, { op: 'isempty' }>, col: string): SqlPart {
  // A scalar subquery, not EXISTS: SQLite 3.51 turns an EXISTS into a join and then miscounts OFFSET
  // when the rows come in the order of an index (a page past the first showed an earlier row).
  const any = (cond: string, params: (string | number)[]): SqlPart => ({
    sql: `(SELECT 1 FROM json_each(${col}) WHERE ${cond} LIMIT 1) IS NOT NULL`,
    params,
  });
  if (f.op === 'in') {
    const values = f.value.map(lowerText);
    return any(`value IN (${values.map(() => '?').join(', ')})`, values);
  }
  const v = lowerText(f.value);
  switch (f.op) {
    case '=':
      return any('value = ?', [v]);
    case '!=': {
      const inner = any('value = ?', [v]);
      return { sql: `${col} IS NULL OR NOT (${inner.sql})`, params: inner.params };
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return any(`value ${f.op} ?`, [v]);
    case 'contains':
    case 'startswith':
    case 'endswith': {
      const m = textMatch(f.op, 'value', v);
      return any(m.sql, m.params);
    }
  }
}

function parseValue(kind: ColumnKind, f: Filter, text: string): string | number {
  switch (kind) {
    case 'number': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) {
        throw serviceError('invalid_input', 'errors.service.valueNotNumber', { field: f.field, value: text });
      }
      return n;
    }
    case 'bool': {
      const t = text.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(t)) return 1;
      if (['false', '0', 'no'].includes(t)) return 0;
      throw serviceError('invalid_input', 'errors.service.valueNotBoolean', { field: f.field, value: text });
    }
    case 'date':
      return text;
    default:
      return lowerText(text);
  }
}
