import { CrmError, type ErrorText } from '../../../shared/errors.ts';
import { textualTypes, type CrmRecord, type Field, type RecordData, type RecordValue } from '../../../shared/fields.ts';
import { VENDOR_LABEL, type VendorRow } from './api.ts';
import { utcDateTime } from '../common/dates.ts';
import { inEnglish, serviceError, serviceText, type ServiceTextKey } from '../../../shared/i18n/error-text.ts';

/**
 * Conversions between the API's values and normalized ones.
 * - Date-times are "2018-09-17 11:29:59" (doc examples) with no zone; they are read and written as UTC.
 * - Empty values come as null or "" at random (doc example: "addressline": null, "addresscity": ""):
 *   both become null.
 * - Reference and user ids are numbers, 0 meaning none (doc example: "campaignid": 0); they become
 *   strings, like record ids.
 */

const vendorDateTimePattern = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export function vendorDateTimeToIso(text: string): string | null {
  const m = vendorDateTimePattern.exec(text);
  if (!m || m[1]?.startsWith('0000')) return null;
  return `${m[1]}T${m[2]}Z`;
}

/** ISO 8601 with Z or an offset (or the vendor's own format, taken as UTC) to "YYYY-MM-DD HH:MM:SS". */
export function isoToVendorDateTime(text: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return text;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  return utcDateTime(ms);
}

const truthy = (v: unknown) => v === true || v === 1 || v === '1' || v === 'true';

function fromVendorValue(field: Field, v: unknown): RecordValue {
  if (v === null || v === undefined || v === '') return field.type === 'multipicklist' ? [] : null;
  switch (field.type) {
    case 'integer':
    case 'decimal':
    case 'currency':
    case 'percent': {
      const n = typeof v === 'number' ? v : Number(v);
      return Number.isFinite(n) ? n : null;
    }
    case 'boolean':
      return truthy(v);
    case 'date': {
      const s = String(v).slice(0, 10);
      return datePattern.test(s) && !s.startsWith('0000') ? s : null;
    }
    case 'datetime':
      return vendorDateTimeToIso(String(v));
    case 'reference':
    case 'owner':
      return v === 0 || v === '0' ? null : String(v);
    case 'multipicklist':
      if (Array.isArray(v)) return v.map(String);
      return String(v)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

export function toRecord(row: VendorRow, fields: readonly Field[]): CrmRecord {
  if (row.id === undefined || row.id === null) {
    throw new CrmError('protocol', `${VENDOR_LABEL} sent a record without an id`);
  }
  const record: CrmRecord = { id: String(row.id) };
  for (const field of fields) {
    if (field.name === 'id') continue;
    record[field.name] = fromVendorValue(field, row[field.name]);
  }
  return record;
}

/** Turns one normalized value into the vendor's, or returns a message saying why it cannot. */
function toVendorValue(field: Field, v: RecordValue): { value: unknown } | { problem: ServiceTextKey } {
  if (v === null) return { value: null };
  // A form's cleared number, date or reference arrives as "": the API wants null there.
  if (v === '' && !textualTypes.has(field.type)) return { value: field.type === 'multipicklist' ? [] : null };
  const text = Array.isArray(v) ? undefined : String(v);
  switch (field.type) {
    case 'integer':
    case 'decimal':
    case 'currency':
    case 'percent': {
      const n = typeof v === 'number' ? v : text !== undefined && text.trim() !== '' ? Number(text) : NaN;
      if (!Number.isFinite(n)) return { problem: 'errors.service.number' };
      if (field.type === 'integer' && !Number.isInteger(n)) return { problem: 'errors.service.wholeNumber' };
      return { value: n };
    }
    case 'boolean':
      if (typeof v === 'boolean') return { value: v };
      if (text === 'true' || text === '1') return { value: true };
      if (text === 'false' || text === '0') return { value: false };
      return { problem: 'errors.service.trueOrFalse' };
    case 'date':
      return text !== undefined && datePattern.test(text)
        ? { value: text }
        : { problem: 'errors.service.dateInParens' };
    case 'datetime': {
      const dt = text === undefined ? undefined : isoToVendorDateTime(text);
      return dt ? { value: dt } : { problem: 'errors.service.dateTimeWithOffset' };
    }
    case 'reference':
    case 'owner':
      return text !== undefined && /^\d+$/.test(text)
        ? { value: Number(text) }
        : { problem: 'errors.service.recordId' };
    case 'multipicklist':
      return { value: Array.isArray(v) ? v : text ? [text] : [] };
    default:
      if (Array.isArray(v)) return { problem: 'errors.service.singleValue' };
      // A type the data dictionary names but this connector does not know: the value goes as given,
      // so a number stays a number (the vendor's own examples send ids such as ownerid as numbers).
      if (typeof v === 'number' && field.untyped) return { value: v };
      return { value: text };
  }
}

/** Flat normalized data to a request body; unknown, read-only or ill-typed fields are a validation error. */
export function toVendorBody(data: RecordData, fields: readonly Field[], module: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const problems: Record<string, ErrorText> = {};
  for (const [name, v] of Object.entries(data)) {
    const field = fields.find((f) => f.name === name);
    if (!field) {
      problems[name] = serviceText('errors.service.isNotAFieldOf', { module });
      continue;
    }
    if (field.readOnly) {
      problems[name] = serviceText('errors.service.isReadOnly');
      continue;
    }
    const out = toVendorValue(field, v);
    if ('problem' in out) problems[name] = serviceText(out.problem);
    else body[name] = out.value;
  }
  if (Object.keys(problems).length) {
    const fields = Object.fromEntries(Object.entries(problems).map(([name, text]) => [name, inEnglish(text)]));
    throw serviceError(
      'validation',
      'errors.service.valuesCannotBeSent',
      { vendor: VENDOR_LABEL },
      { fields, fieldTexts: problems },
    );
  }
  return body;
}

/** A value problem said of a filter value. */
const filterProblems: Partial<Record<ServiceTextKey, ServiceTextKey>> = {
  'errors.service.number': 'errors.service.valueNotNumber',
  'errors.service.wholeNumber': 'errors.service.valueNotWholeNumber',
  'errors.service.trueOrFalse': 'errors.service.valueNotBoolean',
  'errors.service.dateInParens': 'errors.service.valueNotDate',
  'errors.service.dateTimeWithOffset': 'errors.service.valueNotDateTime',
  'errors.service.recordId': 'errors.service.valueNotRecordId',
};

/** A filter value typed for `q`: numbers for numeric and id fields, booleans, vendor date-times. */
export function filterValue(field: Field, text: string): string | number | boolean {
  if (field.name === 'id') {
    if (!/^\d+$/.test(text))
      throw serviceError('invalid_input', 'errors.service.valueNotRecordId', { field: 'id', value: text });
    return Number(text);
  }
  const out = toVendorValue(field, field.type === 'multipicklist' ? [text] : text);
  if ('problem' in out) {
    throw serviceError('invalid_input', filterProblems[out.problem] ?? 'errors.service.valueNotSingle', {
      field: field.name,
      value: text,
    });
  }
  const v = out.value;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw serviceError('invalid_input', 'errors.service.valueNotSingle', { field: field.name, value: text });
}
