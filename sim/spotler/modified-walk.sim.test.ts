import { describe, expect, it } from 'vitest';
import { compareRows, parseOrder, parseQuery } from './query.ts';
import { objectByName, type SpotlerObject } from './schema.ts';
import type { SpotlerRow } from './seed.ts';
import { SpotlerStore } from './store.ts';

/**
 * The sync's walk in (modifieddate, id) order is answered from the seeded index without testing and
 * sorting every row; these compare its pages and totals with every row tested and sorted here.
 */
const accounts = objectByName('accounts') as SpotlerObject;

function everyRow(store: SpotlerStore): SpotlerRow[] {
  const rows: SpotlerRow[] = [];
  for (let key = 1; key <= 400; key++) {
    const row = store.get(accounts, key);
    if (row) rows.push(row);
  }
  return rows;
}

function oracle(store: SpotlerStore, q: string | null, order: string, offset: number, limit: number) {
  const test = parseQuery(accounts, q);
  const matches = everyRow(store).filter((r) => !test || test(r));
  matches.sort(compareRows(parseOrder(accounts, order)));
  return { ids: matches.slice(offset, offset + limit).map((r) => r.id), total: matches.length };
}

function pageOf(store: SpotlerStore, q: string | null, order: string, offset: number, limit: number) {
  const { rows, total } = store.select(
    accounts,
    parseQuery(accounts, q),
    parseOrder(accounts, order),
    offset,
    limit,
    q,
  );
  return { ids: rows.map((r) => r.id), total };
}

const ORDER = JSON.stringify({ modifieddate: 'asc', id: 'asc' });

describe('SpotlerCRM simulator: the walk in modification order', () => {
  it('pages the keyset queries of a sync exactly like a full sort, with inserts, changes and deletions', () => {
    const store = new SpotlerStore(300, 'walk-test');
    // Written records move to the end of the walk; deleted ones leave it; new ones join it.
    for (const key of [5, 17, 120, 299]) store.change(accounts, key, { name: `changed ${key}` });
    for (const key of [2, 44, 250]) store.remove(accounts, key);
    for (let i = 0; i < 3; i++) store.insert(accounts, { name: `new ${i}` });

    const times = everyRow(store)
      .map((r) => String(r.modifieddate))
      .sort();
    const t = times[150] as string;
    const idsAtT = everyRow(store)
      .filter((r) => r.modifieddate === t)
      .map((r) => Number(r.id));
    const queries: (string | null)[] = [
      null,
      JSON.stringify({ modifieddate: { $gte: t } }),
      JSON.stringify({ modifieddate: { $gt: t } }),
      JSON.stringify({ $or: [{ modifieddate: { $gt: t } }, { modifieddate: t, id: { $nin: idsAtT.slice(0, 1) } }] }),
      JSON.stringify({ $or: [{ modifieddate: { $gt: t } }, { modifieddate: t, id: { $gt: idsAtT[0] ?? 0 } }] }),
      JSON.stringify({ modifieddate: { $gte: (times[0] as string).slice(0, 10) } }),
      JSON.stringify({ modifieddate: { $gt: times[times.length - 1] } }),
    ];
    for (const q of queries) {
      for (const [offset, limit] of [
        [0, 100],
        [0, 7],
        [140, 25],
        [290, 100],
      ] as const) {
        expect(pageOf(store, q, ORDER, offset, limit), `q=${q} offset=${offset}`).toEqual(
          oracle(store, q, ORDER, offset, limit),
        );
      }
    }
  });

  it('walks a sync from the first record to the last in pages, each record once', () => {
    const store = new SpotlerStore(250, 'walk-sync');
    store.change(accounts, 9, { name: 'changed' });
    store.remove(accounts, 10);
    const seen: string[] = [];
    let t: string | null = null;
    let atT: number[] = [];
    for (let step = 0; step < 100; step++) {
      const q: string | null =
        t === null
          ? null
          : JSON.stringify({ $or: [{ modifieddate: { $gt: t } }, { modifieddate: t, id: { $nin: atT } }] });
      const page = pageOf(store, q, ORDER, 0, 40);
      expect(page).toEqual(oracle(store, q, ORDER, 0, 40));
      if (page.ids.length === 0) break;
      for (const id of page.ids) {
        const row = store.get(accounts, Number(id) - accounts.idBase) as SpotlerRow;
        const mt = String(row.modifieddate);
        if (mt !== t) {
          t = mt;
          atT = [];
        }
        atT.push(Number(id));
        seen.push(String(id));
      }
    }
    expect(seen).toEqual(
      everyRow(store)
        .sort(compareRows(parseOrder(accounts, ORDER)))
        .map((r) => String(r.id)),
    );
  });
});
