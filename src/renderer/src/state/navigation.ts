import { useCallback, useState } from 'react';
import { isString, loadJson, saveJson } from '../lib/storage.ts';

/** Where the user is: remembered across launches so the app reopens on the same module and record. */
export interface Place {
  view: 'connections' | 'module';
  connection: string | null;
  module: string | null;
  /** A record id, 'new' for a create form, or null for the grid alone. */
  record: string | null;
  /** Record id whose values prefill a 'new' form (clone). */
  cloneOf: string | null;
  /** A 'new' form opened from a record's Related list: this reference field starts at that record. */
  link?: { field: string; id: string } | null;
  /** The saved view the module's grid shows (null: the module's own layout; absent: its default view). */
  savedView?: string | null;
}

const KEY = 'crm-desk:place';
const home: Place = { view: 'connections', connection: null, module: null, record: null, cloneOf: null };

function isPlace(v: unknown): v is Place {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  const optional = (x: unknown) => x === null || isString(x);
  return (
    (p.view === 'connections' || p.view === 'module') &&
    optional(p.connection) &&
    optional(p.module) &&
    optional(p.record) &&
    optional(p.cloneOf) &&
    (p.link === undefined || p.link === null || isLink(p.link)) &&
    (p.savedView === undefined || optional(p.savedView))
  );
}

function isLink(v: unknown): v is { field: string; id: string } {
  if (typeof v !== 'object' || v === null) return false;
  const l = v as Record<string, unknown>;
  return isString(l.field) && isString(l.id);
}

export function usePlace() {
  const [place, setPlace] = useState<Place>(() => loadJson(KEY, home, isPlace));
  const go = useCallback((next: Partial<Place>) => {
    setPlace((prev) => {
      const merged = { ...prev, ...next };
      saveJson(KEY, merged);
      return merged;
    });
  }, []);
  return { place, go };
}
