import { memo, useCallback, useImperativeHandle, useMemo, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { CrmRecord, Field, RecordValue } from '../../../../shared/fields.ts';
import { isNumericField } from '../../../../shared/values.ts';
import { arrows } from '../../i18n/bidi.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { formatValue } from '../../lib/format.ts';
import type { Formats } from '../../i18n/formats.ts';
import { InlineEditor } from './InlineEditor.tsx';
import type { GridHeader, GridRow } from './useGridTable.ts';
import type { EditingCell, InlineEdits } from './useInlineEdits.ts';

export const ROW_HEIGHT = 30;
/** Rows rendered beyond each edge of the view, so a fast scroll does not show empty space. */
const OVERSCAN = 8;

/** What the grid's keyboard asks of the rows: bring one into view. */
export interface GridRowsHandle {
  scrollToIndex(index: number): void;
}

interface Props {
  connection: string;
  rows: GridRow[];
  /** The scrolling element (the grid). */
  scroller: RefObject<HTMLDivElement | null>;
  handle: RefObject<GridRowsHandle | null>;
  headers: GridHeader[];
  width: number;
  activeRow: number;
  onActivate: (index: number) => void;
  fieldByName: ReadonlyMap<string, Field>;
  labels: Record<string, Record<string, string>>;
  canEdit: (field: Field) => boolean;
  edits: InlineEdits;
  onOpenRecord: (id: string) => void;
}

interface Column {
  field: Field;
  width: number;
}

/**
 * The rows of the page that are in view, virtualized. The virtualizer lives here, not in the grid: a
 * scroll then renders this list only, and each row is memoized, so only the rows that enter the view
 * render. Rows have one fixed height (nothing is measured) and their stripes follow their index, not
 * their place among the rendered rows (which changes with every row that scrolls in or out).
 */
export function GridRows({
  connection,
  rows,
  scroller,
  handle,
  headers,
  width,
  activeRow,
  onActivate,
  fieldByName,
  labels,
  canEdit,
  edits,
  onOpenRecord,
}: Props) {
  // The virtualizer's functions change every render; the React Compiler skipping this hook is intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  useImperativeHandle(handle, () => ({ scrollToIndex: (i) => virtualizer.scrollToIndex(i) }), [virtualizer]);
  // The visible columns as plain values, the same array until the layout changes (memoized rows compare it).
  const layoutKey = headers.map((h) => `${h.column.id}:${h.getSize()}`).join(',');
  const columns = useMemo(
    () =>
      headers.flatMap((h): Column[] => {
        const field = fieldByName.get(h.column.id);
        return field ? [{ field, width: h.getSize() }] : [];
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key holds every header's id and size
    [layoutKey, fieldByName],
  );
  const { editing, pending, rowErrors } = edits;
  // Read once here, not in every row: each row mounting would subscribe to the language and locale.
  const { t } = useTranslation();
  const { formats, dir } = useLocale();
  const openLabel = useCallback((id: string) => t('grid.openRecord', { id }), [t]);
  return (
    <div className="grid-body" role="rowgroup" style={{ height: virtualizer.getTotalSize(), width }}>
      {virtualizer.getVirtualItems().map((item) => {
        const row = rows[item.index];
        if (!row) return null;
        return (
          <GridRowView
            key={row.id}
            connection={connection}
            id={row.id}
            record={row.original}
            index={item.index}
            start={item.start}
            columns={columns}
            active={item.index === activeRow}
            pending={pending[row.id]}
            error={rowErrors[row.id]}
            editing={editing?.rowId === row.id ? editing : null}
            labels={labels}
            formats={formats}
            openArrow={arrows(dir).next}
            openLabel={openLabel}
            canEdit={canEdit}
            edits={edits}
            onActivate={onActivate}
            onOpenRecord={onOpenRecord}
          />
        );
      })}
    </div>
  );
}

interface RowProps {
  connection: string;
  id: string;
  record: CrmRecord;
  index: number;
  start: number;
  columns: Column[];
  active: boolean;
  pending: Record<string, RecordValue> | undefined;
  error: string | undefined;
  /** The cell being edited, when it is in this row. */
  editing: EditingCell | null;
  labels: Record<string, Record<string, string>>;
  formats: Formats;
  /** The open button's arrow (it points the reading direction's way) and its accessible name. */
  openArrow: string;
  openLabel: (id: string) => string;
  canEdit: (field: Field) => boolean;
  edits: InlineEdits;
  onActivate: (index: number) => void;
  onOpenRecord: (id: string) => void;
}

/** One row: cells (or a cell's inline editor), the open button and the row's error. */
const GridRowView = memo(function GridRowView({
  connection,
  id,
  record,
  index,
  start,
  columns,
  active,
  pending,
  error,
  editing,
  labels,
  formats,
  openArrow,
  openLabel,
  canEdit,
  edits,
  onActivate,
  onOpenRecord,
}: RowProps) {
  const classes = ['grid-row', index % 2 ? 'even' : 'odd'];
  if (active) classes.push('active');
  if (pending) classes.push('pending');
  if (error) classes.push('row-error');
  return (
    <div
      className={classes.join(' ')}
      role="row"
      data-row-id={id}
      style={{ insetBlockStart: start, height: ROW_HEIGHT }}
      onClick={() => onActivate(index)}
    >
      {columns.map(({ field: f, width }) => {
        const changed = pending !== undefined && f.name in pending;
        const value = changed ? pending[f.name] : record[f.name];
        return (
          <div
            key={f.name}
            className={`grid-cell${changed ? ' changed' : ''}${isNumericField(f) ? ' num' : ''}`}
            role="gridcell"
            data-column={f.name}
            dir="auto"
            style={{ width }}
            onDoubleClick={() => {
              if (canEdit(f)) edits.startEdit(id, f.name, value);
              else onOpenRecord(id);
            }}
          >
            {editing?.field === f.name ? (
              <InlineEditor
                connection={connection}
                field={f}
                value={editing.draft}
                onChange={edits.changeDraft}
                onCommit={(v) => edits.commitEdit({ ...editing, draft: v })}
                onCancel={edits.cancelEdit}
                onKeyboardExit={edits.refocusAfterEdit}
              />
            ) : (
              <span className="cell-text">{formatValue(f, value, labels[f.name], formats)}</span>
            )}
          </div>
        );
      })}
      <div className="open-row-cell" role="gridcell">
        <button type="button" className="open-row" aria-label={openLabel(id)} onClick={() => onOpenRecord(id)}>
          {openArrow}
        </button>
      </div>
      {error && (
        <span className="row-error-text" role="alert" data-testid="row-error" dir="auto">
          {error}
        </span>
      )}
    </div>
  );
});
