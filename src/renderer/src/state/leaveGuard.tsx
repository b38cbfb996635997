import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../components/common/ConfirmDialog.tsx';

/**
 * Who holds unsaved edits: the open record form, or the grid's inline edits not yet applied. The grid
 * stays mounted while a record is open, so its edits are only lost when the module itself is left.
 */
export type DirtySource = 'form' | 'grid';

interface LeaveGuard {
  /** A form or the grid reports whether it holds unsaved edits. */
  setDirty: (dirty: boolean, source?: DirtySource) => void;
  /**
   * Runs `action` now, or after the user agrees to drop unsaved edits. `leavesModule` says the grid
   * goes away too (another module or connection), so its unapplied edits count as well.
   */
  guard: (action: () => void, leavesModule?: boolean) => void;
}

const Context = createContext<LeaveGuard>({ setDirty: () => undefined, guard: (a) => a() });

export function LeaveGuardProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const dirty = useRef<Record<DirtySource, boolean>>({ form: false, grid: false });
  const [pending, setPending] = useState<(() => void) | null>(null);
  const setDirty = useCallback((d: boolean, source: DirtySource = 'form') => {
    dirty.current[source] = d;
  }, []);
  const guard = useCallback((action: () => void, leavesModule = true) => {
    if (dirty.current.form || (leavesModule && dirty.current.grid)) setPending(() => action);
    else action();
  }, []);
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (dirty.current.form || dirty.current.grid) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
  const value = useMemo(() => ({ setDirty, guard }), [setDirty, guard]);
  return (
    <Context.Provider value={value}>
      {children}
      {pending && (
        <ConfirmDialog
          title={t('leave.title')}
          message={t('leave.message')}
          confirmLabel={t('leave.confirm')}
          danger
          onCancel={() => setPending(null)}
          onConfirm={() => {
            dirty.current = { form: false, grid: false };
            const action = pending;
            setPending(null);
            action();
          }}
        />
      )}
    </Context.Provider>
  );
}

export function useLeaveGuard(): LeaveGuard {
  return useContext(Context);
}
