import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
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
}

/**
 * The module grid: every page, sort and filter is done by the vendor (server side); the table only lays
 * out one page, virtualized. Layout (visible columns, order, widths, page size) is saved per module.
 * The parts: useGridQuery (what is asked), useGridTable (columns and saved layout), useInlineEdits
 * (edit buffer and leave guard), useGridKeyboard (virtual rows and keys), and the markup components.
 */
export function RecordGrid({ connection, schema, offline, onOpenRecord, onNew, onExport }: Props) {
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

  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const totalWidth = headers.reduce((w, h) => w + h.getSize(), 0);
  const total = result.data?.total;

  return (
    <div className="grid-wrap" data-testid="grid">
      <GridToolbar
        search={q.search}
        searchField={q.searchField}
        offline={offline}
        onSearch={q.setSearch}
        fields={fields}
        layout={layout}
        onReload={() => void result.refetch()}
        onExport={() =>
          onExport(
            { filters: q.query.filters, ...(q.query.sort ? { sort: q.query.sort } : {}) },
            table.getVisibleLeafColumns().map((c) => c.id),
            result.data?.offline !== undefined,
          )
        }
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
