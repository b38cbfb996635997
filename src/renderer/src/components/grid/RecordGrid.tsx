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
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { CrmError } from '../../../../shared/errors.ts';
import type { CrmRecord, Field, ModuleSchema, RecordValue } from '../../../../shared/fields.ts';
import type { ListQuery } from '../../../../shared/query.ts';
import { formatTimestamp, formatValue } from '../../lib/format.ts';
import { inlineEditableTypes, isEditable, validateField } from '../../lib/validation.ts';
import { useRecordPage, useReferenceLabels, useUpdateRecord } from '../../queries/records.ts';
import { useLeaveGuard } from '../../state/leaveGuard.tsx';
import { ErrorBox, errorMessage } from '../common/ErrorBox.tsx';
import { sameValue } from '../form/RecordForm.tsx';
import { ColumnChooser } from './ColumnChooser.tsx';
import { ColumnFilter } from './ColumnFilter.tsx';
import { filterKindFor, quickSearchField, toFilters, type ColumnFilterValue } from './filters.ts';
import { useGridPrefs } from './gridPrefs.ts';
import { InlineEditor } from './InlineEditor.tsx';

const features = tableFeatures({
  rowSortingFeature,
  columnSizingFeature,
  columnResizingFeature,
  columnVisibilityFeature,
  columnOrderingFeature,
});
const helper = createColumnHelper<typeof features, CrmRecord>();
const noRows: CrmRecord[] = [];
const ROW_HEIGHT = 30;
const PAGE_SIZES = [25, 50, 100, 250, 500];
const DEFAULT_VISIBLE = 8;

interface Props {
  connection: string;
  schema: ModuleSchema;
  offline: boolean;
  onOpenRecord: (id: string) => void;
  onNew: () => void;
  /** `fromCopy`: the grid is showing the offline copy (the vendor could not be reached). */
  onExport: (query: Pick<ListQuery, 'sort' | 'filters'>, columns: string[], fromCopy: boolean) => void;
}

type Pending = Record<string, Record<string, RecordValue>>;
interface EditingCell {
  rowId: string;
  field: string;
  draft: RecordValue | undefined;
}

function apply<T>(updater: Updater<T>, old: T): T {
  return typeof updater === 'function' ? (updater as (o: T) => T)(old) : updater;
}

/**
 * The module grid: every page, sort and filter is done by the vendor (server side); the table only lays
 * out one page, virtualized. Layout (visible columns, order, widths, page size) is saved per module.
 */
