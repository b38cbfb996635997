import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/store/database.ts';
import { compileFilters } from '../../src/main/store/filter.ts';
import { migrations } from '../../src/main/store/migrations.ts';
import { openConnectionStore, type ConnectionStore } from '../../src/main/store/index.ts';
import type { CrmRecord, ModuleSchema, RecordData } from '../../src/shared/fields.ts';
import type { Filter } from '../../src/shared/query.ts';
import { plainField as field } from '../helpers/fields.ts';

/**
 * `contains` on a text field is answered by a trigram index (module-tables.ts, createTrigram and fillTrigram; filled at once here) when the
 * text has three characters or more. These compare it with the in-JavaScript filter (the old
 * implementation) and check that the index follows every write.
 */
let dir: string;
let store: ConnectionStore | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mirror-contains-'));
});
afterEach(() => {
  store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const schema: ModuleSchema = {
  module: 'Things',
  capabilities: { create: true, update: true, delete: true },
  fields: [field('name', 'string'), field('city', 'picklist'), field('n', 'integer')],
};

function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return { next, pick };
}
type Random = ReturnType<typeof random>;

// Latin with accents in both cases, Persian and Arabic letter variants, a letter whose lower case is
// two code points (İ), one outside the BMP, a quote (FTS5 query syntax), digits and spaces.
const letters = ['a', 'A', 'b', 'é', 'É', 'ü', 'Ü', 'ß', 'z', 'ی', 'ي', 'ک', 'ك', 'ه', 'İ', '😀', '"', ' ', '1'];

function text(r: Random, max: number): string {
  let t = '';
  const n = Math.floor(r.next() * (max + 1));
  for (let i = 0; i < n; i++) t += r.pick(letters);
  return t;
}

function record(r: Random, id: string): CrmRecord {
  const roll = r.next();
  return {
    id,
    name: roll < 0.1 ? null : roll < 0.15 ? '' : text(r, 12),
    city: r.pick(['Köln', 'KÖLN', 'شیراز', 'Gent', null]),
    n: Math.floor(r.next() * 10),
  };
}

/** A value to look for: mostly a piece of a stored name (so that some match), in any case. */
function needle(r: Random, records: readonly CrmRecord[]): string {
  const source = String(r.pick(records).name ?? '');
  const chars = [...source];
  if (chars.length === 0 || r.next() < 0.2) return text(r, 5);
  const from = Math.floor(r.next() * chars.length);
  const piece = chars.slice(from, from + 1 + Math.floor(r.next() * 6)).join('');
  return r.next() < 0.5 ? piece.toUpperCase() : piece;
}

const trigramTables = (s: ConnectionStore): string[] =>
  (
    s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%_tri'").all() as {
      name: string;
    }[]
  )
    .map((t) => t.name)
    .sort();

function expectSame(
  s: ConnectionStore,
  shown: readonly CrmRecord[],
  filters: Filter[],
  edits = new Map<string, RecordData>(),
) {
  const expected = shown
    .filter(compileFilters(filters, schema.fields))
    .map((x) => x.id)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const label = JSON.stringify(filters);
  const page = s.mirror.page('Things', { filters, overlay: edits, offset: 0, limit: 10_000 });
  expect(page.total, label).toBe(expected.length);
  expect(
    page.rows.map((x) => x.id),
    label,
  ).toEqual(expected);
  const streamed = [...s.mirror.rows('Things', { filters, overlay: edits })].map((x) => (x.ok ? x.record.id : x.id));
  expect(streamed, label).toEqual(expected);
}

function fill(records: CrmRecord[]): ConnectionStore {
  const s = openConnectionStore(join(dir, 'm.sqlite'));
  s.mirror.trigramFill = 'at-once';
  s.mirror.saveSchema('Things', schema);
  s.mirror.upsertMany('Things', records);
  return s;
}

describe('contains through the trigram index, against the in-JavaScript filter', () => {
  it('finds the same records for any text, shorter than three characters too, in both plans', () => {
    const r = random(31337);
    const records = Array.from({ length: 400 }, (_, i) => record(r, String(i + 1).padStart(4, '0')));
    store = fill(records);
    const overlay = new Map<string, RecordData>([
      ['0007', { name: 'ZÜRICH کتاب' }],
      ['0008', { name: null }],
    ]);
    const shown = records.map((x) => ({ ...x, ...overlay.get(x.id), id: x.id }) as CrmRecord);
    for (let round = 0; round < 160; round++) {
      // Few matches are looked up in the index; many are found by reading the column in order.
      store.mirror.fewMatches = round % 2 ? () => 0 : () => Infinity;
      const filters: Filter[] = [{ field: 'name', op: 'contains', value: needle(r, records) }];
      if (round % 5 === 0) filters.push({ field: 'n', op: '<', value: '5' });
      if (round % 7 === 0) filters.push({ field: 'city', op: 'contains', value: r.pick(['köl', 'ÖLN', 'شیر', 'x']) });
      if (round % 3 === 0) expectSame(store, shown, filters, overlay);
      else expectSame(store, records, filters);
    }
    expect(trigramTables(store)).toEqual([expect.stringMatching(/_tri$/), expect.stringMatching(/_tri$/)]);
  });

  it('matches Persian and accented text the way the old filter did: case folded, letters not', () => {
    store = fill([
      { id: '1', name: 'Café ZÜRICH' },
      { id: '2', name: 'cafe zurich' },
      { id: '3', name: 'علی کتابخانه' },
      { id: '4', name: 'علي كتابخانه' },
      { id: '5', name: 'İstanbul' },
      { id: '6', name: 'say "hi" twice' },
    ]);
    const ids = (value: string) =>
      store?.mirror
        .page('Things', { filters: [{ field: 'name', op: 'contains', value }], offset: 0, limit: 10 })
        .rows.map((x) => x.id);
    expect(ids('FÉ Z')).toEqual(['1']); // case-insensitive, accents kept
    expect(ids('zür')).toEqual(['1']);
    expect(ids('zur')).toEqual(['2']);
    expect(ids('ی کتاب')).toEqual(['3']); // Persian yeh and kaf: the Arabic forms are other letters
    expect(ids('ي كتا')).toEqual(['4']);
    expect(ids('İSTAN')).toEqual(['5']); // lower-cased by JavaScript on both sides
    expect(ids('"hi"')).toEqual(['6']); // a quote is text, not query syntax
    expect(ids('ü')).toEqual(['1']); // one character: read from the column
    expect(ids('ه')).toEqual(['3', '4']);
  });
});

