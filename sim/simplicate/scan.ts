import type { Json, JsonObject } from './data.ts';
import { matches, type FieldKind, type ParsedQuery, type SortKey } from './query.ts';

/**
 * Filtered and sorted listings over a lazily generated table. A million-row module cannot be generated
 * and sorted on every page, so the result of a (filter, sort) pair is kept as a list of keys until the
 * next write, and a range filter on the first sort field (the sync's `q[updated_at][ge]=...&sort=updated_at`)
 * is answered by binary search over the sorted index instead of another scan.
 */
export interface ScanSource {
  /** Every live key, in key order. */
  liveKeys(): number[];
  /** A sort value that needs no generated row (id, updated_at), or `undefined` when it does. */
  cheapSortValue(key: number, field: string): SortValue | undefined;
  /** The sort value a range bound compares with, for `indexable` fields; null when it cannot match. */
  rangeBound(field: string, raw: string): SortValue | null;
  /** The row as filters see it. */
  view(key: number): JsonObject;
  kind(field: string): FieldKind | undefined;
  /** Fields whose range filters may use the sorted index (values compare as plain strings or numbers). */
  indexable(field: string): boolean;
  valueAt(row: JsonObject, field: string): Json | undefined;
}

export type SortValue = string | number | null;

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

function sortValue(v: Json | undefined, kind: FieldKind | undefined): SortValue {
  if (v === undefined || v === null || v === '') return null;
  if (kind === 'number') {
    const n = Number(v);
    return Number.isNaN(n) ? null : n;
  }
  return fold(String(v));
}

function compareValues(a: SortValue, b: SortValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Sorted {
  keys: number[];
  /** The first sort field's value per position, for binary search. */
  first: SortValue[];
}

export class ScanCache {
  private version = 0;
  private entries = new Map<string, { version: number; result: Sorted }>();

  /** Call on every write: cached results are dropped lazily. */
  touch(): void {
    this.version++;
  }

  private remember(sig: string, result: Sorted): Sorted {
    if (this.entries.size >= 6) this.entries.delete(this.entries.keys().next().value ?? '');
    this.entries.set(sig, { version: this.version, result });
    return result;
  }

  private cached(sig: string): Sorted | undefined {
    const hit = this.entries.get(sig);
    return hit && hit.version === this.version ? hit.result : undefined;
  }

  /** Keys matching `q`, ordered by `sort` (key order when unsorted). */
  query(src: ScanSource, q: ParsedQuery, sort: SortKey[]): number[] {
    const first = sort[0];
    if (first && !first.desc && src.indexable(first.field) && q.or.length === 0 && q.all.length > 0) {
      const ranged = q.all.every((c) => c.field === first.field && ['ge', 'gt', 'le', 'lt'].includes(c.op));
      if (ranged) return this.range(src, q, this.sorted(src, { all: [], or: [] }, sort));
    }
    return this.sorted(src, q, sort).keys;
  }

  private sorted(src: ScanSource, q: ParsedQuery, sort: SortKey[]): Sorted {
    const sig = JSON.stringify([q, sort]);
    const hit = this.cached(sig);
    if (hit) return hit;
    const filtered = q.all.length > 0 || q.or.length > 0;
    const keys: number[] = [];
    const first: SortValue[] = [];
    const firstField = sort[0]?.field;
    const valueOf = (key: number, field: string, row?: JsonObject): SortValue => {
      const cheap = src.cheapSortValue(key, field);
      return cheap !== undefined ? cheap : sortValue(src.valueAt(row ?? src.view(key), field), src.kind(field));
    };
    for (const key of src.liveKeys()) {
      let row: JsonObject | undefined;
      if (filtered) {
        row = src.view(key);
        if (!matches(row, q, src.kind)) continue;
      }
      keys.push(key);
      if (firstField !== undefined) first.push(valueOf(key, firstField, row));
    }
    if (firstField === undefined) return this.remember(sig, { keys, first: [] });
    // Later sort fields only matter on ties: computed on demand, once per row.
    const later = new Map<number, SortValue[]>();
    const laterOf = (i: number): SortValue[] => {
      let v = later.get(i);
      if (!v) {
        const key = keys[i] ?? 0;
        const row = src.view(key);
        v = sort.slice(1).map((s) => valueOf(key, s.field, row));
        later.set(i, v);
      }
      return v;
    };
    const order = keys.map((_, i) => i);
    order.sort((a, b) => {
      const c = compareValues(first[a] ?? null, first[b] ?? null);
      if (c !== 0) return sort[0]?.desc ? -c : c;
      if (sort.length > 1) {
        const la = laterOf(a);
        const lb = laterOf(b);
        for (let i = 1; i < sort.length; i++) {
          const ci = compareValues(la[i - 1] ?? null, lb[i - 1] ?? null);
          if (ci !== 0) return sort[i]?.desc ? -ci : ci;
        }
      }
      return (keys[a] ?? 0) - (keys[b] ?? 0);
    });
    return this.remember(sig, { keys: order.map((i) => keys[i] ?? 0), first: order.map((i) => first[i] ?? null) });
  }

  /** Binary search of range conditions on the first (ascending) sort field. */
  private range(src: ScanSource, q: ParsedQuery, sorted: Sorted): number[] {
    let lo = 0;
    let hi = sorted.keys.length;
    for (const c of q.all) {
      const bound = src.rangeBound(c.field, c.values[0] ?? '');
      if (bound === null) return [];
      // First position whose value is >= bound (or > bound); nulls sort first and never match.
      const firstAt = (strict: boolean) => {
        let a = 0;
        let b = sorted.first.length;
        while (a < b) {
          const mid = (a + b) >> 1;
          const v = sorted.first[mid] ?? null;
          const cmp = v === null ? -1 : compareValues(v, bound);
          if (cmp < 0 || (strict && cmp === 0)) a = mid + 1;
          else b = mid;
        }
        return a;
      };
      if (c.op === 'ge') lo = Math.max(lo, firstAt(false));
      if (c.op === 'gt') lo = Math.max(lo, firstAt(true));
      if (c.op === 'lt') hi = Math.min(hi, firstAt(false));
      if (c.op === 'le') hi = Math.min(hi, firstAt(true));
    }
    return lo < hi ? sorted.keys.slice(lo, hi) : [];
  }
}
