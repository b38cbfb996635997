import { useState, type KeyboardEvent } from 'react';
import type { GridRow } from './useGridTable.ts';

interface Options {
  rows: GridRow[];
  /** Brings a row into view (the virtualized rows, GridRows). */
  scrollToRow: (index: number) => void;
  /** True while a cell editor is open: its keys are its own. */
  editing: boolean;
  hasMore: boolean;
  page: number;
  setPage: (update: (page: number) => number) => void;
  onOpen: (row: GridRow) => void;
  /** F2: start editing the row; false when it has no editable visible cell. */
  onEdit: (row: GridRow) => boolean;
}

/**
 * The grid's keyboard: arrows, Home and End move the active row, PageUp/PageDown change page, Enter
 * opens the active record, F2 edits it in place.
 */
export function useGridKeyboard({ rows, scrollToRow, editing, hasMore, page, setPage, onOpen, onEdit }: Options) {
  const [activeRow, setActiveRow] = useState(0);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed into a filter or an inline editor belong to that input, not to row navigation.
    if (editing || e.target !== e.currentTarget) return;
    const last = rows.length - 1;
    const move = (to: number) => {
      const next = Math.max(0, Math.min(last, to));
      setActiveRow(next);
      scrollToRow(next);
      e.preventDefault();
    };
    if (e.key === 'ArrowDown') move(activeRow + 1);
    else if (e.key === 'ArrowUp') move(activeRow - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(last);
    else if (e.key === 'PageDown' && hasMore) {
      setPage((p) => p + 1);
      e.preventDefault();
    } else if (e.key === 'PageUp' && page > 1) {
      setPage((p) => p - 1);
      e.preventDefault();
    } else if (e.key === 'Enter') {
      const row = rows[activeRow];
      if (row) onOpen(row);
    } else if (e.key === 'F2') {
      // The keyboard's double-click: edit the active row's first editable visible cell.
      const row = rows[activeRow];
      if (row && onEdit(row)) e.preventDefault();
    }
  };

  return { activeRow, setActiveRow, onKeyDown };
}
