import { numericTypes, type Field, type RecordValue } from './fields.ts';

/**
 * Whether a field value is empty. Vendors answer an empty field as null, '' or a missing key
 * interchangeably (vtiger sends '' where Simplicate leaves the key out), and an empty list is empty too.
 */
export function isEmptyValue(v: RecordValue | undefined): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/**
 * Whether two field values are the same: for a form's or the grid's "changed" mark and for the sync's
 * conflict checks alike. All empties are equal; anything else must match exactly, lists element by element.
 */
export function sameValue(a: RecordValue | undefined, b: RecordValue | undefined): boolean {
  const emptyA = isEmptyValue(a);
  const emptyB = isEmptyValue(b);
  if (emptyA || emptyB) return emptyA && emptyB;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return a === b;
}

/** Whether a field holds a number (integer, decimal, currency, percent): right-aligned, compared as numbers. */
export function isNumericField(field: Pick<Field, 'type'>): boolean {
  return numericTypes.has(field.type);
}
