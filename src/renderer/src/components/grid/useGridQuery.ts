import type { SortingState, Updater } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { Field } from '../../../../shared/fields.ts';
import type { Filter, ListQuery } from '../../../../shared/query.ts';
import { fromFilters, quickSearchField, toFilters, type ColumnFilterValue } from './filters.ts';
import { applyUpdater } from './useGridTable.ts';

/**
 * What the grid asks the vendor for: page, sort, column filters and the quick search, as one ListQuery.
 * Any change of sort, filter or search goes back to page 1.
 */
export function useGridQuery(fields: Field[], labelFields: string[] | undefined, pageSize: number, offline: boolean) {
  const [page, setPage] = useState(1);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filters, setFilters] = useState<Record<string, ColumnFilterValue>>({});
  const [search, setSearchText] = useState('');
  // A saved view's filters that no column filter can show (e.g. `!=`): applied as they are.
  const [fixed, setFixed] = useState<Filter[]>([]);
  const searchField = quickSearchField(fields, labelFields);

  const query: ListQuery = useMemo(() => {
    const list = [...toFilters(filters), ...fixed];
    // Offline, the box searches every text field through the mirror's search index.
    const words = offline && search.trim() !== '' ? { search: search.trim() } : {};
    if (!offline && search.trim() !== '' && searchField)
      list.push({ field: searchField.name, op: 'contains', value: search.trim() });
    const first = sorting[0];
    return {
      page,
      pageSize,
      filters: list,
      ...words,
      ...(first ? { sort: { field: first.id, desc: first.desc } } : {}),
    };
  }, [filters, fixed, search, searchField, sorting, page, pageSize, offline]);

  return {
    query,
    /** The filters a saved view keeps: the columns' and the view's own, without the quick search. */
    viewFilters: [...toFilters(filters), ...fixed],
    /** Shows a saved view's filters and sort (page 1, quick search cleared). */
    applyView: (viewFilters: readonly Filter[], sort: { field: string; desc: boolean } | null) => {
      const { columns, rest } = fromFilters(viewFilters, fields);
      setFilters(columns);
      setFixed(rest);
      setSorting(sort ? [{ id: sort.field, desc: sort.desc }] : []);
      setSearchText('');
      setPage(1);
    },
    page,
    setPage,
    sorting,
    onSortingChange: (u: Updater<SortingState>) => {
      setSorting((s) => applyUpdater(u, s));
      setPage(1);
    },
    filters,
    setFilter: (name: string, v: ColumnFilterValue | undefined) => {
      setFilters((old) => {
        const { [name]: _old, ...rest } = old;
        return v ? { ...rest, [name]: v } : rest;
      });
      setPage(1);
    },
    search,
    searchField,
    setSearch: (text: string) => {
      setSearchText(text);
      setPage(1);
    },
  };
}
