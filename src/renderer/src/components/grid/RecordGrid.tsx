import { useEffect, useMemo, useRef } from 'react';
import { useCommand } from '../../commands/bus.ts';
import { useTranslation } from 'react-i18next';
import type { SavedView } from '../../../../shared/views.ts';
import { useViews } from '../../queries/views.ts';
import { ViewBar } from './ViewBar.tsx';
import type { CrmRecord, Field, ModuleSchema } from '../../../../shared/fields.ts';
import type { ListQuery } from '../../../../shared/query.ts';
import { inlineEditableTypes, isEditable } from '../../lib/validation.ts';
import { useRecordPage, useReferenceLabels } from '../../queries/records.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { GridHead } from './GridHead.tsx';
import { GridPager } from './GridPager.tsx';
import { GridRows } from './GridRows.tsx';
import { GridToolbar } from './GridToolbar.tsx';
import { useGridPrefs } from './gridPrefs.ts';
import { useGridKeyboard } from './useGridKeyboard.ts';
import { useGridQuery } from './useGridQuery.ts';
import { useGridTable, type GridRow } from './useGridTable.ts';
import { useInlineEdits } from './useInlineEdits.ts';

const noRows: CrmRecord[] = [];

interface Props {
  connection: string;
  schema: ModuleSchema;
  offline: boolean;
  onOpenRecord: (id: string) => void;
  onNew: () => void;
  /** `fromCopy`: the grid is showing the offline copy (the vendor could not be reached). */
  onExport: (query: Pick<ListQuery, 'sort' | 'filters'>, columns: string[], fromCopy: boolean) => void;
  /** The saved view shown: a name, null for the module's own layout, undefined until chosen (the default applies). */
  viewName?: string | null | undefined;
  onViewName?: (name: string | null) => void;
}

/**
 * The module grid: every page, sort and filter is done by the vendor (server side); the table only lays
 * out one page, virtualized. Layout (visible columns, order, widths, page size) is saved per module.
 * The parts: useGridQuery (what is asked), useGridTable (columns and saved layout), useInlineEdits
 * (edit buffer and leave guard), useGridKeyboard (virtual rows and keys), and the markup components.
 */
