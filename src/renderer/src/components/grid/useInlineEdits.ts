import { useEffect, useRef, useState, type RefObject } from 'react';
import type { CrmRecord, Field, RecordValue } from '../../../../shared/fields.ts';
import { sameValue } from '../../../../shared/values.ts';
import { i18n } from '../../i18n/instance.ts';
import { validateField } from '../../lib/validation.ts';
import { useUpdateRecord } from '../../queries/records.ts';
import { useLeaveGuard } from '../../state/leaveGuard.tsx';
import { errorMessage, fieldMessages } from '../common/ErrorBox.tsx';

/** Changed values per row id, not yet sent. */
export type Pending = Record<string, Record<string, RecordValue>>;
export interface EditingCell {
  rowId: string;
  field: string;
  draft: RecordValue | undefined;
}

/**
 * The grid's inline edits: the cell being edited, the buffer of changed values per row (sent together
 * with Apply, one update per row), the per-row errors of the last Apply, and the leave guard that asks
 * before unapplied edits are lost.
 */
export function useInlineEdits(
  ref: { connection: string; module: string },
  rows: CrmRecord[],
  fieldByName: ReadonlyMap<string, Field>,
  gridRef: RefObject<HTMLDivElement | null>,
) {
  const [pending, setPending] = useState<Pending>({});
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState<EditingCell | null>(null);
  const [applying, setApplying] = useState(false);
  const updateRecord = useUpdateRecord(ref);

  // An inline edit ended from the keyboard (Enter, Escape) gives focus back to the grid once the editor is
  // gone, so arrow keys go on working; ended by a click elsewhere, focus stays where the user put it.
  const refocusGrid = useRef(false);
  useEffect(() => {
    if (editing !== null || !refocusGrid.current) return;
    refocusGrid.current = false;
    gridRef.current?.focus();
  }, [editing, gridRef]);

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
          return msg && f ? i18n.t('common.fieldMessage', { field: f.label, message: msg }) : null;
        })
        .filter((m): m is string => m !== null);
      if (invalid.length) {
        errors[id] = invalid.join(i18n.t('common.detailSeparator'));
        left[id] = data;
        continue;
      }
      try {
        await updateRecord.mutateAsync({ id, data });
      } catch (err) {
        // The vendor's per-field messages, named by the fields' labels, on the row they belong to.
        const fields = fieldMessages(err);
        const detail = fields
          ? Object.entries(fields)
              .map(([k, m]) => i18n.t('common.fieldMessage', { field: fieldByName.get(k)?.label ?? k, message: m }))
              .join(i18n.t('common.detailSeparator'))
          : '';
        errors[id] = detail || errorMessage(err);
        left[id] = data;
      }
    }
    setPending(left);
    setRowErrors(errors);
    setApplying(false);
  };

  return {
    pending,
    pendingCount,
    rowErrors,
    editing,
    applying,
    startEdit: (rowId: string, field: string, draft: RecordValue | undefined) => setEditing({ rowId, field, draft }),
    changeDraft: (draft: RecordValue | undefined) => setEditing((e) => (e ? { ...e, draft } : e)),
    commitEdit,
    cancelEdit: () => setEditing(null),
    /** The edit is ending from the keyboard: the grid takes focus back once the editor is gone. */
    refocusAfterEdit: () => {
      refocusGrid.current = true;
    },
    applyPending,
    discard: () => {
      setPending({});
      setRowErrors({});
    },
  };
}

export type InlineEdits = ReturnType<typeof useInlineEdits>;
