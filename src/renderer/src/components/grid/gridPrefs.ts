import { useCallback, useState } from 'react';
import type { Field, ModuleSchema } from '../../../../shared/fields.ts';
import { fieldOrder } from '../../../../shared/layout.ts';
import { DEFAULT_PAGE_SIZE } from '../../../../shared/query.ts';
import { isBoolean, isNumber, isRecordOf, isStringArray, loadJson, saveJson } from '../../lib/storage.ts';

/** Per-module grid layout the user chose: kept in localStorage under the connection and module. */
export interface GridPrefs {
  visibility: Record<string, boolean>;
  order: string[];
  sizing: Record<string, number>;
  pageSize: number;
}

const isVisibility = isRecordOf(isBoolean);
const isSizing = isRecordOf(isNumber);

function isPrefs(v: unknown): v is GridPrefs {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return isVisibility(p.visibility) && isStringArray(p.order) && isSizing(p.sizing) && isNumber(p.pageSize);
}

const empty: GridPrefs = { visibility: {}, order: [], sizing: {}, pageSize: DEFAULT_PAGE_SIZE };

export function useGridPrefs(connection: string, module: string) {
  const key = `crm-desk:grid:${connection}:${module}`;
  const [state, setState] = useState(() => ({ key, prefs: loadJson(key, empty, isPrefs) }));
  // A different module: load its own layout (state derived during render, no effect needed).
  const prefs = state.key === key ? state.prefs : loadJson(key, empty, isPrefs);
  if (state.key !== key) setState({ key, prefs });
  const update = useCallback(
    (patch: Partial<GridPrefs>) => {
      setState((s) => {
        const next = { ...(s.key === key ? s.prefs : loadJson(key, empty, isPrefs)), ...patch };
        saveJson(key, next);
        return { key, prefs: next };
      });
    },
    [key],
  );
  return { prefs, update };
}

/** The columns a module's grid starts with, in the record view's order (identity fields first). */
export function defaultColumnOrder(schema: ModuleSchema, fields: readonly Field[]): string[] {
  const shown = new Set(fields.map((f) => f.name));
  return fieldOrder(schema).filter((n) => shown.has(n));
}
