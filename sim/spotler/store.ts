import { LazyTable } from '../common/table.ts';
import { ModifiedIndex } from './modified-index.ts';
import {
  compareRows,
  idRangeStart,
  matchesAllAfter,
  modifiedLowerBound,
  referencedFields,
  type OrderKey,
  type RowTest,
} from './query.ts';
import { objectByName, objects, tokenUser, type SpotlerObject } from './schema.ts';
import { generateRow, idOf, seededModifiedSec, vendorDateTime, type SpotlerRow } from './seed.ts';
import { defaultsFor } from './validate.ts';

type Json = Record<string, unknown>;

/** One record type's rows: seeded on demand, plus what was written since start-up. */
interface ObjectRows {
  table: LazyTable<SpotlerRow>;
  /** The highest key handed out (seeded rows, then inserts), for the newest-first walk. */
  highestKey: number;
  /** Keys written since start-up (inserted, changed or deleted): the seeded index no longer speaks for them. */
  touched: Set<number>;
  index: ModifiedIndex;
}

function* keyRange(size: number): Generator<[number, undefined]> {
  for (let key = 1; key <= size; key++) yield [key, undefined];
}

/**
 * The simulator's records of every object, in the vendor's own field names, and the queries over them.
 * Keys are 1-based; a record's id is its object's idBase plus its key.
 */
export class SpotlerStore {
  private readonly size: number;
  private readonly seed: string;
  private rows = new Map<string, ObjectRows>();

  constructor(size: number, seed: string) {
    this.size = size;
    this.seed = seed;
    this.reset();
  }

  reset(): void {
    const { size, seed } = this;
    this.rows = new Map(
      objects.map((o) => [
        o.name,
        {
          table: new LazyTable<SpotlerRow>({
            size,
            generate: (key) => generateRow(o.name, seed, key, size),
            baseModifiedMs: (key) => seededModifiedSec(o.name, seed, key) * 1000,
          }),
          highestKey: size,
          touched: new Set<number>(),
          // Kept across resets: it describes the seeded rows only, which a reset does not change.
          index:
            this.rows.get(o.name)?.index ??
            new ModifiedIndex(
              size,
              (key) => seededModifiedSec(o.name, seed, key),
              (sec) => vendorDateTime(sec * 1000),
            ),
        },
      ]),
    );
  }

  private of(obj: SpotlerObject): ObjectRows {
    return this.rows.get(obj.name) as ObjectRows;
  }

  /** The key of a live record with this id, if there is one. */
  keyOf(obj: SpotlerObject, id: string | number): number | undefined {
    const text = String(id);
    if (!/^\d{1,15}$/.test(text)) return undefined;
    const key = Number(text) - obj.idBase;
    return key >= 1 && this.of(obj).table.has(key) ? key : undefined;
  }

  exists(object: string, id: number): boolean {
    const obj = objectByName(object);
    return obj !== undefined && this.keyOf(obj, id) !== undefined;
  }

  get(obj: SpotlerObject, key: number): SpotlerRow | undefined {
    return this.of(obj).table.get(key);
  }

  insert(obj: SpotlerObject, fields: Json): SpotlerRow {
    const now = vendorDateTime(Date.now());
    const row: SpotlerRow = {
      ...defaultsFor(obj),
      ownerid: tokenUser.id,
      ...fields,
      createddate: now,
      modifieddate: now,
    };
    const rows = this.of(obj);
    const key = rows.table.insert(row);
    rows.highestKey = Math.max(rows.highestKey, key);
    rows.touched.add(key);
    row.id = idOf(obj.name, key);
    rows.table.put(key, row);
    return row;
  }

  change(obj: SpotlerObject, key: number, fields: Json): SpotlerRow {
    const rows = this.of(obj);
    const row: SpotlerRow = { ...rows.table.get(key), ...fields, modifieddate: vendorDateTime(Date.now()) };
    rows.table.put(key, row);
    rows.touched.add(key);
    return row;
  }

  remove(obj: SpotlerObject, key: number): boolean {
    const rows = this.of(obj);
    rows.touched.add(key);
    return rows.table.remove(key);
  }

