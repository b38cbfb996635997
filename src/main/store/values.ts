import type { RecordValue } from '../../shared/fields.ts';

/**
 * Whether two field values are the same for conflict detection. Vendors answer an empty field as null,
 * '' or a missing key interchangeably (e.g. vtiger sends '' where Simplicate omits the key), so all
 * empties are equal; anything else must match exactly, arrays element by element.
 */
export function sameValue(a: RecordValue | undefined, b: RecordValue | undefined): boolean {
  const emptyA = isBlank(a);
  const emptyB = isBlank(b);
  if (emptyA || emptyB) return emptyA && emptyB;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return a === b;
}

function isBlank(v: RecordValue | undefined): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}