export function RecordGrid({ connection, schema, offline, onOpenRecord, onNew, onExport }: Props) {
  const module = schema.module;
  const fields = useMemo(() => schema.fields.filter((f) => f.type !== 'password'), [schema.fields]);
  const fieldByName = useMemo(() => new Map(fields.map((f) => [f.name, f])), [fields]);
  const { prefs, update: updatePrefs } = useGridPrefs(connection, module);
  const [page, setPage] = useState(1);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filters, setFilters] = useState<Record<string, ColumnFilterValue>>({});
  const [search, setSearch] = useState('');
  const [activeRow, setActiveRow] = useState(0);
  const [pending, setPending] = useState<Pending>({});
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState<EditingCell | null>(null);
  const [applying, setApplying] = useState(false);
  const searchField = quickSearchField(fields, schema.labelFields);

  const query: ListQuery = useMemo(() => {
    const list = toFilters(filters);
    // Offline, the box searches every text field through the mirror's search index.
    const words = offline && search.trim() !== '' ? { search: search.trim() } : {};
    if (!offline && search.trim() !== '' && searchField)
      list.push({ field: searchField.name, op: 'contains', value: search.trim() });
    const first = sorting[0];
    return {
      page,
      pageSize: prefs.pageSize,
      filters: list,
      ...words,
      ...(first ? { sort: { field: first.id, desc: first.desc } } : {}),
    };
  }, [filters, search, searchField, sorting, page, prefs.pageSize, offline]);
  const ref = useMemo(() => ({ connection, module }), [connection, module]);
  const result = useRecordPage(ref, query, offline);
  const rows = result.data?.rows ?? noRows;
  const labels = useReferenceLabels(connection, fields, rows);
  const updateRecord = useUpdateRecord(ref);

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
  // By default the naming fields come first, then the others in the vendor's order.
  const defaultOrder = useMemo(() => {
    const naming = (schema.labelFields ?? []).filter((n) => fields.some((f) => f.name === n));
    return [...naming, ...fields.map((f) => f.name).filter((n) => !naming.includes(n))];
  }, [fields, schema.labelFields]);
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
    state: { sorting, columnVisibility, columnOrder, columnSizing: prefs.sizing },
    onSortingChange: (u: Updater<SortingState>) => {
      setSorting((s) => apply(u, s));
      setPage(1);
    },
    onColumnVisibilityChange: (u: Updater<ColumnVisibilityState>) =>
      updatePrefs({ visibility: apply(u, columnVisibility) }),
    onColumnOrderChange: (u: Updater<ColumnOrderState>) => updatePrefs({ order: apply(u, columnOrder) }),
    onColumnSizingChange: (u: Updater<ColumnSizingState>) => updatePrefs({ sizing: apply(u, prefs.sizing) }),
  });

  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRows = table.getRowModel().rows;
  // The virtualizer's functions change every render; the React Compiler skipping this component is intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const totalWidth = headers.reduce((w, h) => w + h.getSize(), 0);

  const setFilter = (name: string, v: ColumnFilterValue | undefined) => {
    setFilters((old) => {
      const { [name]: _old, ...rest } = old;
      return v ? { ...rest, [name]: v } : rest;
    });
    setPage(1);
  };

  const moveColumn = (name: string, delta: -1 | 1) => {
    const i = columnOrder.indexOf(name);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= columnOrder.length) return;
    const next = [...columnOrder];
    [next[i], next[j]] = [next[j] ?? name, next[i] ?? name];
    updatePrefs({ order: next });
  };

  const canEdit = (f: Field) => schema.capabilities.update && isEditable(f) && inlineEditableTypes.has(f.type);
  // An inline edit ended from the keyboard (Enter, Escape) gives focus back to the grid once the editor is
  // gone, so arrow keys go on working; ended by a click elsewhere, focus stays where the user put it.
  const refocusGrid = useRef(false);
  useEffect(() => {
    if (editing !== null || !refocusGrid.current) return;
    refocusGrid.current = false;
    scrollRef.current?.focus();
  }, [editing]);

  const commitEdit = (cell: EditingCell) => {
    setEditing(null);
    const original = rows.find((r) => r.id === cell.rowId)?.[cell.field];
    setPending((p) => {
      const row = { ...p[cell.rowId] };
      if (sameValue(original, cell.draft)) delete row[cell.field];
      else row[cell.field] = cell.draft ?? null;
      const { [cell.rowId]: _drop, ...rest } = p;
      return Object.keys(row).length ? { ...rest, [cell.rowId]: row } : rest;
    });
  };

  const pendingCount = Object.keys(pending).length;
  // Unapplied inline edits are unsaved input: leaving the module asks first (see leaveGuard.tsx).
  const { setDirty } = useLeaveGuard();
  useEffect(() => {
    setDirty(pendingCount > 0, 'grid');
  }, [pendingCount, setDirty]);
  useEffect(() => () => setDirty(false, 'grid'), [setDirty]);
  const applyPending = async () => {
    setApplying(true);
    const errors: Record<string, string> = {};
    const left: Pending = {};
    for (const [id, data] of Object.entries(pending)) {
      const invalid = Object.entries(data)
        .map(([name, v]) => {
          const f = fieldByName.get(name);
          const msg = f ? validateField(f, v) : null;
          return msg && f ? `${f.label}: ${msg}` : null;
        })
        .filter((m): m is string => m !== null);
      if (invalid.length) {
        errors[id] = invalid.join('; ');
        left[id] = data;
        continue;
      }
      try {
        await updateRecord.mutateAsync({ id, data });
      } catch (err) {
        // The vendor's per-field messages, named by the fields' labels, on the row they belong to.
        const detail =
          err instanceof CrmError && err.fields
            ? Object.entries(err.fields)
                .map(([k, m]) => `${fieldByName.get(k)?.label ?? k}: ${m}`)
                .join('; ')
            : '';
        errors[id] = detail || errorMessage(err);
        left[id] = data;
      }
    }
    setPending(left);
    setRowErrors(errors);
    setApplying(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed into a filter or an inline editor belong to that input, not to row navigation.
    if (editing || e.target !== e.currentTarget) return;
    const last = tableRows.length - 1;
    const move = (to: number) => {
      const next = Math.max(0, Math.min(last, to));
      setActiveRow(next);
      virtualizer.scrollToIndex(next);
      e.preventDefault();
    };
    if (e.key === 'ArrowDown') move(activeRow + 1);
    else if (e.key === 'ArrowUp') move(activeRow - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(last);
    else if (e.key === 'PageDown' && result.data?.hasMore) {
      setPage((p) => p + 1);
      e.preventDefault();
    } else if (e.key === 'PageUp' && page > 1) {
      setPage((p) => p - 1);
      e.preventDefault();
    } else if (e.key === 'Enter') {
      const row = tableRows[activeRow];
      if (row) onOpenRecord(row.id);
    } else if (e.key === 'F2') {
      // The keyboard's double-click: edit the active row's first editable visible cell.
      const row = tableRows[activeRow];
      const f = table
        .getVisibleLeafColumns()
        .map((c) => fieldByName.get(c.id))
        .find((x): x is Field => x !== undefined && canEdit(x));
      if (row && f) {
        setEditing({ rowId: row.id, field: f.name, draft: row.original[f.name] });
        e.preventDefault();
      }
    }
  };

  const total = result.data?.total;
  const pageCount = total !== undefined ? Math.max(1, Math.ceil(total / prefs.pageSize)) : null;
  const from = rows.length ? (page - 1) * prefs.pageSize + 1 : 0;
  const visibleNames = table.getVisibleLeafColumns().map((c) => c.id);

  return (
    <div className="grid-wrap" data-testid="grid">
      <div className="toolbar">
        <input
          type="search"
          className="quick-search"
          dir="auto"
          placeholder={offline ? 'Search all text…' : searchField ? `Search ${searchField.label}…` : 'Search'}
          aria-label="Quick search"
          disabled={!offline && !searchField}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
        <ColumnChooser
          fields={fields}
          order={columnOrder}
          visible={(n) => columnVisibility[n] !== false}
          onToggle={(n, v) => updatePrefs({ visibility: { ...columnVisibility, [n]: v } })}
          onMove={moveColumn}
          onReset={() => updatePrefs({ visibility: {}, order: [], sizing: {} })}
        />
        <button type="button" onClick={() => void result.refetch()} title="Reload this page">
          ⟳
        </button>
        <button
          type="button"
          onClick={() =>
            onExport(
              { filters: query.filters, ...(query.sort ? { sort: query.sort } : {}) },
              visibleNames,
              result.data?.offline !== undefined,
            )
          }
        >
          Export…
        </button>
        <span className="spacer" />
        {pendingCount > 0 && (
          <span className="pending-bar" data-testid="pending-bar">
            {pendingCount} row{pendingCount === 1 ? '' : 's'} changed
            <button
              type="button"
              onClick={() => {
                setPending({});
                setRowErrors({});
              }}
              disabled={applying}
            >
              Discard
            </button>
            <button type="button" className="primary" onClick={() => void applyPending()} disabled={applying}>
              {applying ? 'Applying…' : 'Apply'}
            </button>
          </span>
        )}
        {schema.capabilities.create && (
          <button type="button" className="primary" onClick={onNew}>
            New
          </button>
        )}
      </div>
      <div
        className="grid"
        ref={scrollRef}
        tabIndex={0}
        role="grid"
        aria-rowcount={total ?? -1}
        aria-busy={result.isFetching}
        aria-keyshortcuts="ArrowUp ArrowDown Home End PageUp PageDown Enter F2"
        onKeyDown={onKeyDown}
      >
        <div className="grid-head" role="rowgroup" style={{ width: totalWidth }}>
          <div className="grid-row head" role="row">
            {headers.map((h) => {
              const sorted = h.column.getIsSorted();
              return (
                <div
                  key={h.id}
                  className="grid-cell head"
                  role="columnheader"
                  data-column={h.column.id}
                  data-type={fieldByName.get(h.column.id)?.type}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                  style={{ width: h.getSize() }}
                >
                  <button
                    type="button"
                    className="sort-button"
                    dir="auto"
                    disabled={!h.column.getCanSort()}
                    onClick={h.column.getToggleSortingHandler()}
                    title={fieldByName.get(h.column.id)?.name}
                  >
                    <table.FlexRender header={h} />
                    <span className="sort-mark">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}</span>
                  </button>
                  <span
                    className={`resizer${h.column.getIsResizing() ? ' resizing' : ''}`}
                    onMouseDown={h.getResizeHandler()}
                    onDoubleClick={() => h.column.resetSize()}
                    role="separator"
                    aria-label={`Resize ${h.column.id}`}
                  />
                </div>
              );
            })}
          </div>
          <div className="grid-row filters" role="row">
            {headers.map((h) => {
              const f = fieldByName.get(h.column.id);
              return (
                <div key={h.id} className="grid-cell filter" style={{ width: h.getSize() }} data-filter={h.column.id}>
                  {f && filterKindFor(f) && (
                    <ColumnFilter field={f} value={filters[f.name]} onChange={(v) => setFilter(f.name, v)} />
                  )}
                </div>
              );
            })}
          </div>
        </div>
        {result.isError && !result.data && <ErrorBox error={result.error} onRetry={() => void result.refetch()} />}
        {result.isPending && <div className="grid-state">Loading…</div>}
        {result.isSuccess && rows.length === 0 && <div className="grid-state empty">No records match.</div>}
        <div className="grid-body" role="rowgroup" style={{ height: virtualizer.getTotalSize(), width: totalWidth }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = tableRows[item.index];
            if (!row) return null;
            const rowPending = pending[row.id];
            const rowError = rowErrors[row.id];
            return (
              <div
                key={row.id}
                className={`grid-row${item.index === activeRow ? ' active' : ''}${rowPending ? ' pending' : ''}${rowError ? ' row-error' : ''}`}
                role="row"
                data-row-id={row.id}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => setActiveRow(item.index)}
              >
                {row.getVisibleCells().map((cell) => {
                  const f = fieldByName.get(cell.column.id);
                  if (!f) return null;
                  const isEditing = editing?.rowId === row.id && editing.field === f.name;
                  const changed = rowPending !== undefined && f.name in rowPending;
                  const value = changed ? rowPending[f.name] : row.original[f.name];
                  return (
                    <div
                      key={cell.id}
                      className={`grid-cell${changed ? ' changed' : ''}${numeric(f) ? ' num' : ''}`}
                      role="gridcell"
                      data-column={f.name}
                      dir="auto"
                      style={{ width: cell.column.getSize() }}
                      onDoubleClick={() => {
                        if (canEdit(f)) setEditing({ rowId: row.id, field: f.name, draft: value });
                        else onOpenRecord(row.id);
                      }}
                    >
                      {isEditing && editing ? (
                        <InlineEditor
                          connection={connection}
                          field={f}
                          value={editing.draft}
                          onChange={(v) => setEditing({ ...editing, draft: v })}
                          onCommit={(v) => commitEdit({ ...editing, draft: v })}
                          onCancel={() => setEditing(null)}
                          onKeyboardExit={() => {
                            refocusGrid.current = true;
                          }}
                        />
                      ) : (
                        <span className="cell-text">{formatValue(f, value, labels[f.name])}</span>
                      )}
                    </div>
                  );
                })}
                <button
                  type="button"
                  className="open-row"
                  aria-label={`Open record ${row.id}`}
                  onClick={() => onOpenRecord(row.id)}
                >
                  ›
                </button>
                {rowError && (
                  <span className="row-error-text" role="alert" data-testid="row-error" dir="auto">
                    {rowError}
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div className="pager" data-testid="pager">
        <button type="button" aria-label="First page" disabled={page <= 1} onClick={() => setPage(1)}>
          «
        </button>
        <button type="button" aria-label="Previous page" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
          ‹
        </button>
        <span data-testid="page-info">
          Page {page}
          {pageCount !== null ? ` of ${pageCount}` : ''} · rows {from}–{from + rows.length - (rows.length ? 1 : 0)}
          {total !== undefined ? ` of ${total}` : result.data?.hasMore ? ' (more)' : ''}
        </span>
        <button
          type="button"
          aria-label="Next page"
          disabled={!result.data?.hasMore || result.isPlaceholderData}
          onClick={() => setPage((p) => p + 1)}
        >
          ›
        </button>
        {pageCount !== null && (
          <button type="button" aria-label="Last page" disabled={page >= pageCount} onClick={() => setPage(pageCount)}>
            »
          </button>
        )}
        <label>
          Page size{' '}
          <select
            value={prefs.pageSize}
            onChange={(e) => {
              updatePrefs({ pageSize: Number(e.target.value) });
              setPage(1);
            }}
          >
            {PAGE_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {result.isFetching && <span className="muted">Loading…</span>}
        {result.data?.offline && (
          <span className="tag" data-testid="offline-copy">
            offline copy · synced {formatTimestamp(result.data.offline.lastSyncAt)}
          </span>
        )}
      </div>
    </div>
  );
}

function numeric(f: Field): boolean {
  return f.type === 'integer' || f.type === 'decimal' || f.type === 'currency' || f.type === 'percent';
}
