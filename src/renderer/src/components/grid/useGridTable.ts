import {
  columnOrderingFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnOrderState,
  type ColumnSizingState,
  type ColumnVisibilityState,
  type Header,
  type ReactTable,
  type Row,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { useMemo } from 'react';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import type { CrmRecord, Field, ModuleSchema } from '../../../../shared/fields.ts';
import { defaultColumnOrder, type GridPrefs } from './gridPrefs.ts';

const features = tableFeatures({
  rowSortingFeature,
  columnSizingFeature,
  columnResizingFeature,
  columnVisibilityFeature,
  columnOrderingFeature,
});
const helper = createColumnHelper<typeof features, CrmRecord>();
const DEFAULT_VISIBLE = 8;

export type GridTable = ReactTable<typeof features, CrmRecord>;
export type GridRow = Row<typeof features, CrmRecord>;
export type GridHeader = Header<typeof features, CrmRecord>;

export function applyUpdater<T>(updater: Updater<T>, old: T): T {
  return typeof updater === 'function' ? (updater as (o: T) => T)(old) : updater;
}

interface Options {
  schema: ModuleSchema;
  fields: Field[];
  fieldByName: ReadonlyMap<string, Field>;
  rows: CrmRecord[];
  sorting: SortingState;
  onSortingChange: (u: Updater<SortingState>) => void;
  prefs: GridPrefs;
  updatePrefs: (patch: Partial<GridPrefs>) => void;
}

/**
 * The table over one page, with the saved layout: visible columns, order and widths come from the
 * module's prefs; until the user chooses, the naming fields come first and the first few are shown.
 */
export function useGridTable({
  schema,
  fields,
  fieldByName,
  rows,
  sorting,
  onSortingChange,
  prefs,
  updatePrefs,
}: Options) {
  // In a right-to-left layout a column's end is its left edge: dragging left widens it.
  const { dir } = useLocale();
  const columns = useMemo(
    () =>
      helper.columns(
        fields.map((f) =>
          helper.accessor((row: CrmRecord) => row[f.name] ?? null, {
            id: f.name,
            header: f.label,
            size: f.type === 'text' ? 260 : f.type === 'boolean' ? 90 : 160,
            minSize: 50,
            enableSorting: f.sortable !== false,
          }),
        ),
      ),
    [fields],
  );
  // By default the record view's order: naming and identity fields first (shared/layout.ts).
  const defaultOrder = useMemo(() => defaultColumnOrder(schema, fields), [schema, fields]);
  const columnOrder = useMemo(() => {
    const known = prefs.order.filter((n) => fieldByName.has(n));
    return [...known, ...defaultOrder.filter((n) => !known.includes(n))];
  }, [prefs.order, defaultOrder, fieldByName]);
  const columnVisibility = useMemo<ColumnVisibilityState>(() => {
    if (Object.keys(prefs.visibility).length > 0) return prefs.visibility;
    return Object.fromEntries(defaultOrder.map((n, i) => [n, i < DEFAULT_VISIBLE]));
  }, [prefs.visibility, defaultOrder]);

  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row: CrmRecord) => row.id,
    manualSorting: true,
    enableMultiSort: false,
    columnResizeMode: 'onChange',
    columnResizeDirection: dir,
    state: { sorting, columnVisibility, columnOrder, columnSizing: prefs.sizing },
    onSortingChange,
    onColumnVisibilityChange: (u: Updater<ColumnVisibilityState>) =>
      updatePrefs({ visibility: applyUpdater(u, columnVisibility) }),
    onColumnOrderChange: (u: Updater<ColumnOrderState>) => updatePrefs({ order: applyUpdater(u, columnOrder) }),
    onColumnSizingChange: (u: Updater<ColumnSizingState>) => updatePrefs({ sizing: applyUpdater(u, prefs.sizing) }),
  });

  const moveColumn = (name: string, delta: -1 | 1) => {
    const i = columnOrder.indexOf(name);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= columnOrder.length) return;
    const next = [...columnOrder];
    [next[i], next[j]] = [next[j] ?? name, next[i] ?? name];
    updatePrefs({ order: next });
  };

  return {
    table,
    columnOrder,
    columnVisibility,
    moveColumn,
    toggleColumn: (name: string, visible: boolean) =>
      updatePrefs({ visibility: { ...columnVisibility, [name]: visible } }),
    resetLayout: () => updatePrefs({ visibility: {}, order: [], sizing: {} }),
  };
}

export type GridLayout = ReturnType<typeof useGridTable>;
