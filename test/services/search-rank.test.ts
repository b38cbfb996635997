import { describe, expect, it } from 'vitest';
import { compareHits, matchTier, scoreHit, searchKey } from '../../src/main/services/search-rank.ts';

describe('search ranking', () => {
  it('folds case, accents, Persian letter variants and punctuation into the comparison key', () => {
    expect(searchKey('  Café  Noir B.V. ')).toBe('cafe noir b v');
    // Arabic kaf and yeh as people type them on an Arabic keyboard = the Persian letters stored.
    expect(searchKey('كيان')).toBe(searchKey('کیان'));
  });

  it('tells exact, prefix, word, inside-a-word and other-field matches apart', () => {
    expect(matchTier('acme', 'ACME')).toBe('exact');
    expect(matchTier('zoe', 'Zoë')).toBe('exact');
    expect(matchTier('acme', 'Acme Holding')).toBe('prefix');
    expect(matchTier('hold acm', 'Acme Holding')).toBe('words');
    expect(matchTier('cme', 'Acme')).toBe('contains');
    expect(matchTier('amsterdam', 'Acme Holding')).toBe('other');
    expect(matchTier('', 'Acme')).toBe('other');
  });

  it('scores exact above prefix above words above contains above other, whatever the lengths', () => {
    const scores = [
      scoreHit('acme', 'Acme'),
      scoreHit('acme', 'Acme Holding International Group of Companies'),
      scoreHit('acme', 'The Acme'),
      scoreHit('acme', 'Bacme'),
      scoreHit('acme', 'Zeta'),
    ];
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(scores).size).toBe(5);
    expect(scores.every(Number.isInteger)).toBe(true);
  });

  it('within a tier, prefers the label the search covers most', () => {
    expect(scoreHit('acme', 'Acme BV')).toBeGreaterThan(scoreHit('acme', 'Acme Holding International'));
    expect(scoreHit('acme', 'Acme Holding International')).toBeLessThan(300 + 100);
  });

  it('orders hits best first, then by label, connection, module and id', () => {
    const h = (connection: string, label: string, score: number, id = '1') => ({
      connection,
      module: 'm',
      id,
      label,
      score,
    });
    const sorted = [
      h('b', 'Beta', 200),
      h('a', 'Acme', 400),
      h('b', 'alpha', 200),
      h('a', 'alpha', 200, '2'),
      h('a', 'alpha', 200, '1'),
    ].sort(compareHits);
    expect(sorted.map((x) => `${x.score} ${x.label} ${x.connection} ${x.id}`)).toEqual([
      '400 Acme a 1',
      '200 alpha a 1',
      '200 alpha a 2',
      '200 alpha b 1',
      '200 Beta b 1',
    ]);
  });
});
