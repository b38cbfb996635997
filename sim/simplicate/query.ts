import type { Json, JsonObject } from './data.ts';

/**
 * Simplicate's list parameters (simplicate-api-v2.txt, "Filtering", "Advanced Filtering", "Sorting
 * Results"): `q[field]=v` (wildcard `*`, `null`, `*` for "not null"), `q[field][]=a&q[field][]=b`
 * (OR over values), `q[field][ge|gt|le|lt|in|nin]=v`, `q[or][...]` (OR with the rest), `sort=a,-b`,
 * `select=a,b.`. Text comparisons are case-insensitive, as a MySQL collation would make them.
 */
export type FieldKind = 'text' | 'number' | 'boolean';

export interface Condition {
  field: string;
  op: 'match' | 'any' | 'ge' | 'gt' | 'le' | 'lt' | 'in' | 'nin';
  values: string[];
}
export interface ParsedQuery {
  all: Condition[];
  or: Condition[];
}

export class QueryError extends Error {}

const OPS = new Set(['ge', 'gt', 'le', 'lt', 'in', 'nin']);

/** Reads every `q[...]` parameter; `fieldKind` says whether a field exists (undefined: unknown). */
export function parseQ(params: URLSearchParams, fieldKind: (f: string) => FieldKind | undefined): ParsedQuery {
  const out: ParsedQuery = { all: [], or: [] };
  const multi = new Map<string, Condition>();
  for (const [key, value] of params) {
    if (key !== 'q' && !key.startsWith('q[')) continue;
    const parts: string[] = [];
    const rest = key.slice(1).replace(/\[([^\]]*)\]/g, (_m, p: string) => {
      parts.push(p);
      return '';
    });
    if (rest !== '' || parts.length === 0) throw new QueryError(`Malformed filter parameter ${key}`);
    let group: 'all' | 'or' = 'all';
    if (parts[0] === 'or') {
      group = 'or';
      parts.shift();
    }
    const [field, op, extra] = parts;
    if (!field || extra !== undefined) throw new QueryError(`Malformed filter parameter ${key}`);
    if (!fieldKind(field)) throw new QueryError(`Unknown filter field ${field}`);
    if (op === undefined) {
      out[group].push({ field, op: 'match', values: [value] });
    } else if (op === '') {
      const k = `${group}\u0000${field}`;
      const existing = multi.get(k);
      if (existing) existing.values.push(value);
      else {
        const c: Condition = { field, op: 'any', values: [value] };
        multi.set(k, c);
        out[group].push(c);
      }
    } else if (OPS.has(op)) {
      const values = op === 'in' || op === 'nin' ? value.split(',') : [value];
      out[group].push({ field, op: op as Condition['op'], values });
    } else {
      throw new QueryError(`Unknown filter operator ${op}`);
    }
  }
  return out;
}

export function valueAt(row: JsonObject, path: string): Json | undefined {
  if (path.startsWith('custom_fields.')) {
    const name = path.slice('custom_fields.'.length);
    const list = row.custom_fields;
    if (!Array.isArray(list)) return undefined;
    const hit = list.find((c) => c !== null && typeof c === 'object' && !Array.isArray(c) && c.name === name);
    return hit && typeof hit === 'object' && !Array.isArray(hit) ? hit.value : undefined;
  }
  let cur: Json | undefined = row;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

const isNull = (v: Json | undefined) => v === undefined || v === null || v === '';
const text = (v: Json | undefined) => (v === null || v === undefined ? '' : String(v)).toLowerCase();

function globMatch(pattern: string, v: Json | undefined): boolean {
  if (pattern === 'null') return isNull(v);
  if (isNull(v)) return false;
  if (!pattern.includes('*')) return text(v) === pattern.toLowerCase();
  const re = new RegExp(
    `^${pattern
      .toLowerCase()
      .split('*')
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return re.test(text(v));
}

/** A date-time compared without its time part means 00:00:00 (the doc's "Advanced Filtering" note). */
function comparable(v: Json | undefined, kind: FieldKind, bound: string): [number | string, number | string] {
  if (kind === 'number') return [Number(v), Number(bound)];
  const b = /^\d{4}-\d{2}-\d{2}$/.test(bound) && typeof v === 'string' && v.length > 10 ? `${bound} 00:00:00` : bound;
  return [text(v), b.toLowerCase()];
}

export function matches(row: JsonObject, q: ParsedQuery, fieldKind: (f: string) => FieldKind | undefined): boolean {
  const test = (c: Condition): boolean => {
    const v = valueAt(row, c.field);
    const kind = fieldKind(c.field) ?? 'text';
    switch (c.op) {
      case 'match':
      case 'any':
      case 'in':
        return c.values.some((p) => globMatch(p, v));
      case 'nin':
        return !c.values.some((p) => globMatch(p, v)) && (c.values.includes('*') || !isNull(v));
      default: {
        if (isNull(v)) return false;
        const [a, b] = comparable(v, kind, c.values[0] ?? '');
        if (kind === 'number' && (Number.isNaN(a) || Number.isNaN(b))) return false;
        if (c.op === 'ge') return a >= b;
        if (c.op === 'gt') return a > b;
        if (c.op === 'le') return a <= b;
        return a < b;
      }
    }
  };
  const andPart = q.all.every(test);
  return q.or.length === 0 ? andPart : andPart || q.or.some(test);
}

export interface SortKey {
  field: string;
  desc: boolean;
}

export function parseSort(value: string | null, fieldKind: (f: string) => FieldKind | undefined): SortKey[] {
  if (!value) return [];
  return value.split(',').map((raw) => {
    const desc = raw.startsWith('-');
    const field = desc ? raw.slice(1) : raw;
    if (!fieldKind(field)) throw new QueryError(`Unknown sort field ${field}`);
    return { field, desc };
  });
}

/** `select=id,name,visiting_address.` keeps those paths (a trailing '.' keeps all children); id always. */
export function project(row: JsonObject, select: string | null): JsonObject {
  if (!select) return row;
  const out: JsonObject = { id: row.id ?? null };
  for (const raw of select.split(',')) {
    const path = raw.trim().replace(/\.$/, '');
    if (!path) continue;
    const segs = path.split('.');
    let src: Json | undefined = row;
    let dst: JsonObject = out;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i] ?? '';
      if (src === null || typeof src !== 'object' || Array.isArray(src) || !(seg in src)) break;
      const next: Json = src[seg] ?? null;
      if (i === segs.length - 1 || next === null || typeof next !== 'object' || Array.isArray(next)) {
        dst[seg] = next;
        break;
      }
      const existing = dst[seg];
      dst = dst[seg] = existing && typeof existing === 'object' && !Array.isArray(existing) ? existing : {};
      src = next;
    }
  }
  return out;
}