  /** One page of the records matching `test` in `order`, and how many match in all. */
  select(
    obj: SpotlerObject,
    test: RowTest | undefined,
    order: OrderKey[],
    offset: number,
    limit: number,
    q: string | null,
  ) {
    const { size, seed } = this;
    const { table: t, highestKey: top, touched: written, index } = this.of(obj);
    const byIdOnly = order.length === 0 || (order.length === 1 && order[0]?.field.name === 'id');
    const desc = order[0]?.desc ?? false;
    const firstId = idRangeStart(q);
    if (byIdOnly && (!test || (firstId !== undefined && !desc))) {
      // Key-order walks (the plain listing, and an id pass's {"id": {"$gt": last}}): step over keys
      // without generating the skipped rows, and count the live keys instead of testing every row.
      const startKey = firstId === undefined ? 1 : Math.max(1, firstId - obj.idBase);
      const deletedBelow = t.deletedSince(0).filter((d) => d.key < startKey).length;
      const total = t.count - Math.max(0, Math.min(startKey - 1, top) - deletedBelow);
      const rows: SpotlerRow[] = [];
      let skipped = 0;
      for (let i = 0; startKey + i <= top && rows.length < limit; i++) {
        const key = desc ? top - i : startKey + i;
        if (!t.has(key)) continue;
        if (skipped < offset) {
          skipped++;
          continue;
        }
        const row = t.get(key);
        if (row) rows.push(row);
      }
      return { rows, total };
    }
    const light = [...referencedFields(q), ...order.map((k) => k.field.name)].every(
      (n) => n === 'id' || n === 'modifieddate',
    );
    const walk = light ? this.modifiedWalk(obj, test, order, q) : undefined;
    if (walk) return walk(offset, limit);
    const modifiedFrom = modifiedLowerBound(q);
    // Seeded keys that can match: with a lower bound on modifieddate ("changed since"), only those at or
    // after it (records written since start-up are added below); otherwise all of them.
    const seededKeys: Iterable<[number, string | undefined]> =
      test && modifiedFrom !== undefined ? index.entriesFrom(modifiedFrom) : keyRange(size);
    // When q and order use only id and modifieddate, seeded rows are tested as {id, modifieddate} and
    // only the rows of the page are generated in full.
    const matches: { key: number; row: SpotlerRow }[] = [];
    for (const [key, modified] of seededKeys) {
      if (written.has(key) || !t.has(key)) continue;
      const row = light
        ? {
            id: idOf(obj.name, key),
            modifieddate: modified ?? vendorDateTime(seededModifiedSec(obj.name, seed, key) * 1000),
          }
        : t.get(key);
      if (row && (!test || test(row))) matches.push({ key, row });
    }
    for (const key of written) {
      const row = t.get(key);
      if (row && (!test || test(row))) matches.push({ key, row });
    }
    const compare = compareRows(order);
    matches.sort((a, b) => compare(a.row, b.row));
    const rows = matches
      .slice(offset, offset + limit)
      .map((m) => (light && !written.has(m.key) ? t.get(m.key) : m.row))
      .filter((r): r is SpotlerRow => r !== undefined);
    return { rows, total: matches.length };
  }

  /**
   * The sync's walk in (modifieddate, id) order, in time proportional to the page: the seeded rows come
   * in that order from the index, and a q that matches every row after some time (its keyset) needs
   * testing only between its lower bound and that time; the rest is counted, not tested. Undefined when
   * the query is of another shape (then every row is tested and sorted).
   */
  private modifiedWalk(
    obj: SpotlerObject,
    test: RowTest | undefined,
    order: OrderKey[],
    q: string | null,
  ): ((offset: number, limit: number) => { rows: SpotlerRow[]; total: number }) | undefined {
    const [first, second, ...others] = order;
    const byModified =
      first?.field.name === 'modifieddate' &&
      !first.desc &&
      (second === undefined || (second.field.name === 'id' && !second.desc)) &&
      others.length === 0;
    const after = test ? matchesAllAfter(q) : -Infinity;
    const from = test ? modifiedLowerBound(q) : -Infinity;
    if (!byModified || after === undefined || from === undefined || from > after) return undefined;
    const { table: t, touched: written, index } = this.of(obj);
    const light = (key: number, modifieddate: string): SpotlerRow => ({ id: idOf(obj.name, key), modifieddate });
    const tested = index.position(from);
    const untested = index.position(after, true);
    // Seeded rows between the bound and `after`, tested; written rows sorted apart (there are few).
    const near: { key: number; row: SpotlerRow }[] = [];
    for (const [key, modified] of index.entriesAt(tested, untested)) {
      if (written.has(key) || !t.has(key)) continue;
      const row = light(key, modified);
      if (!test || test(row)) near.push({ key, row });
    }
    const compare = compareRows(order);
    const changed: { key: number; row: SpotlerRow }[] = [];
    let changedLater = 0;
    for (const key of written) {
      if (key <= this.size && seededModifiedSec(obj.name, this.seed, key) > after) changedLater++;
      const row = t.get(key);
      if (row && (!test || test(row))) changed.push({ key, row });
    }
    changed.sort((a, b) => compare(a.row, b.row));
    const total = near.length + (index.length - untested - changedLater) + changed.length;
    return (offset, limit) => {
      function* seeded(): Generator<{ key: number; row: SpotlerRow }> {
        yield* near;
        for (const [key, modified] of index.entriesAt(untested)) {
          if (!written.has(key)) yield { key, row: light(key, modified) };
        }
      }
      const rows: SpotlerRow[] = [];
      let skipped = 0;
      const emit = (row: () => SpotlerRow | undefined) => {
        if (skipped < offset) skipped++;
        else {
          const r = row();
          if (r) rows.push(r);
        }
      };
      let c = 0;
      for (const m of seeded()) {
        for (let w = changed[c]; w && rows.length < limit && compare(w.row, m.row) < 0; w = changed[++c]) {
          const { row } = w;
          emit(() => row);
        }
        if (rows.length >= limit) break;
        emit(() => t.get(m.key));
        if (rows.length >= limit) break;
      }
      for (let w = changed[c]; w && rows.length < limit; w = changed[++c]) {
        const { row } = w;
        emit(() => row);
      }
      return { rows, total };
    };
  }
}
