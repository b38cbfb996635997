import { useVirtualizer } from '@tanstack/react-virtual';
import { useState, type KeyboardEvent, type RefObject } from 'react';
import type { GridRow } from './useGridTable.ts';

export const ROW_HEIGHT = 30;

interface Options {
  gridRef: RefObject<HTMLDivElement | null>;
  rows: GridRow[];
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
 * The page's rows, virtualized, and the grid's keyboard: arrows, Home and End move the active row,
 * PageUp/PageDown change page, Enter opens the active record, F2 edits it in place.
 */
export function useGridKeyboard({ gridRef, rows, editing, hasMore, page, setPage, onOpen, onEdit }: Options) {
  const [activeRow, setActiveRow] = useState(0);
  // The virtualizer's functions change every render; the React Compiler skipping this hook is intended.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => gridRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed into a filter or an inline editor belong to that input, not to row navigation.
    if (editing || e.target !== e.currentTarget) return;
    const last = rows.length - 1;
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

  return { virtualizer, activeRow, setActiveRow, onKeyDown };
}
