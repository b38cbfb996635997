import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileFilters } from '../../src/main/store/filter.ts';
import { openConnectionStore, type ConnectionStore } from '../../src/main/store/index.ts';
import type { CrmRecord, Field, ModuleSchema } from '../../src/shared/fields.ts';
import type { Filter } from '../../src/shared/query.ts';
import { plainField } from '../helpers/fields.ts';

/**
 * A `contains` first creates the field's trigram index empty (with its triggers) and fills it a slice
 * at a time between other work (module-tables.ts, fillTrigram): these check that answers stay exact
 * meanwhile, that writes during the fill end up in the index exactly once, that a reopened store
 * carries on where the fill stopped, and that the fill lets other work run.
 */
let dir: string;
const opened: ConnectionStore[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mirror-trigram-fill-'));
});
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const name: Field = plainField('name', 'string', { label: 'Name' });
const schema: ModuleSchema = {
  module: 'Things',
  capabilities: { create: true, update: true, delete: true },
  fields: [name],
};

const words = ['Köln', 'Gent', 'شیراز', 'Zürich', 'Alpha', 'Beta', 'Omega', 'Delta'];
const makeRecords = (n: number, from = 1): CrmRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    id: String(from + i).padStart(4, '0'),
    name: i % 11 === 0 ? null : `${words[i % words.length]} ${words[(i * 3) % words.length]} ${from + i}`,
  }));

function open(file = 'm.sqlite'): ConnectionStore {
  const s = openConnectionStore(join(dir, file));
  s.mirror.trigramFillRows = 5;
  opened.push(s);
  return s;
}

const contains = (value: string): Filter[] => [{ field: 'name', op: 'contains', value }];
const ids = (s: ConnectionStore, value: string) =>
  s.mirror.page('Things', { filters: contains(value), offset: 0, limit: 10_000 }).rows.map((r) => r.id);
const expected = (records: readonly CrmRecord[], value: string) =>
  records
    .filter(compileFilters(contains(value), schema.fields))
    .map((r) => r.id)
    .sort();

const triName = (s: ConnectionStore): string =>
  (
    s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_tri' ESCAPE '\\'").get() as {
      name: string;
    }
  ).name;
const marker = (s: ConnectionStore): number | undefined =>
  (s.db.prepare('SELECT next_rid FROM mirror_trigram_fill').get() as { next_rid: number } | undefined)?.next_rid;

