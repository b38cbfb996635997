import type { NativeCheck } from './ui-flows.ts';

/**
 * Where each vendor keeps a normalized field in its raw record (as the simulator's control endpoint
 * answers `GET /{vendor}/records/{module}/{id}`) and how it spells the values the flow checks there.
 * These are the facts each connector's folder (src/main/connectors/<vendor>/) maps; the e2e states them
 * on its own so that a connector mapping a field to the wrong place fails the flow.
 */
export interface RawSpelling {
  /** The raw value that holds the normalized field `name`. */
  native(raw: Record<string, unknown>, name: string): unknown;
  /** The option values a stored multi-select holds. */
  multi(value: unknown): string[];
}

const byName = (raw: Record<string, unknown>, name: string): unknown => raw[name];

/** A list stored as a JSON array (of values, or of objects with an id). */
function fromArray(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) =>
    typeof v === 'object' && v !== null && 'id' in v ? String((v as { id: unknown }).id) : String(v),
  );
}

const split =
  (separator: string) =>
  (value: unknown): string[] =>
    typeof value === 'string' && value !== '' ? value.split(separator).map((s) => s.trim()) : fromArray(value);

export const rawSpellings: Record<string, RawSpelling> = {
  // simply/fields.ts: fields keep their webservice names; a multipicklist is joined by ` |##| `;
  // references and owners are webservice ids (`11x42`, `19x1`).
  simply: { native: byName, multi: split(' |##| ') },
  // simplicate/records.ts: nested objects are flattened with `.` (`relation_manager.id`), so the
  // raw value sits at that path.
  simplicate: {
    native: (raw, name) =>
      name
        .split('.')
        .reduce<unknown>(
          (node, key) =>
            typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined,
          raw,
        ),
    multi: fromArray,
  },
  // smartsimple/values.ts: field-list keys are the record's keys; Select Many holds option values
  // joined by `;`.
  smartsimple: { native: byName, multi: split(';') },
  // sarv/fields.ts: module field names; a multienum is stored SuiteCRM-style as `^a^,^b^`.
  sarv: {
    native: byName,
    multi: (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((p) => p.replace(/^\^|\^$/g, ''))
            .filter((p) => p !== '')
        : fromArray(value),
  },
  // spotler/values.ts: datadictionary names; user ids are numbers; a multilookup is a JSON list.
  spotler: { native: byName, multi: fromArray },
};

/**
 * A stored date-time as an instant. Every simulator here keeps `YYYY-MM-DD HH:MM:SS` in UTC (the
 * connectors' vendorDateTime / toDbDatetime / toVendor write UTC); an ISO value with a zone is read as is.
 */
export function rawInstant(value: unknown): number {
  if (typeof value !== 'string' || value === '') return NaN;
  const iso = value.replace(' ', 'T');
  return Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
}

/** The vendor's own field for `name` in its raw record, read the vendor's way, as a comparable text. */
export function nativeText(vendor: string, raw: Record<string, unknown> | null, name: string): string {
  const spelling = rawSpellings[vendor];
  if (!spelling || !raw) return '';
  const v = spelling.native(raw, name);
  return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Whether the raw record's own field for `name` holds what the form wrote. */
export function nativeMatches(
  vendor: string,
  raw: Record<string, unknown> | null,
  name: string,
  check: NativeCheck,
): boolean {
  const spelling = rawSpellings[vendor];
  if (!spelling) throw new Error(`no raw spelling known for ${vendor}`);
  if (!raw) return false;
  const v = spelling.native(raw, name);
  switch (check.kind) {
    case 'id':
      return (typeof v === 'string' || typeof v === 'number') && String(v) === check.value;
    case 'multi':
      return JSON.stringify(spelling.multi(v).sort()) === JSON.stringify(check.values);
    case 'instant':
      return rawInstant(v) === Date.parse(check.iso);
    case 'time':
      return typeof v === 'string' && v.startsWith(check.value);
  }
}