export function RecordGrid({
  connection,
  schema,
  offline,
  onOpenRecord,
  onNew,
  onExport,
  viewName,
  onViewName = () => undefined,
}: Props) {
  const { t } = useTranslation();
  const module = schema.module;
  const fields = useMemo(() => schema.fields.filter((f) => f.type !== 'password'), [schema.fields]);
  const fieldByName = useMemo(() => new Map(fields.map((f) => [f.name, f])), [fields]);
  const { prefs, update: updatePrefs } = useGridPrefs(connection, module);
  const q = useGridQuery(fields, schema.labelFields, prefs.pageSize, offline);
  const ref = useMemo(() => ({ connection, module }), [connection, module]);
  const result = useRecordPage(ref, q.query, offline);
  const rows = result.data?.rows ?? noRows;
  const labels = useReferenceLabels(connection, fields, rows);
  const layout = useGridTable({
    schema,
    fields,
    fieldByName,
    rows,
    sorting: q.sorting,
    onSortingChange: q.onSortingChange,
    prefs,
    updatePrefs,
  });
  const { table } = layout;
  const gridRef = useRef<HTMLDivElement>(null);
  const edits = useInlineEdits(ref, rows, fieldByName, gridRef);

  const canEdit = (f: Field) => schema.capabilities.update && isEditable(f) && inlineEditableTypes.has(f.type);
  const editFirstCell = (row: GridRow) => {
    const f = table
      .getVisibleLeafColumns()
      .map((c) => fieldByName.get(c.id))
      .find((x): x is Field => x !== undefined && canEdit(x));
    if (f) edits.startEdit(row.id, f.name, row.original[f.name]);
    return f !== undefined;
  };
  const tableRows = table.getRowModel().rows;
  const keyboard = useGridKeyboard({
    gridRef,
    rows: tableRows,
    editing: edits.editing !== null,
    hasMore: result.data?.hasMore === true,
    page: q.page,
    setPage: q.setPage,
    onOpen: (row) => onOpenRecord(row.id),
    onEdit: editFirstCell,
  });

  const views = useViews(connection, module);
  // The module opens with its default view until the user chooses; a chosen view is applied once.
  const chosen = viewName === undefined ? (views.data?.find((v) => v.default)?.name ?? null) : viewName;
  const applied = useRef<string | null>(null);
  const view = views.data?.find((v) => v.name === chosen) ?? null;
  // The grid's part of the view: saving a bulk mapping with it does not lay the grid out again.
  const viewKey = view ? JSON.stringify({ ...view, bulkMap: undefined }) : null;
  useEffect(() => {
    if (!view || applied.current === viewKey) return;
    applied.current = viewKey;
    const columns = view.columns.filter((c) => fieldByName.has(c));
    updatePrefs({
      visibility: Object.fromEntries(fields.map((f) => [f.name, columns.includes(f.name)])),
      order: [...columns, ...fields.map((f) => f.name).filter((n) => !columns.includes(n))],
      sizing: view.widths,
      pageSize: view.pageSize,
    });
    q.applyView(view.filters, view.sort);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- applied once per view content
  }, [viewKey]);
  const capture = (name: string): SavedView => {
    const columns = table.getVisibleLeafColumns().map((c) => c.id);
    return {
      name,
      columns,
      widths: Object.fromEntries(
        Object.entries(prefs.sizing)
          .filter(([k]) => columns.includes(k))
          .map(([k, w]) => [k, Math.round(Math.min(2000, Math.max(20, w)))]),
      ),
      filters: q.viewFilters,
      sort: q.query.sort ?? null,
      pageSize: prefs.pageSize,
      default: false,
    };
  };

  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const totalWidth = headers.reduce((w, h) => w + h.getSize(), 0);
  const total = result.data?.total;

  const startExport = () =>
    onExport(
      { filters: q.query.filters, ...(q.query.sort ? { sort: q.query.sort } : {}) },
      table.getVisibleLeafColumns().map((c) => c.id),
      result.data?.offline !== undefined,
    );
  // The palette's and Alt+E's export: what the grid shows, as the toolbar's button does.
  useCommand('export', startExport);
  return (
    <div className="grid-wrap" data-testid="grid">
      <ViewBar
        connection={connection}
        module={module}
        current={chosen}
        onChoose={(name) => {
          applied.current = null;
          onViewName(name);
        }}
        capture={capture}
      />
      <GridToolbar
        search={q.search}
        searchField={q.searchField}
        offline={offline}
        onSearch={q.setSearch}
        fields={fields}
        layout={layout}
        onReload={() => void result.refetch()}
        onExport={startExport}
        edits={edits}
        onNew={schema.capabilities.create ? onNew : null}
      />
      <div
        className="grid"
        ref={gridRef}
        tabIndex={0}
        role="grid"
        aria-rowcount={total ?? -1}
        aria-busy={result.isFetching}
        aria-keyshortcuts="ArrowUp ArrowDown Home End PageUp PageDown Enter F2"
        onKeyDown={keyboard.onKeyDown}
      >
        <GridHead
          table={table}
          headers={headers}
          width={totalWidth}
          fieldByName={fieldByName}
          filters={q.filters}
          onFilter={q.setFilter}
        />
        {result.isError && !result.data && <ErrorBox error={result.error} onRetry={() => void result.refetch()} />}
        {result.isPending && <div className="grid-state">{t('common.loading')}</div>}
        {result.isSuccess && rows.length === 0 && <div className="grid-state empty">{t('grid.noRecords')}</div>}
        <GridRows
          connection={connection}
          rows={tableRows}
          virtualizer={keyboard.virtualizer}
          width={totalWidth}
          activeRow={keyboard.activeRow}
          onActivate={keyboard.setActiveRow}
          fieldByName={fieldByName}
          labels={labels}
          canEdit={canEdit}
          edits={edits}
          onOpenRecord={onOpenRecord}
        />
      </div>
      <GridPager
        page={q.page}
        setPage={q.setPage}
        pageSize={prefs.pageSize}
        onPageSize={(size) => {
          updatePrefs({ pageSize: size });
          q.setPage(1);
        }}
        rowCount={rows.length}
        total={total}
        hasMore={result.data?.hasMore === true}
        placeholder={result.isPlaceholderData}
        fetching={result.isFetching}
        offline={result.data?.offline}
      />
    </div>
  );
}
