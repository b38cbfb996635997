import { VtError } from './errors.ts';
import type { VtRow } from './data.ts';
import type { ModuleStore, SimplyStore } from './store.ts';

/**
 * Turns a create/update `element` into a stored row, the way the real server treats it
 * (docs/vendors.md): unknown fields are silently dropped; booleans take "1"/"0" or JSON true/false and the
 * string "true" is stored as 0; mandatory fields must have a value.
 */
export function elementToRow(
  store: ModuleStore,
  all: SimplyStore,
  element: Record<string, unknown>,
  mode: 'create' | 'update',
  base: VtRow,
  userId: string,
): VtRow {
  const row: VtRow = {};
  for (const f of store.spec.fields) {
    if (f.name === 'id') continue;
    if (f.editable === false) {
      row[f.name] = base[f.name] ?? '';
      continue;
    }
    // Simply CRM builds on vtiger 6.x/7.x code, whose update writes every field left out of the
    // element back empty (docs/vendors.md: send the full retrieved record with the changes).
    const raw = element[f.name];
    let value = raw === undefined ? (mode === 'create' ? (f.default ?? '') : '') : scalar(raw);
    if (f.kind === 'boolean') value = raw === true || value === '1' || raw === 1 ? '1' : '0';
    if (f.kind === 'owner' && value === '' && mode === 'create') value = userId;
    if ((f.kind === 'reference' || f.kind === 'owner') && value !== '')
      checkReference(all, value, f.kind === 'owner' ? ['Users', 'Groups'] : (f.refersTo ?? []));
    row[f.name] = value;
  }
  for (const f of store.spec.fields) {
    if (f.mandatory && f.editable !== false && (row[f.name] ?? '') === '') {
      throw new VtError('MANDATORY_FIELDS_MISSING', `${f.name} does not have a value`);
    }
  }
  row.modifiedby = userId;
  return row;
}

function scalar(v: unknown): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(String).join(' |##| ');
  return JSON.stringify(v);
}

function checkReference(all: SimplyStore, value: string, targets: readonly string[]): void {
  const m = /^(\d+)x(\d+)$/.exec(value);
  const store = m ? [...all.stores.values()].find((s) => s.spec.idPrefix === m[1]) : undefined;
  if (!m || !store || !targets.includes(store.spec.name)) {
    throw new VtError('INVALID_ID_ATTRIBUTE', 'Id specified is incorrect');
  }
  if (!store.table.has(Number(m[2])))
    throw new VtError('ACCESS_DENIED', 'Permission to perform the operation is denied');
}
