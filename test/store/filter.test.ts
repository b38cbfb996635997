import { describe, expect, it } from 'vitest';
import { compileFilters } from '../../src/main/store/filter.ts';
import type { CrmRecord } from '../../src/shared/fields.ts';
import type { Filter } from '../../src/shared/query.ts';
import { accountsSchema } from './fake-connector.ts';

const rows: CrmRecord[] = [
  { id: '1', name: 'Acme BV', city: 'Utrecht', employees: 5, active: true, founded: '2001-02-03', tags: ['a', 'b'] },
  { id: '2', name: 'acme GmbH', city: '', employees: 50, active: false, founded: '2010-12-31', tags: [] },
  { id: '3', name: 'Globex', city: null, employees: 500, active: true, founded: '1999-01-01', tags: ['c'] },
  { id: '4', name: 'شرکت نمونه', city: 'Tehran', employees: 12, active: false, founded: null },
];
const ids = (...filters: Filter[]) => rows.filter(compileFilters(filters, accountsSchema.fields)).map((r) => r.id);

describe('local filter semantics', () => {
  it('compares text case-insensitively', () => {
    expect(ids({ field: 'name', op: '=', value: 'ACME BV' })).toEqual(['1']);
    expect(ids({ field: 'name', op: 'contains', value: 'ACME' })).toEqual(['1', '2']);
    expect(ids({ field: 'name', op: 'startswith', value: 'glo' })).toEqual(['3']);
    expect(ids({ field: 'name', op: 'endswith', value: 'نمونه' })).toEqual(['4']);
    expect(ids({ field: 'name', op: 'in', value: ['globex', 'Acme BV'] })).toEqual(['1', '3']);
  });

  it('compares numbers as numbers, not as text', () => {
    expect(ids({ field: 'employees', op: '>', value: '9' })).toEqual(['2', '3', '4']);
    expect(ids({ field: 'employees', op: '<=', value: '12' })).toEqual(['1', '4']);
    expect(() => ids({ field: 'employees', op: '>', value: 'many' })).toThrow(/not a number/);
  });

  it('compares dates chronologically and booleans as booleans', () => {
    expect(ids({ field: 'founded', op: '>=', value: '2001-01-01' })).toEqual(['1', '2']);
    expect(ids({ field: 'active', op: '=', value: 'true' })).toEqual(['1', '3']);
    expect(ids({ field: 'active', op: '!=', value: '1' })).toEqual(['2', '4']);
  });

  it('treats null, empty text and empty lists as empty', () => {
    expect(ids({ field: 'city', op: 'isempty' })).toEqual(['2', '3']);
    expect(ids({ field: 'tags', op: 'isempty' })).toEqual(['2', '4']);
    expect(ids({ field: 'city', op: '!=', value: 'Utrecht' })).toEqual(['2', '3', '4']);
    expect(ids({ field: 'city', op: '<', value: 'zzz' })).toEqual(['1', '4']);
  });

  it('matches a multipicklist when any value matches, and ANDs filters', () => {
    expect(ids({ field: 'tags', op: '=', value: 'b' })).toEqual(['1']);
    expect(ids({ field: 'tags', op: '!=', value: 'b' })).toEqual(['2', '3', '4']);
    expect(ids({ field: 'name', op: 'contains', value: 'acme' }, { field: 'employees', op: '>', value: '10' })).toEqual(
      ['2'],
    );
  });
});

describe('mirror sort', () => {
  it('sorts text case-insensitively, numbers as numbers, ties by id', async () => {
    const { openConnectionStore } = await import('../../src/main/store/index.ts');
    const store = openConnectionStore(':memory:');
    store.mirror.saveSchema('Accounts', accountsSchema);
    store.mirror.upsertMany('Accounts', [
      { id: '1', name: 'beta', employees: 100 },
      { id: '2', name: 'Alpha', employees: 9 },
      { id: '3', name: 'alpha', employees: 10 },
      { id: '4', name: 'Gamma', employees: null },
    ]);
    const order = (field: string, desc = false) =>
      [...store.mirror.rows('Accounts', { sort: { field, desc } })].map((r) => (r.ok ? r.record.id : '?'));
    expect(order('name')).toEqual(['2', '3', '1', '4']);
    expect(order('employees')).toEqual(['4', '2', '3', '1']);
    expect(order('employees', true)).toEqual(['1', '3', '2', '4']);
    store.close();
  });
});
