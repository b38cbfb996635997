import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ConfirmDialog } from '../components/common/ConfirmDialog.tsx';

interface LeaveGuard {
  /** The open form reports whether it holds unsaved edits. */
  setDirty: (dirty: boolean) => void;
  /** Runs `action` now, or after the user agrees to drop unsaved edits. */
  guard: (action: () => void) => void;
}

const Context = createContext<LeaveGuard>({ setDirty: () => undefined, guard: (a) => a() });

export function LeaveGuardProvider({ children }: { children: ReactNode }) {
  const dirty = useRef(false);
  const [pending, setPending] = useState<(() => void) | null>(null);
  const setDirty = useCallback((d: boolean) => {
    dirty.current = d;
  }, []);
  const guard = useCallback((action: () => void) => {
    if (dirty.current) setPending(() => action);
    else action();
  }, []);
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (dirty.current) e.preventDefault();
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
          title="Discard unsaved changes?"
          message="You have edits that were not saved. Leaving now drops them."
          confirmLabel="Discard changes"
          danger
          onCancel={() => setPending(null)}
          onConfirm={() => {
            dirty.current = false;
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
