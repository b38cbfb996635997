import { useTranslation } from 'react-i18next';
import type { Virtualizer } from '@tanstack/react-virtual';
import type { Field } from '../../../../shared/fields.ts';
import { isNumericField } from '../../../../shared/values.ts';
import { arrows } from '../../i18n/bidi.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { formatValue } from '../../lib/format.ts';
import { InlineEditor } from './InlineEditor.tsx';
import { ROW_HEIGHT } from './useGridKeyboard.ts';
import type { GridRow } from './useGridTable.ts';
import type { InlineEdits } from './useInlineEdits.ts';

interface Props {
  connection: string;
  rows: GridRow[];
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  width: number;
  activeRow: number;
  onActivate: (index: number) => void;
  fieldByName: ReadonlyMap<string, Field>;
  labels: Record<string, Record<string, string>>;
  canEdit: (field: Field) => boolean;
  edits: InlineEdits;
  onOpenRecord: (id: string) => void;
}

/** The rows of the page that are in view: cells (or a cell's inline editor), the open button, row errors. */
export function GridRows({
  connection,
  rows,
  virtualizer,
  width,
  activeRow,
  onActivate,
  fieldByName,
  labels,
  canEdit,
  edits,
  onOpenRecord,
}: Props) {
  const { t } = useTranslation();
  const { formats, dir } = useLocale();
  const { editing, pending, rowErrors } = edits;
  return (
    <div className="grid-body" role="rowgroup" style={{ height: virtualizer.getTotalSize(), width }}>
      {virtualizer.getVirtualItems().map((item) => {
        const row = rows[item.index];
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
            onClick={() => onActivate(item.index)}
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
                  className={`grid-cell${changed ? ' changed' : ''}${isNumericField(f) ? ' num' : ''}`}
                  role="gridcell"
                  data-column={f.name}
                  dir="auto"
                  style={{ width: cell.column.getSize() }}
                  onDoubleClick={() => {
                    if (canEdit(f)) edits.startEdit(row.id, f.name, value);
                    else onOpenRecord(row.id);
                  }}
                >
                  {isEditing && editing ? (
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
              <button
                type="button"
                className="open-row"
                aria-label={t('grid.openRecord', { id: row.id })}
                onClick={() => onOpenRecord(row.id)}
              >
                {arrows(dir).next}
              </button>
            </div>
            {rowError && (
              <span className="row-error-text" role="alert" data-testid="row-error" dir="auto">
                {rowError}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
