/**
 * A module's records, generated on demand from (seed, index) so a simulator starts instantly at any
 * size, with only the changes kept in memory. Keys are 1-based integers; each simulator maps them to its
 * vendor's id format. Every write stamps a modification time, and deletions are remembered, for the
 * vendors' "changes since" features.
 */
export type Row = Record<string, unknown>;

export class LazyTable<T extends Row = Row> {
  private readonly size: number;
  private readonly generate: (key: number) => T;
  private readonly baseModified: (key: number) => number;
  private overrides = new Map<number, T>();
  private modified = new Map<number, number>();
  private deleted = new Map<number, number>();
  private nextKey: number;
  private clock = 0;

  constructor(opts: { size: number; generate: (key: number) => T; baseModifiedMs: (key: number) => number }) {
    this.size = opts.size;
    this.generate = opts.generate;
    this.baseModified = opts.baseModifiedMs;
    this.nextKey = opts.size + 1;
  }

  /** Milliseconds, strictly increasing across writes so "changed since" never misses a write. */
  private now(): number {
    this.clock = Math.max(Date.now(), this.clock + 1);
    return this.clock;
  }

  get count(): number {
    return this.nextKey - 1 - this.deleted.size;
  }

  has(key: number): boolean {
    return Number.isInteger(key) && key >= 1 && key < this.nextKey && !this.deleted.has(key);
  }

  get(key: number): T | undefined {
    if (!this.has(key)) return undefined;
    const o = this.overrides.get(key);
    if (o) return structuredClone(o);
    return key <= this.size ? this.generate(key) : undefined;
  }

  modifiedAt(key: number): number {
    return this.modified.get(key) ?? this.baseModified(key);
  }

  insert(row: T): number {
    const key = this.nextKey++;
    this.overrides.set(key, structuredClone(row));
    this.modified.set(key, this.now());
    return key;
  }

  /** Replaces the stored row (callers merge first). */
  put(key: number, row: T): void {
    if (!this.has(key)) throw new Error(`no record ${key}`);
    this.overrides.set(key, structuredClone(row));
    this.modified.set(key, this.now());
  }

  remove(key: number): boolean {
    if (!this.has(key)) return false;
    this.overrides.delete(key);
    this.modified.delete(key);
    this.deleted.set(key, this.now());
    return true;
  }

  /** Keys deleted at or after `sinceMs`, oldest first, with their deletion times. */
  deletedSince(sinceMs: number): { key: number; at: number }[] {
    return [...this.deleted]
      .filter(([, at]) => at >= sinceMs)
      .sort((a, b) => a[1] - b[1])
      .map(([key, at]) => ({ key, at }));
  }

  /** Every live record in key order. Generates base rows as it goes: keep loops lazy. */
  *entries(): Generator<[number, T]> {
    for (let key = 1; key < this.nextKey; key++) {
      if (this.deleted.has(key)) continue;
      const row = this.get(key);
      if (row) yield [key, row];
    }
  }

  reset(): void {
    this.overrides = new Map();
    this.modified = new Map();
    this.deleted = new Map();
    this.nextKey = this.size + 1;
  }
}
