import { describe, expect, it } from 'vitest';
import { foldForSearch, searchQuery } from '../../src/main/store/fold.ts';
import { openConnectionStore } from '../../src/main/store/index.ts';
import type { ModuleSchema } from '../../src/shared/fields.ts';
import { plainField as field } from '../helpers/fields.ts';

describe('folding text for search', () => {
  it('drops Latin diacritics and case, and expands compatibility forms', () => {
    expect(foldForSearch('Zürich CAFÉ Ærø ﬁne Ｆull')).toBe('zurich cafe ærø fine full');
    expect(foldForSearch('Ştefan Đorđe Çağ')).toBe('stefan đorđe cag');
  });

  it('makes the Arabic and Persian spellings of a letter one', () => {
    expect(foldForSearch('علي')).toBe(foldForSearch('علی')); // ي / ی
    expect(foldForSearch('كتاب')).toBe(foldForSearch('کتاب')); // ك / ک
    expect(foldForSearch('مدرسة')).toBe(foldForSearch('مدرسه')); // ة / ه
    expect(foldForSearch('أحمد إبراهيم آرش')).toBe('احمد ابراهیم ارش'); // hamza forms, madda
    expect(foldForSearch('خانۀ مؤسسه')).toBe(foldForSearch('خانه موسسه'));
  });

  it('removes harakat, tatweel and zero-width joiners, and reads Persian and Arabic digits', () => {
    expect(foldForSearch('مُحَمَّد')).toBe('محمد');
    expect(foldForSearch('كتـــاب')).toBe(foldForSearch('کتاب'));
    expect(foldForSearch('می\u200cخواهم')).toBe('میخواهم');
    expect(foldForSearch('۱۲۳۴ ٥٦٧')).toBe('1234 567');
  });

  it('turns words into a prefix query and ignores punctuation; nothing to search is null', () => {
    expect(searchQuery('  Zürich, "ACME"  ')).toBe('"zurich"* AND "acme"*');
    expect(searchQuery(' - , ')).toBeNull();
  });
});

const schema: ModuleSchema = {
  module: 'Contacts',
  capabilities: { create: true, update: true, delete: true },
  fields: [field('name', 'string'), field('city', 'picklist'), field('secret', 'password'), field('n', 'integer')],
};

describe('the mirror search index (FTS5)', () => {
  it('finds records the way people type: without accents, with either letter variant, by word prefix', () => {
    const store = openConnectionStore(':memory:');
    try {
      store.mirror.saveSchema('Contacts', schema);
      store.mirror.upsertMany('Contacts', [
        { id: '1', name: 'Café Zürich', city: 'Köln', secret: 'hunter2', n: 7 },
        { id: '2', name: 'مدرسة علي', city: 'تهران' },
        { id: '3', name: 'کتابخانه ملی', city: 'شیراز' },
        { id: '4', name: 'Another Café', city: 'Gent' },
      ]);
      const ids = (text: string) =>
        store.mirror
          .search('Contacts', text)
          .map((r) => r.id)
          .sort();
      expect(ids('cafe')).toEqual(['1', '4']);
      expect(ids('zur koln')).toEqual(['1']);
      expect(ids('مدرسه علی')).toEqual(['2']); // typed with ه for ة and Persian ی
      expect(ids('كتاب')).toEqual(['3']); // Arabic kaf, prefix of the word
      expect(ids('hunter2')).toEqual([]); // passwords are not indexed
      expect(ids('7')).toEqual([]); // numbers are not text to search
      // The grid's offline search: the same index under the page's filters, sort and count.
      const page = store.mirror.page('Contacts', {
        search: 'café',
        sort: { field: 'name', desc: true },
        offset: 0,
        limit: 10,
      });
      expect(page.rows.map((r) => r.id)).toEqual(['1', '4']);
      expect(page.total).toBe(2);
      // An edit changes what is found; a deletion removes it from the index.
      store.mirror.upsertMany('Contacts', [{ id: '4', name: 'Another Bar', city: 'Gent' }]);
      expect(ids('cafe')).toEqual(['1']);
      store.mirror.deleteMany('Contacts', ['1']);
      expect(ids('cafe')).toEqual([]);
      // A pending offline edit is searched in the page, over the stored values.
      const edited = store.mirror.page('Contacts', {
        search: 'bistro',
        overlay: new Map([['4', { name: 'Bistro' }]]),
        offset: 0,
        limit: 10,
      });
      expect(edited.rows).toEqual([{ id: '4', name: 'Bistro', city: 'Gent' }]);
    } finally {
      store.close();
    }
  });
});

describe('a search most records match', () => {
  it('pages the same records whether it lists every match or tests the rows the page visits', () => {
    const store = openConnectionStore(':memory:');
    try {
      store.mirror.saveSchema('Contacts', schema);
      const words = ['Zürich', 'zurichsee', 'ZURICHBERG', 'Zug', 'Köln', 'Kölner Dom', 'كتاب', 'کتابخانه'];
      store.mirror.upsertMany(
        'Contacts',
        Array.from({ length: 300 }, (_, i) => ({
          id: String(i + 1).padStart(3, '0'),
          name: `${words[i % words.length]} ${words[(i * 5) % words.length]}`,
          city: words[(i * 3) % words.length],
        })),
      );
      const page = (search: string, offset: number, sort?: { field: string; desc: boolean }) => {
        const p = store.mirror.page('Contacts', { search, sort, offset, limit: 10 });
        return { total: p.total, ids: p.rows.map((r) => r.id) };
      };
      for (const search of ['zur', 'zurich', 'koln dom', 'کتاب', 'z k']) {
        for (const sort of [undefined, { field: 'name', desc: true }]) {
          const all = [...store.mirror.rows('Contacts', { search, sort })].map((r) => (r.ok ? r.record.id : r.id));
          for (const offset of [0, 20, all.length - 5]) {
            store.mirror.fewMatches = () => 0; // many matches: tests rows one by one near the start
            const byRow = page(search, offset, sort);
            store.mirror.fewMatches = () => Infinity; // few matches: lists them all, then sorts
            expect(byRow, `${search} ${offset}`).toEqual(page(search, offset, sort));
            expect(byRow).toEqual({ total: all.length, ids: all.slice(Math.max(0, offset), offset + 10) });
          }
        }
      }
    } finally {
      store.close();
    }
  });
});
