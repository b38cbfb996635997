import type { SpotlerField, SpotlerObject } from './schema.ts';
import type { SpotlerRow } from './seed.ts';

/**
 * The `q` filter and `order` parameters of GET /{object} (doc: "Filtering results", "Ordering").
 *   q     = {"field": value, ...}                     every entry must match (AND)
 *           {"field": {"$op": arg, ...}}              $not $in $nin $gt $gte $lt $lte $bt $sw $ew $con
 *           {"$or": [q, q, ...]}                      any of the sub-queries
 *   order = {"field": "asc" | "desc", ...}
 * "The field or fields you provide must match a field in the objects data dictionary": anything else,
 * like an unknown operator or malformed JSON, is a 400 Bad request.
 * Text comparisons are exact and case-sensitive, and $sw/$ew/$con match their argument literally (the
 * doc says nothing about case or wildcards; the connector refuses values whose meaning could differ).
 */
export class QueryError extends Error {}

export type RowTest = (row: SpotlerRow) => boolean;
type Scalar = string | number | boolean | null;

const numericTypes = new Set(['integer', 'decimal', 'currency', 'percent', 'reference', 'user']);

function parseJsonParam(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new QueryError(`The ${name} parameter is not valid JSON`);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): v is Scalar {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

function fieldOf(obj: SpotlerObject, name: string): SpotlerField {
  const field = obj.fields.find((x) => x.name === name);
  if (!field) throw new QueryError(`Unknown field (${name}) for ${obj.name}`);
  if (field.type === 'multilookup') throw new QueryError(`Field (${name}) cannot be used to filter or order`);
  return field;
}

/** Orders two stored values of `field`; null and '' sort first. */
export function compareValues(field: SpotlerField, a: unknown, b: unknown): number {
  const emptyA = a === null || a === undefined || a === '';
  const emptyB = b === null || b === undefined || b === '';
  if (emptyA || emptyB) return emptyA && emptyB ? 0 : emptyA ? -1 : 1;
  if (numericTypes.has(field.type)) return Number(a) - Number(b);
  if (field.type === 'boolean') return Number(truthy(a)) - Number(truthy(b));
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true';
}

function equals(field: SpotlerField, stored: unknown, wanted: Scalar): boolean {
  if (wanted === null) return stored === null || stored === undefined;
  if (stored === null || stored === undefined) return false;
  if (field.type === 'boolean') return truthy(stored) === truthy(wanted);
  if (numericTypes.has(field.type)) return Number(stored) === Number(wanted);
  return String(stored) === String(wanted);
}

function textOf(stored: unknown): string | undefined {
  return stored === null || stored === undefined ? undefined : String(stored);
}

function operatorTest(field: SpotlerField, op: string, arg: unknown): RowTest {
  const get = (row: SpotlerRow) => row[field.name];
  const scalar = (): Scalar => {
    if (!isScalar(arg)) throw new QueryError(`${op} on (${field.name}) needs a single value`);
    return arg;
  };
  const list = (n?: number): Scalar[] => {
    if (!Array.isArray(arg) || !arg.every(isScalar) || (n !== undefined && arg.length !== n)) {
      throw new QueryError(`${op} on (${field.name}) needs an array${n === undefined ? '' : ` of ${n} values`}`);
    }
    return arg;
  };
  const text = (): string => {
    if (typeof arg !== 'string') throw new QueryError(`${op} on (${field.name}) needs a text value`);
    return arg;
  };
  const ordered = (accept: (c: number) => boolean): RowTest => {
    const v = scalar();
    if (v === null) throw new QueryError(`${op} on (${field.name}) cannot compare with null`);
    return (row) => {
      const s = get(row);
      return s !== null && s !== undefined && s !== '' && accept(compareValues(field, s, v));
    };
  };
  switch (op) {
    case '$not': {
      const v = scalar();
      return (row) => !equals(field, get(row), v);
    }
    case '$in': {
      const vs = list();
      return (row) => vs.some((v) => equals(field, get(row), v));
    }
    case '$nin': {
      const vs = list();
      return (row) => !vs.some((v) => equals(field, get(row), v));
    }
    case '$gt':
      return ordered((c) => c > 0);
    case '$gte':
      return ordered((c) => c >= 0);
    case '$lt':
      return ordered((c) => c < 0);
    case '$lte':
      return ordered((c) => c <= 0);
    case '$bt': {
      const [lo, hi] = list(2);
      return (row) => {
        const s = get(row);
        if (s === null || s === undefined || s === '') return false;
        return compareValues(field, s, lo) >= 0 && compareValues(field, s, hi) <= 0;
      };
    }
    case '$sw': {
      const t = text();
      return (row) => textOf(get(row))?.startsWith(t) ?? false;
    }
    case '$ew': {
      const t = text();
      return (row) => textOf(get(row))?.endsWith(t) ?? false;
    }
    case '$con': {
      const t = text();
      return (row) => textOf(get(row))?.includes(t) ?? false;
    }
    default:
      throw new QueryError(`Unknown operator (${op})`);
  }
}

function compileQuery(obj: SpotlerObject, q: unknown): RowTest {
  if (!isPlainObject(q)) throw new QueryError('The q parameter must be a JSON object');
  const tests: RowTest[] = [];
  for (const [key, value] of Object.entries(q)) {
    if (key === '$or') {
      if (!Array.isArray(value) || value.length === 0) throw new QueryError('$or needs a non-empty array of queries');
      const alternatives = value.map((sub) => compileQuery(obj, sub));
      tests.push((row) => alternatives.some((t) => t(row)));
      continue;
    }
    if (key.startsWith('$')) throw new QueryError(`Unknown operator (${key})`);
    const field = fieldOf(obj, key);
    if (isPlainObject(value)) {
      const ops = Object.entries(value);
      if (ops.length === 0) throw new QueryError(`Empty operator object for (${key})`);
      for (const [op, arg] of ops) tests.push(operatorTest(field, op, arg));
    } else if (isScalar(value)) {
      tests.push((row) => equals(field, row[field.name], value));
    } else {
      throw new QueryError(`Value for (${key}) must be a value or an operator object`);
    }
  }
  return (row) => tests.every((t) => t(row));
}

export function parseQuery(obj: SpotlerObject, text: string | null): RowTest | undefined {
  if (text === null) return undefined;
  return compileQuery(obj, parseJsonParam('q', text));
}

export interface OrderKey {
  field: SpotlerField;
  desc: boolean;
}

export function parseOrder(obj: SpotlerObject, text: string | null): OrderKey[] {
  if (text === null) return [];
  const order = parseJsonParam('order', text);
  if (!isPlainObject(order)) throw new QueryError('The order parameter must be a JSON object');
  return Object.entries(order).map(([name, dir]) => {
    if (dir !== 'asc' && dir !== 'desc') throw new QueryError(`Order direction for (${name}) must be asc or desc`);
    return { field: fieldOf(obj, name), desc: dir === 'desc' };
  });
}

/**
 * The order of two stored values for `order`. Text is compared as `a.toLowerCase()` against
 * `b.toLowerCase()` by plain code points (JS `<`), so Latin and Persian names sort one consistent way
 * (Latin before Persian, case ignored); the offline mirror sorts with the same rule (docs/vendors.md).
 * Numbers, booleans and empties as in filters.
 */
export function compareForOrder(field: SpotlerField, a: unknown, b: unknown): number {
  const emptyA = a === null || a === undefined || a === '';
  const emptyB = b === null || b === undefined || b === '';
  if (emptyA || emptyB || numericTypes.has(field.type) || field.type === 'boolean') return compareValues(field, a, b);
  const sa = String(a).toLowerCase();
  const sb = String(b).toLowerCase();
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Sorts by the keys, then by id ascending (whatever the direction) so pages are stable. */
export function compareRows(keys: readonly OrderKey[]): (a: SpotlerRow, b: SpotlerRow) => number {
  return (a, b) => {
    for (const k of keys) {
      const c = compareForOrder(k.field, a[k.field.name], b[k.field.name]);
      if (c !== 0) return k.desc ? -c : c;
    }
    return Number(a.id) - Number(b.id);
  };
}

const boundPattern = /^(\d{4}-\d{2}-\d{2})( \d{2}:\d{2}:\d{2})?$/;

function boundSeconds(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = boundPattern.exec(v);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2] ? m[2].trim() : '00:00:00'}Z`);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

/** A lower bound on modifieddate (epoch seconds) that every row matching `q` satisfies, if one is evident. */
function lowerBound(q: unknown): number | undefined {
  if (!isPlainObject(q)) return undefined;
  const bounds: number[] = [];
  const own = q.modifieddate;
  if (own !== undefined) {
    if (isPlainObject(own)) {
      for (const [op, arg] of Object.entries(own)) {
        const b =
          op === '$gt' || op === '$gte'
            ? boundSeconds(arg)
            : op === '$bt' && Array.isArray(arg)
              ? boundSeconds(arg[0])
              : undefined;
        if (b !== undefined) bounds.push(b);
      }
    } else {
      const b = boundSeconds(own);
      if (b !== undefined) bounds.push(b);
    }
  }
  if (Array.isArray(q.$or) && q.$or.length > 0) {
    const each = q.$or.map(lowerBound);
    if (each.every((b) => b !== undefined)) bounds.push(Math.min(...(each as number[])));
  }
  return bounds.length ? Math.max(...bounds) : undefined;
}

/** The modifieddate lower bound implied by a q parameter already accepted by parseQuery. */
export function modifiedLowerBound(text: string | null): number | undefined {
  if (text === null) return undefined;
  try {
    return lowerBound(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Every field name a q parameter (already accepted by parseQuery) refers to. */
export function referencedFields(text: string | null): Set<string> {
  const out = new Set<string>();
  const walk = (q: unknown) => {
    if (!isPlainObject(q)) return;
    for (const [key, value] of Object.entries(q)) {
      if (key === '$or' && Array.isArray(value)) value.forEach(walk);
      else out.add(key);
    }
  };
  if (text !== null) {
    try {
      walk(JSON.parse(text));
    } catch {
      // parseQuery has refused it already
    }
  }
  return out;
}

/** `{"id": {"$gt": n}}` or `{"$gte"}` and nothing else (a keyset walk over ids), as the first id wanted. */
export function idRangeStart(text: string | null): number | undefined {
  if (text === null) return undefined;
  let q: unknown;
  try {
    q = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(q) || Object.keys(q).length !== 1 || !isPlainObject(q.id)) return undefined;
  const ops = Object.entries(q.id);
  if (ops.length !== 1) return undefined;
  const [op, arg] = ops[0] as [string, unknown];
  if (typeof arg !== 'number' || !Number.isInteger(arg)) return undefined;
  if (op === '$gt') return arg + 1;
  if (op === '$gte') return arg;
  return undefined;
}

/**
 * A time (epoch seconds) after which every row matches a q already accepted by parseQuery, whatever its
 * other fields: q is `{"modifieddate": {"$gt" | "$gte": t}}`, or an `$or` with such a branch (the sync's
 * keyset). Undefined when q has no such evident bound.
 */
export function matchesAllAfter(text: string | null): number | undefined {
  if (text === null) return undefined;
  try {
    return allAfter(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function allAfter(q: unknown): number | undefined {
  if (!isPlainObject(q)) return undefined;
  const keys = Object.keys(q);
  if (keys.length !== 1) return undefined;
  if (Array.isArray(q.$or)) {
    const each = q.$or.map(allAfter).filter((b): b is number => b !== undefined);
    return each.length ? Math.min(...each) : undefined;
  }
  const own = q.modifieddate;
  if (!isPlainObject(own) || Object.keys(own).length !== 1) return undefined;
  const arg = own.$gt ?? own.$gte;
  return boundSeconds(arg);
}
