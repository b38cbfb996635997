import { CrmError } from '../../../shared/errors.ts';
import type { CrmRecord, Field, RecordValue } from '../../../shared/fields.ts';
import type { SsRecord } from './api.ts';
import { utcDateTime } from '../common/dates.ts';

/**
 * Values. SmartConnect returns every value as text. The connector asks for stored values
 * (othersettings getstorevalue 1: "25000", option values) rather than display values ("$25,000",
 * captions); should an answer hold a display value anyway, options are matched by caption and currency
 * symbols are dropped. Date-times come as `YYYY-MM-DD HH:MM:SS` (doc, sample response) with no zone: they
 * are read as UTC, the instance time of the simulated server.
 */

function optionValue(field: Field, text: string): string {
  const opts = field.options ?? [];
  if (opts.some((o) => o.value === text)) return text;
  return opts.find((o) => o.label === text)?.value ?? text;
}

function toNumber(text: string): number | null {
  const n = Number(text.replace(/[^0-9.-]/g, ''));
  return text.trim() !== '' && Number.isFinite(n) ? n : null;
}

export function fromVendor(field: Field, raw: unknown): RecordValue {
  if (raw === null || raw === undefined) return null;
  const text = typeof raw === 'string' ? raw : String(raw);
  if (text === '') return field.type === 'boolean' ? false : field.type === 'multipicklist' ? [] : null;
  switch (field.type) {
    case 'integer':
    case 'decimal':
    case 'currency':
    case 'percent':
      return toNumber(text);
    case 'boolean':
      return text === '1' || text.toLowerCase() === 'yes' || text.toLowerCase() === 'true';
    case 'date':
      return text.slice(0, 10);
    case 'datetime': {
      const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)/.exec(text);
      if (!m) return text;
      const time = m[2]?.length === 5 ? `${m[2]}:00` : m[2];
      return `${m[1]}T${time}Z`;
    }
    case 'picklist':
      return optionValue(field, text);
    case 'multipicklist': {
      // Stored values are joined by ';'; display captions (the fallback) by ', '.
      const parts = text.includes(';') || !text.includes(', ') ? text.split(';') : text.split(', ');
      return parts.map((p) => optionValue(field, p.trim()));
    }
    default:
      return text;
  }
}

export function recordFromVendor(fields: readonly Field[], raw: SsRecord): CrmRecord {
  const id = raw.recordid;
  if (typeof id !== 'string' && typeof id !== 'number') {
    throw new CrmError('protocol', 'SmartSimple sent a record without recordid');
  }
  const out: CrmRecord = { id: String(id) };
  for (const f of fields) if (f.name in raw) out[f.name] = fromVendor(f, raw[f.name]);
  return out;
}

/** A date-time as SmartSimple writes it (`YYYY-MM-DD HH:MM:SS`, instance time = UTC here). */
export function vendorDateTime(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  return utcDateTime(ms);
}

/**
 * A normalized value as SmartSimple's Update takes it. Doc, "Using Update Functions": dates as
 * YYYY-MM-DD; Select One / Select Many set by their stored option values, not their captions.
 */
export function toVendor(field: Field, value: RecordValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => optionValue(field, v)).join(';');
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  switch (field.type) {
    case 'boolean':
      return value === 'true' || value === '1' ? '1' : value === '' ? '' : '0';
    case 'date':
      return value.slice(0, 10);
    case 'datetime':
      return value === '' ? '' : vendorDateTime(value);
    case 'picklist':
      return optionValue(field, value);
    case 'multipicklist':
      return value
        .split(';')
        .filter((v) => v !== '')
        .map((v) => optionValue(field, v))
        .join(';');
    default:
      return value;
  }
}

/**
 * The current value of a field the update does not change, as Update must receive it. Doc, "Message
 * Body": "If the field value is not being changed, set it to the current value": the stored text goes
 * back untouched, except that option captions and Yes/No (a display value, should the answer hold one)
 * become their stored values.
 */
export function currentValue(field: Field, raw: unknown): string {
  const text = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw : String(raw);
  if (field.type === 'picklist' || field.type === 'multipicklist' || field.type === 'boolean') {
    return text === '' ? '' : toVendor(field, fromVendor(field, text));
  }
  return text;
}