describe('the trigram index follows every write', () => {
  const page = (s: ConnectionStore, value: string, on = 'name') => {
    const p = s.mirror.page('Things', { filters: [{ field: on, op: 'contains', value }], offset: 0, limit: 50 });
    return { total: p.total, ids: p.rows.map((x) => x.id) };
  };

  it('on insert, update and delete, from this connection and from another one', () => {
    store = fill([
      { id: '1', name: 'Alpha Köln' },
      { id: '2', name: 'Beta' },
    ]);
    expect(page(store, 'KÖLN')).toEqual({ total: 1, ids: ['1'] });
    expect(trigramTables(store)).toHaveLength(1);
    store.mirror.upsertMany('Things', [
      { id: '3', name: 'Gamma köln' },
      { id: '2', name: 'Beta Köln' },
      { id: '1', name: 'Alpha Gent' },
    ]);
    expect(page(store, 'köln')).toEqual({ total: 2, ids: ['2', '3'] });
    expect(page(store, 'alpha')).toEqual({ total: 1, ids: ['1'] });
    store.mirror.deleteMany('Things', ['3']);
    expect(page(store, 'köln')).toEqual({ total: 1, ids: ['2'] });
    store.mirror.upsertMany('Things', [{ id: '2', name: null }]);
    expect(page(store, 'köln')).toEqual({ total: 0, ids: [] });
    // A sync writes through its own connection, which never asked for the index.
    const other = openConnectionStore(join(dir, 'm.sqlite'));
    try {
      other.mirror.upsertMany('Things', [{ id: '4', name: 'Delta KÖLN' }]);
      other.mirror.applyChanges('Things', { updated: [{ id: '5', name: 'köln' }], deleted: ['1'], cursor: 'c' });
    } finally {
      other.close();
    }
    expect(page(store, 'köln')).toEqual({ total: 2, ids: ['4', '5'] });
    expect(page(store, 'alpha')).toEqual({ total: 0, ids: [] });
  });

  it('through a new describe: a dropped field loses its index, a field that changes kind gets a new one', () => {
    store = fill([
      { id: '1', name: 'Alpha', city: 'Köln' },
      { id: '2', name: 'Beta', city: 'Gent' },
    ]);
    store.mirror.page('Things', { filters: [{ field: 'name', op: 'contains', value: 'lph' }], offset: 0, limit: 5 });
    store.mirror.page('Things', { filters: [{ field: 'city', op: 'contains', value: 'ent' }], offset: 0, limit: 5 });
    expect(trigramTables(store)).toHaveLength(2);
    // name is dropped; city becomes a number field (another column): both indexes go with their columns.
    store.mirror.saveSchema('Things', { ...schema, fields: [field('city', 'integer'), field('n', 'integer')] });
    expect(trigramTables(store)).toEqual([]);
    store.mirror.upsertMany('Things', [{ id: '3', name: 'Alphabet', city: 'Köln' }]);
    // name comes back: a new column, filled from the stored JSON, and a new index on first use.
    store.mirror.saveSchema('Things', schema);
    expect(page(store, 'ALPH')).toEqual({ total: 2, ids: ['1', '3'] });
    expect(page(store, 'köl', 'city')).toEqual({ total: 2, ids: ['1', '3'] });
    expect(trigramTables(store)).toHaveLength(2);
    store.mirror.upsertMany('Things', [{ id: '1', name: 'Omega', city: 'Gent' }]);
    expect(page(store, 'alph')).toEqual({ total: 1, ids: ['3'] });
  });

  it('after migration 3 moved the records of the old one-table layout', () => {
    const file = join(dir, 'old.sqlite');
    const db = new DatabaseSync(file);
    migrate(
      db,
      migrations.filter((m) => m.version <= 2),
    );
    db.prepare('INSERT INTO modules (module, schema_json) VALUES (?, ?)').run('Things', JSON.stringify(schema));
    const insert = db.prepare('INSERT INTO records (module, id, json, modified, synced_at) VALUES (?, ?, ?, ?, ?)');
    insert.run('Things', '1', JSON.stringify({ id: '1', name: 'Ärger GmbH' }), 'h1', '2026-01-01');
    insert.run('Things', '2', JSON.stringify({ id: '2', name: 'ärgerlich' }), 'h2', '2026-01-01');
    db.close();
    store = openConnectionStore(file);
    store.mirror.trigramFill = 'at-once';
    expect(page(store, 'ÄRGER')).toEqual({ total: 2, ids: ['1', '2'] });
    store.mirror.upsertMany('Things', [{ id: '2', name: 'Ruhe' }]);
    expect(page(store, 'ärger')).toEqual({ total: 1, ids: ['1'] });
  });
});
