import type { LookupSource, SpotlerField, SpotlerObject } from './schema.ts';
import type { SpotlerRow } from './seed.ts';

/**
 * Checks a POST/PATCH body against the data dictionary. Failures use the doc's 422 shape:
 *   "validation": { "accountid": [ { "Required": [] } ] }
 * i.e. per field a list of {RuleName: [parameters]}. Rule names other than "Required" are this
 * simulator's (Laravel-style, like the doc's example).
 */
export type ValidationMap = Record<string, { [rule: string]: (string | number)[] }[]>;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const validDate = (s: string) => datePattern.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
const validDateTime = (s: string) => dateTimePattern.test(s) && !Number.isNaN(Date.parse(`${s.replace(' ', 'T')}Z`));

function checkValue(
  obj: SpotlerObject,
  field: SpotlerField,
  value: unknown,
  exists: (object: string, id: number) => boolean,
  lookup: LookupSource,
): { [rule: string]: (string | number)[] } | undefined {
  if (value === null || value === '') return undefined; // emptiness is the Required rule's business
  const inLookup = (v: unknown) => (lookup(obj.name, field.name) ?? []).some((i) => i.id === v);
  switch (field.type) {
    case 'string':
    case 'text':
    case 'phone':
      if (typeof value !== 'string') return { String: [] };
      if (field.maxlength !== undefined && [...value].length > field.maxlength) return { Max: [field.maxlength] };
      return undefined;
    case 'email':
      if (typeof value !== 'string' || !emailPattern.test(value)) return { Email: [] };
      if (field.maxlength !== undefined && value.length > field.maxlength) return { Max: [field.maxlength] };
      return undefined;
    case 'url':
      if (typeof value !== 'string' || !URL.canParse(value)) return { Url: [] };
      return undefined;
    case 'integer':
      return Number.isInteger(value) ? undefined : { Integer: [] };
    case 'decimal':
    case 'currency':
    case 'percent':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : { Numeric: [] };
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { Boolean: [] };
    case 'date':
      return typeof value === 'string' && validDate(value) ? undefined : { DateFormat: ['Y-m-d'] };
    case 'datetime':
      return typeof value === 'string' && validDateTime(value) ? undefined : { DateFormat: ['Y-m-d H:i:s'] };
    case 'lookup':
      return inLookup(value) ? undefined : { In: [] };
    case 'multilookup':
      return Array.isArray(value) && value.every(inLookup) ? undefined : { In: [] };
    case 'user':
      return inLookup(value) ? undefined : { Exists: [] };
    case 'reference':
      return Number.isInteger(value) && exists(field.references ?? '', value as number) ? undefined : { Exists: [] };
  }
}

export function validateBody(
  obj: SpotlerObject,
  body: Record<string, unknown>,
  mode: 'create' | 'update',
  exists: (object: string, id: number) => boolean,
  lookup: LookupSource,
): ValidationMap {
  const errors: ValidationMap = {};
  const add = (name: string, rule: { [rule: string]: (string | number)[] }) => (errors[name] ??= []).push(rule);
  for (const [name, value] of Object.entries(body)) {
    const field = obj.fields.find((x) => x.name === name);
    if (!field) {
      add(name, { NotInDataDictionary: [] });
      continue;
    }
    if (field.readonly) {
      add(name, { ReadOnly: [] });
      continue;
    }
    const failed = checkValue(obj, field, value, exists, lookup);
    if (failed) add(name, failed);
  }
  for (const field of obj.fields) {
    if (!field.required) continue;
    const value = body[field.name];
    const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
    // On create every mandatory field must be present (doc: "It is required to include all mandatory
    // fields ... via POST"); on update only an explicit emptying is refused.
    if ((mode === 'create' && (value === undefined || empty)) || (mode === 'update' && value !== undefined && empty)) {
      add(field.name, { Required: [] });
    }
  }
  return errors;
}

/** A new record: defaults for fields the body left out, nulls elsewhere. */
export function defaultsFor(obj: SpotlerObject): SpotlerRow {
  const row: SpotlerRow = {};
  for (const field of obj.fields) {
    row[field.name] = field.default ?? (field.type === 'multilookup' ? [] : null);
  }
  return row;
}
