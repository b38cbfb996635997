import { LazyTable } from '../common/table.ts';
import { accessDenied, VtError } from './errors.ts';
import { generateRow, seededModifiedMs, seededUsers, vtDateTime, type GenContext, type VtRow } from './data.ts';
import { modules, type FieldSpec, type ModuleSpec } from './schema.ts';
import { collate, likeMatcher, type Condition, type ParsedQuery } from './vtql.ts';

/** docs/vendors.md: a query returns at most 100 rows; sync pages hold about 100 changes. */
export const QUERY_CAP = 100;
export const SYNC_PAGE = 100;

const numericKinds = new Set(['integer', 'double', 'currency']);

/** One entity module: seeded rows generated on demand, writes kept in memory. */
export class ModuleStore {
  readonly spec: ModuleSpec;
  readonly table: LazyTable<VtRow>;
  /** Keys written since the seed (their modification time is no longer the seeded one). */
  private written = new Set<number>();
  private seededOrder?: { keys: Uint32Array; times: Float64Array };
  private readonly seed: string;
  private readonly size: number;
  /** The highest key ever handed out (live keys are all at or below it). */
  private maxKey: number;

  constructor(spec: ModuleSpec, size: number, ctx: GenContext) {
    this.spec = spec;
    this.seed = ctx.seed;
    this.size = size;
    this.maxKey = size;
    this.table = new LazyTable<VtRow>({
      size,
      generate: (key) => generateRow(spec, key, ctx),
      baseModifiedMs: (key) => seededModifiedMs(ctx.seed, spec.name, key),
    });
  }

  field(name: string): FieldSpec | undefined {
    return this.spec.fields.find((f) => f.name === name);
  }

  idOf(key: number): string {
    return `${this.spec.idPrefix}x${key}`;
  }

  /** The record as the webservice shows it: every field a string, `id` as NxM. */
  view(key: number, row: VtRow): VtRow {
    const out: VtRow = {};
    for (const f of this.spec.fields) {
      if (f.name === 'id') continue;
      out[f.name] = f.name === 'modifiedtime' ? vtDateTime(this.table.modifiedAt(key)) : (row[f.name] ?? '');
    }
    out.id = this.idOf(key);
    return out;
  }

  insert(row: VtRow): number {
    const key = this.table.insert(row);
    this.written.add(key);
    this.maxKey = Math.max(this.maxKey, key);
    return key;
  }

  put(key: number, row: VtRow): void {
    this.table.put(key, row);
    this.written.add(key);
  }

  remove(key: number): boolean {
    this.written.delete(key);
    return this.table.remove(key);
  }

  reset(): void {
    this.table.reset();
    this.written = new Set();
    this.maxKey = this.size;
  }

  /** Runs a parsed query against this module (columns already checked by the caller). */
  query(q: ParsedQuery): VtRow[] {
    const match = compileWhere(this, q);
    if (q.select.kind === 'count') {
      if (q.where.length === 0) return [{ count: String(this.table.count) }];
      let n = 0;
      for (const [key, row] of this.table.entries()) if (match(key, row)) n++;
      return [{ count: String(n) }];
    }
    const offset = q.limit?.offset ?? 0;
    const count = Math.min(q.limit?.count ?? QUERY_CAP, QUERY_CAP);
    let hits: [number, VtRow][] = [];
    // docs/vendors.md: order by an unknown column silently returns [].
    if (q.orderBy && !this.field(q.orderBy.column)) return [];
    const keyOrder = !q.orderBy || (q.orderBy.column === 'id' && !q.orderBy.desc);
    if (!keyOrder && q.orderBy) {
      const order = q.orderBy;
      const f = this.field(order.column);
      if (!f) return [];
      for (const [key, row] of this.table.entries()) if (match(key, row)) hits.push([key, row]);
      const cmp = comparator(f);
      hits.sort((a, b) => {
        const c = cmp(valueOf(this, f, a[0], a[1]), valueOf(this, f, b[0], b[1]));
        return (order.desc ? -c : c) || a[0] - b[0];
      });
      hits = hits.slice(offset, offset + count);
    } else {
      // Key order needs no sort: walk from the lowest key the conditions allow (keyset paging on id
      // stays cheap at a million records) and stop once the page is full.
      let skipped = 0;
      const unfiltered = q.where.length === 0;
      for (let key = lowestKey(q); key <= this.maxKey && hits.length < count; key++) {
        // Without conditions, rows before the offset need not be generated at all.
        if (unfiltered && skipped < offset) {
          if (this.table.has(key)) skipped++;
          continue;
        }
        const row = this.table.get(key);
        if (!row || !match(key, row)) continue;
        if (skipped < offset) skipped++;
        else hits.push([key, row]);
      }
    }
    return hits.map(([key, row]) => project(this.view(key, row), q));
  }

