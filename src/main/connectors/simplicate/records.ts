import { CrmError, type ErrorText } from '../../../shared/errors.ts';
import {
  fieldsError,
  inEnglish,
  serviceError,
  serviceText,
  type ServiceTextKey,
} from '../../../shared/i18n/error-text.ts';
import type { CrmRecord, RecordData, RecordValue } from '../../../shared/fields.ts';
import type { FieldMapping, ModuleModel } from './schema.ts';
import { utcDateTime } from '../common/dates.ts';

/**
 * Simplicate records <-> flat records. GET answers are nested JSON (`visiting_address: {locality}`) with
 * custom fields as a list (`custom_fields: [{name, value, ...}]`); the grid gets one flat key per
 * described field (`visiting_address.locality`, `custom_fields.part_of_country`) and writes are rebuilt
 * into the nested shape, custom fields as `[{name, value}]` (swagger PostCustomFieldValue).
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
export type JsonObject = { [k: string]: JsonValue };

export const isJsonObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function readPath(row: JsonObject, m: FieldMapping): JsonValue | undefined {
  if (m.custom) {
    const list = row.custom_fields;
    const hit = Array.isArray(list) ? list.find((c) => isJsonObject(c) && c.name === m.custom?.name) : undefined;
    return isJsonObject(hit) ? hit.value : undefined;
  }
  let cur: JsonValue | undefined = row;
  for (const seg of m.readPath.split('.')) {
    if (!isJsonObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/**
 * Simplicate writes date-times as `YYYY-MM-DD HH:MM:SS` without a zone (doc, "Advanced Filtering").
 * The doc names no zone; this connector reads and writes them as UTC.
 */
export function vendorDateTimeToIso(v: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)/.exec(v);
  if (!m) return null;
  const time = m[2]?.length === 5 ? `${m[2]}:00` : m[2];
  return `${m[1]}T${time}Z`;
}

export function isoToVendorDateTime(v: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v} 00:00:00`;
  const ms = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(ms)) return null;
  return utcDateTime(ms);
}

function toRecordValue(m: FieldMapping, raw: JsonValue | undefined): RecordValue {
  // An empty field may be left out, sent as null (older answers) or as "" (a field cleared with ""):
  // all three read as empty (docs/vendors.md, Simplicate).
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw === 'object') return null;
  switch (m.field.type) {
    case 'integer':
    case 'decimal':
    case 'currency':
    case 'percent': {
      const n = typeof raw === 'number' ? raw : Number(raw);
      return raw === '' || Number.isNaN(n) ? null : n;
    }
    case 'boolean':
      return typeof raw === 'boolean' ? raw : raw === 1 || raw === '1' || raw === 'true';
    case 'datetime':
      return typeof raw === 'string' ? vendorDateTimeToIso(raw) : null;
    case 'date':
      return typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}/.test(raw) ? raw.slice(0, 10) : null;
    default:
      return String(raw);
  }
}

export function flattenRecord(model: ModuleModel, row: JsonObject): CrmRecord {
  const id = row.id;
  if (typeof id !== 'string' || id === '') throw new CrmError('protocol', 'Simplicate sent a record without an id');
  const out: CrmRecord = { id };
  for (const [name, m] of model.byName) if (name !== 'id') out[name] = toRecordValue(m, readPath(row, m));
  return out;
}

function toVendorValue(m: FieldMapping, value: RecordData[string]): JsonValue | string {
  const name = m.field.name;
  if (value === null || value === '') return m.custom ? '' : null;
  const bad = (what: ServiceTextKey) => fieldsError('validation', { [name]: serviceText(what) });
  switch (m.field.type) {
    case 'integer':
    case 'decimal':
    case 'currency':
    case 'percent': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
      if (Number.isNaN(n) || ((m.field.type === 'integer' || m.field.type === 'percent') && !Number.isInteger(n))) {
        throw bad('errors.service.expectedNumber');
      }
      // Custom field values travel as strings (swagger PostCustomFieldValue.value is a string).
      return m.custom ? String(n) : n;
    }
    case 'boolean': {
      const b =
        value === true || value === 'true' || value === '1'
          ? true
          : value === false || value === 'false' || value === '0'
            ? false
            : undefined;
      if (b === undefined) throw bad('errors.service.expectedBoolean');
      return m.custom ? (b ? '1' : '0') : b;
    }
    case 'datetime': {
      const v = typeof value === 'string' ? isoToVendorDateTime(value) : null;
      if (v === null) throw bad('errors.service.expectedDateTime');
      return v;
    }
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw bad('errors.service.expectedDate');
      return value;
    case 'picklist': {
      const v = String(value);
      if (m.field.options && !m.field.options.some((o) => o.value === v)) throw bad('errors.service.notAllowedValue');
      // A custom field option is written as its id ("a reference to a customfieldoption:abcd",
      // swagger PostCustomFieldValue); standard enums as the value itself.
      const opt = m.custom?.options?.find((o) => (o.value ?? o.label) === v);
      return opt?.id ?? v;
    }
    default:
      if (Array.isArray(value)) throw bad('errors.service.expectedSingle');
      return String(value);
  }
}

function setPath(target: JsonObject, path: string, value: JsonValue): void {
  const segs = path.split('.');
  let cur = target;
  for (const seg of segs.slice(0, -1)) {
    const next = cur[seg];
    cur = cur[seg] = isJsonObject(next) ? next : {};
  }
  cur[segs[segs.length - 1] ?? path] = value;
}

/** Flat record data -> Simplicate's nested POST/PUT body. Unknown and read-only fields are refused. */
export function buildBody(model: ModuleModel, data: RecordData): JsonObject {
  const body: JsonObject = {};
  const custom: JsonObject[] = [];
  const problems: Record<string, ErrorText> = {};
  for (const [name, value] of Object.entries(data)) {
    if (name === 'id') continue;
    const m = model.byName.get(name);
    if (!m) {
      problems[name] = serviceText('errors.service.fieldUnknown');
      continue;
    }
    if (!m.writePath) {
      problems[name] = serviceText('errors.service.readOnly');
      continue;
    }
    const v = toVendorValue(m, value);
    if (m.custom) custom.push({ name: m.custom.name, value: v });
    else setPath(body, m.writePath, v);
  }
  if (Object.keys(problems).length) {
    const fields = Object.fromEntries(Object.entries(problems).map(([name, text]) => [name, inEnglish(text)]));
    const list = Object.entries(fields)
      .map(([k, v]) => `${k} (${v})`)
      .join(', ');
    throw serviceError(
      'validation',
      'errors.service.cannotWrite',
      { vendor: 'Simplicate', list },
      { fields, fieldTexts: problems },
    );
  }
  if (custom.length) body.custom_fields = custom;
  return body;
}