/** What the index holds: each trigram with the rows that hold it and how often it occurs. */
function vocabulary(s: ConnectionStore): unknown[] {
  const tri = triName(s);
  s.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_${tri} USING fts5vocab(main, ${tri}, 'row')`);
  return s.db.prepare(`SELECT term, doc, cnt FROM temp.v_${tri} ORDER BY term`).all();
}

/** The same records in a fresh file, their index filled in one go: what a correct fill ends with. */
function reference(records: readonly CrmRecord[]): unknown[] {
  const s = open('reference.sqlite');
  s.mirror.trigramFill = 'at-once';
  s.mirror.saveSchema('Things', schema);
  s.mirror.upsertMany('Things', records);
  ids(s, 'xyz');
  expect(marker(s)).toBeUndefined();
  return vocabulary(s);
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the trigram index is filled a slice at a time', () => {
  it('answers exactly from the column until the index is ready, then from the index', async () => {
    const records = makeRecords(120);
    const s = open();
    s.mirror.saveSchema('Things', schema);
    s.mirror.upsertMany('Things', records);
    s.mirror.fewMatches = () => Infinity; // the index, once ready, lists the candidates
    expect(ids(s, 'ÖLN')).toEqual(expected(records, 'ÖLN'));
    expect(marker(s)).toBe(0); // created empty: nothing filled yet, and the answer was still exact
    await tick();
    await tick();
    const part = marker(s) ?? 0;
    expect(part).toBeGreaterThan(0);
    expect(part).toBeLessThan(120);
    for (const value of ['ÖLN', 'zür', 'شیر', 'a 1', 'omega delta'])
      expect(ids(s, value)).toEqual(expected(records, value));
    await s.mirror.trigramFills();
    expect(marker(s)).toBeUndefined();
    for (const value of ['ÖLN', 'zür', 'شیر', 'a 1', 'omega delta'])
      expect(ids(s, value)).toEqual(expected(records, value));
    // Taking a row out of the index now takes it out of the answer: the index is what answers.
    const first = expected(records, 'köln')[0] as string;
    const rid = (s.db.prepare('SELECT rid FROM mt_1 WHERE id = ?').get(first) as { rid: number }).rid;
    s.db.prepare(`DELETE FROM ${triName(s)} WHERE rowid = ?`).run(rid);
    expect(ids(s, 'köln')).toEqual(expected(records, 'köln').slice(1));
  });

  it('indexes rows written during the fill exactly once, from this connection and another', async () => {
    let records = makeRecords(100);
    const s = open();
    s.mirror.saveSchema('Things', schema);
    s.mirror.upsertMany('Things', records);
    ids(s, 'gent');
    await tick();
    const other = open();
    const changes: CrmRecord[] = [
      { id: '0090', name: 'Renamed Gent' }, // not yet filled: its trigger indexes it before the fill does
      { id: '0002', name: 'Also renamed' }, // already filled
      { id: '0095', name: null },
      { id: '0200', name: 'Brand new Köln' },
    ];
    s.mirror.upsertMany('Things', changes.slice(0, 2));
    await tick();
    other.mirror.upsertMany('Things', changes.slice(2));
    other.mirror.deleteMany('Things', ['0097', '0001']);
    await tick();
    other.mirror.upsertMany('Things', [{ id: '0100', name: 'last one' }]); // the highest row, deleted and reused
    expect(marker(s)).toBeDefined();
    await s.mirror.trigramFills();
    expect(marker(s)).toBeUndefined();
    const changed = new Map([...changes, { id: '0100', name: 'last one' }].map((r) => [r.id, r]));
    records = [...records.filter((r) => !['0097', '0001'].includes(r.id)), changed.get('0200') as CrmRecord].map(
      (r) => changed.get(r.id) ?? r,
    );
    expect(vocabulary(s)).toEqual(reference(records));
    for (const value of ['gent', 'renamed', 'köln', 'last', 'alpha'])
      expect(ids(s, value)).toEqual(expected(records, value));
  });

  it('carries on where it stopped when the store is reopened', async () => {
    const records = makeRecords(100);
    const first = open();
    first.mirror.saveSchema('Things', schema);
    first.mirror.upsertMany('Things', records);
    ids(first, 'beta');
    await tick();
    await tick();
    first.close(); // the fill stops with the store
    await tick();
    const reopened = open();
    const stopped = marker(reopened) ?? 0;
    expect(stopped).toBeGreaterThan(1);
    // Row 2 was filled before the stop: taken out by hand, it stays out if the fill resumes (not restarts).
    reopened.db.prepare(`DELETE FROM ${triName(reopened)} WHERE rowid = 2`).run();
    expect(ids(reopened, 'beta')).toEqual(expected(records, 'beta'));
    await reopened.mirror.trigramFills();
    expect(marker(reopened)).toBeUndefined();
    const withoutFirst = vocabulary(reopened);
    expect(withoutFirst).not.toEqual(reference(records));
    reopened.db
      .prepare(
        `INSERT INTO ${triName(reopened)} (rowid, body) SELECT rid, ${triName(reopened).split('_')[2] ?? ''} FROM mt_1 WHERE rid = 2`,
      )
      .run();
    expect(vocabulary(reopened)).toEqual(reference(records));
  });

  it('lets other work run between its slices', async () => {
    const s = open();
    s.mirror.saveSchema('Things', schema);
    s.mirror.upsertMany('Things', makeRecords(200));
    ids(s, 'alpha');
    let seen: number | undefined | 'not run';
    seen = 'not run';
    setTimeout(() => {
      seen = marker(s);
    }, 0);
    await s.mirror.trigramFills();
    expect(seen).not.toBe('not run');
    expect(seen).toBeGreaterThanOrEqual(0); // the timer ran while the marker said the fill was unfinished
  });
});
