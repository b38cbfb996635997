import type { DatabaseSync } from 'node:sqlite';
import { lowerText } from './module-layout.ts';
import { trigramPhrase } from './sql-filter.ts';

/**
 * What the mirror's FTS5 indexes know about their own words (`fts5vocab`, a table in the connection's
 * temp schema, so it works on a read-only file too), used to choose how a page is read.
 */
function vocabulary(db: DatabaseSync, index: string): string {
  const vocab = `${index}_vocab`;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${vocab} USING fts5vocab(main, ${index}, 'row')`);
  return `temp.${vocab}`;
}

/** Trigram counts kept in memory at most (about 100 bytes each). */
const MAX_KEPT = 100_000;

/**
 * How many records hold each trigram, as first read: the index reads a trigram's whole list to count
 * it (50 ms for one in most of a million records), so the counts are kept for the session. They only
 * choose a plan; the exact predicate decides what matches, so a count gone stale costs time, not rows.
 */
export class TrigramCounts {
  private readonly counts = new Map<string, number>();

  of(db: DatabaseSync, index: string, trigram: string): number {
    const key = `${index}\u0000${trigram}`;
    const known = this.counts.get(key);
    if (known !== undefined) return known;
    const row = db.prepare(`SELECT doc FROM ${vocabulary(db, index)} WHERE term = ?`).get(trigram) as
      { doc: number } | undefined;
    const n = Number(row?.doc ?? 0);
    if (this.counts.size >= MAX_KEPT) this.counts.clear();
    this.counts.set(key, n);
    return n;
  }
}

/**
 * A `contains` value's rarest trigrams (at most two) as a query of its trigram index, `"a" AND "b"`
 * (candidates, not matches: the trigrams need not be side by side), and how many records hold the
 * rarest.
 */
export function rarestTrigrams(
  db: DatabaseSync,
  index: string,
  value: string,
  counts: TrigramCounts,
): { rarest: string; candidates: number } {
  const chars = [...lowerText(value)];
  const grams = new Set(chars.slice(2).map((_, i) => chars.slice(i, i + 3).join('')));
  const counted = [...grams].map((g) => ({ g, n: counts.of(db, index, g) })).sort((a, b) => a.n - b.n);
  return {
    rarest: counted
      .slice(0, 2)
      .map((c) => trigramPhrase(c.g))
      .join(' AND '),
    candidates: counted[0]?.n ?? 0,
  };
}

/**
 * A prefix search as the exact words of the search index that start each word ("zur"* → ("zurich" OR
 * "zurichs")), which the index tests for one row cheaply (FTS5 expands a prefix anew for every row).
 * Undefined when a word starts no word or more than `most` words of the index.
 */
export function exactWords(db: DatabaseSync, fts: string, words: readonly string[], most: number): string | undefined {
  const terms = db.prepare(`SELECT term FROM ${vocabulary(db, fts)} WHERE term >= ? AND term <= ? LIMIT ?`);
  const groups: string[] = [];
  for (const w of words) {
    const found = (terms.all(w, `${w}\u{10ffff}`, most + 1) as { term: string }[])
      .map((r) => r.term)
      .filter((term) => term.startsWith(w));
    if (found.length === 0 || found.length > most) return undefined;
    groups.push(`(${found.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ')})`);
  }
  return groups.join(' AND ');
}