  /**
   * Changes after `sinceSec` in time order: ~100 per page, extended so that every change sharing the
   * last change's second is included (docs/vendors.md: every record of the boundary second is in the page,
   * so a page can hold more than 100).
   */
  sync(sinceSec: number): { updated: VtRow[]; deleted: string[]; more: boolean; lastModifiedTime: number } {
    const fromMs = (sinceSec + 1) * 1000;
    const changes: { key: number; at: number; deleted: boolean }[] = [];
    for (const key of this.written) {
      if (!this.table.has(key)) continue;
      const at = this.table.modifiedAt(key);
      if (at >= fromMs) changes.push({ key, at, deleted: false });
    }
    for (const d of this.table.deletedSince(fromMs)) changes.push({ key: d.key, at: d.at, deleted: true });
    changes.sort((a, b) => a.at - b.at || a.key - b.key);
    const seeded = this.seededIndex();
    let si = lowerBound(seeded.times, fromMs);
    let ci = 0;
    const page: { key: number; at: number; deleted: boolean }[] = [];
    const nextSeeded = () => {
      while (si < seeded.keys.length) {
        const key = seeded.keys[si] ?? 0;
        if (!this.written.has(key) && this.table.has(key)) return { key, at: seeded.times[si] ?? 0, deleted: false };
        si++;
      }
      return undefined;
    };
    const sec = (ms: number) => Math.floor(ms / 1000);
    for (;;) {
      const a = nextSeeded();
      const b = changes[ci];
      const next = a && (!b || a.at <= b.at) ? a : b;
      if (!next) break;
      if (page.length >= SYNC_PAGE && sec(next.at) !== sec(page[page.length - 1]?.at ?? 0)) break;
      page.push(next);
      if (next === a) si++;
      else ci++;
    }
    const more = nextSeeded() !== undefined || ci < changes.length;
    const last = page[page.length - 1];
    return {
      updated: page.filter((c) => !c.deleted).map((c) => this.view(c.key, this.table.get(c.key) ?? {})),
      deleted: page.filter((c) => c.deleted).map((c) => this.idOf(c.key)),
      more,
      lastModifiedTime: last ? sec(last.at) : sinceSec,
    };
  }

  /** Seeded keys sorted by their seeded modification time, built on the first sync only. */
  private seededIndex(): { keys: Uint32Array; times: Float64Array } {
    if (this.seededOrder) return this.seededOrder;
    const order = new Uint32Array(this.size);
    const t = new Float64Array(this.size + 1);
    for (let k = 1; k <= this.size; k++) {
      order[k - 1] = k;
      t[k] = seededModifiedMs(this.seed, this.spec.name, k);
    }
    order.sort((a, b) => (t[a] ?? 0) - (t[b] ?? 0) || a - b);
    const times = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) times[i] = t[order[i] ?? 0] ?? 0;
    this.seededOrder = { keys: order, times };
    return this.seededOrder;
  }
}

/** The lowest key a query can match, from `id >`, `id >=` or `id =` conditions joined by `and` only. */
function lowestKey(q: ParsedQuery): number {
  let low = 1;
  if (q.connectors.some((c) => c === 'or')) return low;
  for (const c of q.where) {
    const n = Number(/^\d+x(\d+)$/.exec(c.values[0] ?? '')?.[1] ?? NaN);
    if (c.column !== 'id' || Number.isNaN(n)) continue;
    if (c.op === '>') low = Math.max(low, n + 1);
    if (c.op === '>=' || c.op === '=') low = Math.max(low, n);
  }
  return low;
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] ?? 0) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function valueOf(store: ModuleStore, f: FieldSpec, key: number, row: VtRow): string {
  if (f.name === 'id') return String(key);
  if (f.name === 'modifiedtime') return vtDateTime(store.table.modifiedAt(key));
  return row[f.name] ?? '';
}

