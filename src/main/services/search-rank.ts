import { compareCodePoints } from '../store/module-layout.ts';
import { foldForSearch } from '../store/fold.ts';

/**
 * How well a hit's label answers a search, from best to worst:
 * - exact: the label is the search (after folding: case, accents, Persian letter variants, punctuation);
 * - prefix: the label starts with the search;
 * - words: every word of the search starts a word of the label;
 * - contains: the label holds the search somewhere inside a word (a vendor's `contains`);
 * - other: the record matched on another field (an e-mail, a city) and not on its label.
 */
export type MatchTier = 'exact' | 'prefix' | 'words' | 'contains' | 'other';

const TIER_BASE: Readonly<Record<MatchTier, number>> = { exact: 400, prefix: 300, words: 200, contains: 100, other: 0 };
/** Within a tier, a label that is mostly the search ranks above one where the search is a small part. */
const CLOSENESS_MAX = 99;

/** Folded words joined by single spaces: "Café  Noir B.V." → "cafe noir b v". */
export function searchKey(text: string): string {
  return foldForSearch(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .join(' ');
}

export function matchTier(query: string, label: string): MatchTier {
  const q = searchKey(query);
  const l = searchKey(label);
  if (q === '' || l === '') return 'other';
  if (l === q) return 'exact';
  if (l.startsWith(q)) return 'prefix';
  const labelWords = l.split(' ');
  if (q.split(' ').every((w) => labelWords.some((lw) => lw.startsWith(w)))) return 'words';
  if (l.includes(q)) return 'contains';
  return 'other';
}

/** The hit's score: its tier's base plus how much of the label the search covers (0-99). */
export function scoreHit(query: string, label: string): number {
  const tier = matchTier(query, label);
  if (tier === 'exact') return TIER_BASE.exact;
  const q = searchKey(query).length;
  const l = searchKey(label).length;
  const closeness = l === 0 ? 0 : Math.min(CLOSENESS_MAX, Math.floor((CLOSENESS_MAX * q) / l));
  return TIER_BASE[tier] + (tier === 'other' ? 0 : closeness);
}

export interface RankedHit {
  connection: string;
  module: string;
  id: string;
  label: string;
  score: number;
}

/** Best first: score, then label, connection, module and id, so equal scores keep a stable order. */
export function compareHits(a: RankedHit, b: RankedHit): number {
  return (
    b.score - a.score ||
    compareCodePoints(searchKey(a.label), searchKey(b.label)) ||
    compareCodePoints(a.connection, b.connection) ||
    compareCodePoints(a.module, b.module) ||
    compareCodePoints(a.id, b.id)
  );
}