/** Numbers compare as numbers (an empty number is NULL and matches nothing); text by collation. */
function comparator(f: FieldSpec): (a: string, b: string) => number {
  if (numericKinds.has(f.kind) || f.name === 'id') {
    return (a, b) => (a === '' ? -Infinity : Number(a)) - (b === '' ? -Infinity : Number(b)) || 0;
  }
  return (a, b) => {
    const x = collate(a);
    const y = collate(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

function compileWhere(store: ModuleStore, q: ParsedQuery): (key: number, row: VtRow) => boolean {
  const tests = q.where.map((c) => compileCondition(store, c));
  return (key, row) => {
    let acc = tests[0] ? tests[0](key, row) : true;
    // The doc: "conditionals ... are processed from left to right ... no grouping".
    for (let i = 1; i < tests.length; i++) {
      const t = tests[i];
      if (!t) continue;
      acc = q.connectors[i - 1] === 'or' ? acc || t(key, row) : acc && t(key, row);
    }
    return acc;
  };
}

function compileCondition(store: ModuleStore, c: Condition): (key: number, row: VtRow) => boolean {
  const f = store.field(c.column);
  if (!f) throw accessDenied(`Permission to read given object is denied`);
  const numeric = numericKinds.has(f.kind);
  const values = c.values;
  const cmp = comparator(f);
  const get = (key: number, row: VtRow) => (f.name === 'id' ? store.idOf(key) : valueOf(store, f, key, row));
  if (c.op === 'like') {
    const m = likeMatcher(values[0] ?? '');
    return (key, row) => m(get(key, row));
  }
  if (c.op === 'in') {
    const set = new Set(values.map(collate));
    return (key, row) => set.has(collate(get(key, row)));
  }
  const v = values[0] ?? '';
  return (key, row) => {
    const x = get(key, row);
    if (numeric && (x === '' || Number.isNaN(Number(v)))) return false;
    // Ids are written NxM; the database compares the number part.
    const idNumber = f.name === 'id' ? Number(/^\d+x(\d+)$/.exec(v)?.[1] ?? NaN) : 0;
    if (Number.isNaN(idNumber)) return false;
    const d = f.name === 'id' ? key - idNumber : cmp(x, v);
    switch (c.op) {
      case '=':
        return d === 0;
      case '!=':
        return d !== 0;
      case '<':
        return d < 0;
      case '<=':
        return d <= 0;
      case '>':
        return d > 0;
      default:
        return d >= 0;
    }
  };
}

function project(row: VtRow, q: ParsedQuery): VtRow {
  if (q.select.kind !== 'columns') return row;
  const out: VtRow = {};
  for (const c of q.select.columns) out[c] = row[c] ?? '';
  // vtiger adds the record id to every projected row.
  out.id = row.id ?? '';
  return out;
}

/** Every module of the install, with the per-id lookups the operations share. */
export class SimplyStore {
  readonly stores = new Map<string, ModuleStore>();

  constructor(seed: string, records: number) {
    const ctx: GenContext = {
      seed,
      size: records,
      prefixOf: (m) => modules.find((s) => s.name === m)?.idPrefix ?? '0',
    };
    for (const spec of modules) {
      if (!spec.isEntity) continue;
      this.stores.set(spec.name, new ModuleStore(spec, spec.name === 'Users' ? seededUsers.length : records, ctx));
    }
  }

  module(name: string): ModuleStore | undefined {
    return this.stores.get(name);
  }

  /**
   * Resolves `NxM`. docs/vendors.md: a wrong prefix is INVALID_ID_ATTRIBUTE; a missing or deleted record
   * is ACCESS_DENIED (for retrieve, update and delete alike).
   */
  resolve(id: string): { store: ModuleStore; key: number; row: VtRow } {
    const m = /^(\d+)x(\d+)$/.exec(id);
    const store = m ? [...this.stores.values()].find((s) => s.spec.idPrefix === m[1]) : undefined;
    if (!m || !store) throw new VtError('INVALID_ID_ATTRIBUTE', 'Id specified is incorrect');
    const key = Number(m[2]);
    const row = store.table.get(key);
    if (!row) throw accessDenied('Permission to perform the operation is denied');
    return { store, key, row };
  }

  reset(): void {
    for (const s of this.stores.values()) s.reset();
  }
}
