import type { SimResponse } from '../common/server.ts';
import { users, type SsModule, type SsRow } from './data.ts';
import { findField, levelOneFields, levelTwoFields, type SsField } from './fields.ts';
import { splitFieldList, type SsFunction } from './functions.ts';
import {
  BadRequest,
  pageWindow,
  parseCriteria,
  parseOtherSettings,
  parseSortBy,
  type OtherSettings,
} from './criteria.ts';
import { moduleFields, type SsStore } from './store.ts';
import { compareStored, displayValue, invalidValue } from './values.ts';

/** Doc, "Error Messages": "If the request is successful and the response is blank" the token, the
 * recordid or the endpoint was wrong. So those answer HTTP 200 with an empty body. */
export const blank: SimResponse = { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '' };

export function badRequest(message: string): SimResponse {
  return { status: 400, body: { message: { error: message } } };
}

interface Column {
  /** The key as the function's field list writes it. */
  listed: string;
  field: SsField | undefined;
}

function columns(fn: SsFunction): Column[] {
  const fields = moduleFields[fn.recordType];
  return splitFieldList(fn.fieldList).map((listed) => ({ listed, field: findField(fields, listed) }));
}

/**
 * Doc, othersettings.keyformat: "0 - to use what is configured in the Field List", "1 - to use the
 * custom field names / standard field names" (the plain names, without the field list's `sf_`/`cf_`
 * prefixes: `Name`, `Requested Amount`), "2 - to use the custom field ID" (`cf_<id>`; standard fields
 * keep their field-list key).
 */
function outputKey(c: Column, keyformat: 0 | 1 | 2): string {
  if (keyformat === 0 || !c.field) return c.listed;
  if (keyformat === 1) return c.field.key.slice('sf_'.length);
  if (c.field.key.startsWith('cf_')) return `cf_${c.field.id}`;
  return c.field.key;
}

/** docs/vendors.md: every record in Get and List answers has `recordid` besides the field-list keys. */
function present(store: SsStore, fn: SsFunction, id: string, row: SsRow, s: OtherSettings): Record<string, string> {
  const names = store.names();
  const out: Record<string, string> = { recordid: id };
  for (const c of columns(fn)) {
    const stored = c.field ? (row[c.field.key] ?? '') : '';
    out[outputKey(c, s.keyformat)] = c.field && !s.getstorevalue ? displayValue(c.field, stored, names) : stored;
  }
  return out;
}

export function getRecord(store: SsStore, fn: SsFunction, form: URLSearchParams): SimResponse {
  const recordid = form.get('recordid');
  if (recordid === null || recordid === '') return badRequest('recordid is required');
  const settings = parseOtherSettings(form.get('othersettings'));
  const key = store.keyOf(fn.recordType, recordid);
  const row = key === undefined ? undefined : store.row(fn.recordType, key);
  if (key === undefined || !row) return blank;
  // docs/vendors.md: Get answers carry "message":{} beside records.
  return {
    status: 200,
    body: { records: [present(store, fn, store.idOf(fn.recordType, key), row, settings)], message: {} },
  };
}

export function listRecords(store: SsStore, fn: SsFunction, form: URLSearchParams): SimResponse {
  const module = fn.recordType;
  const fields = moduleFields[module];
  const predicate = parseCriteria(form.get('criteria'), fields);
  const sort = parseSortBy(form.get('sortby'), fields);
  const settings = parseOtherSettings(form.get('othersettings'));
  const { from, to } = pageWindow(settings);
  const table = store.tables[module];

  // Doc: without sortby the order is the record id ascending, the table's own order.
  const matches: { key: number; row: SsRow }[] = [];
  let allcount = 0;
  if (!form.get('criteria') && sort.length === 0) {
    // Nothing to filter or sort: count without generating rows, so a million-row table pages instantly.
    allcount = table.count;
    let position = 0;
    for (let key = 1; position < Math.min(to, allcount); key++) {
      if (!table.has(key)) continue;
      position++;
      const row = position >= from ? store.row(module, key) : undefined;
      if (row) matches.push({ key, row });
    }
  } else {
    for (const [key, row] of store.rows(module)) {
      if (!predicate((k) => row[k] ?? '')) continue;
      allcount++;
      if (sort.length > 0)
        matches.push({
          key,
          row: pick(
            row,
            sort.map((s) => s.field.key),
          ),
        });
      else if (allcount >= from && allcount <= to) matches.push({ key, row });
    }
  }
  let page = matches;
  if (sort.length > 0) {
    matches.sort((a, b) => {
      for (const s of sort) {
        const c = compareStored(s.field, a.row[s.field.key] ?? '', b.row[s.field.key] ?? '');
        if (c !== 0) return s.desc ? -c : c;
      }
      return a.key - b.key;
    });
    page = matches.slice(from - 1, to);
  }
  const records = page.map(({ key }) =>
    present(store, fn, store.idOf(module, key), store.row(module, key) ?? {}, settings),
  );
  const recordfrom = records.length ? from : 0;
  return {
    status: 200,
    body: {
      records,
      // Doc: "Returned json response will include the following (in the message json node)".
      message: {
        recordto: records.length ? from + records.length - 1 : 0,
        recordcount: records.length,
        allcount,
        recordfrom,
      },
    },
  };
}

function pick(row: SsRow, keys: string[]): SsRow {
  const out: SsRow = {};
  for (const k of keys) out[k] = row[k] ?? '';
  return out;
}

/** docs/vendors.md: jsonrset is `{"records":[...]}` (the doc) or a bare array (the vendor's samples). */
function parseJsonRset(text: string | null): Record<string, unknown>[] {
  if (text === null || text.trim() === '') throw new BadRequest('jsonrset is required');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequest('jsonrset is not valid JSON');
  }
  const list = Array.isArray(parsed)
    ? parsed
    : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { records?: unknown }).records)
      ? (parsed as { records: unknown[] }).records
      : undefined;
  if (!list || list.length === 0) throw new BadRequest('jsonrset must hold one or more records');
  return list.map((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r))
      throw new BadRequest(`jsonrset record ${i + 1} is not an object`);
    return r as Record<string, unknown>;
  });
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (v === null) return '';
  return undefined;
}

interface PlannedWrite {
  key: number | undefined;
  values: SsRow;
}

function checkReferences(store: SsStore, f: SsField, value: string): string | undefined {
  if (value === '') return undefined;
  if (f.type === 'Lookup - Company') return store.keyOf('company', value) === undefined ? 'no such company' : undefined;
  if (f.type === 'Lookup - User') return users.some((u) => u.id === value) ? undefined : 'no such user';
  return undefined;
}

/**
 * Update (also create, with recordid 0). Doc, "Message Body": each record "must include every field and
 * only fields that were defined in the field list of the SmartConnect function"; values are stored values
 * ("Using Update Functions"). Every record is checked before any is written.
 */
export function updateRecords(store: SsStore, fn: SsFunction, form: URLSearchParams, createdBy: string): SimResponse {
  const module: SsModule = fn.recordType;
  const cols = columns(fn);
  const listed = new Set(cols.map((c) => c.listed));
  const records = parseJsonRset(form.get('jsonrset'));
  const plans: PlannedWrite[] = [];
  const failures: { recordid: string; recordindex: number; status: string; errors: Record<string, string> }[] = [];
  for (const [i, rec] of records.entries()) {
    const recordid = text(rec.recordid);
    if (recordid === undefined || !/^\d+$/.test(recordid))
      throw new BadRequest(`jsonrset record ${i + 1}: recordid is required`);
    const key = recordid === '0' ? undefined : store.keyOf(module, recordid);
    // Doc, "Error Messages": a wrong recordid gives a blank answer.
    if (recordid !== '0' && key === undefined) return blank;
    const errors: Record<string, string> = {};
    for (const name of Object.keys(rec)) {
      if (name !== 'recordid' && !listed.has(name)) errors[name] = 'is not in the field list of this function';
    }
    for (const name of listed) if (!(name in rec)) errors[name] = 'is missing: send every field of the field list';
    const values: SsRow = {};
    for (const c of cols) {
      if (!(c.listed in rec) || !c.field) continue;
      const v = text(rec[c.listed]);
      if (v === undefined) {
        errors[c.listed] = 'must be a text or number value';
        continue;
      }
      if (c.field.readonly) continue; // as in the browser form: system fields are not written
      const problem = invalidValue(c.field, v) ?? checkReferences(store, c.field, v);
      if (problem) errors[c.listed] = problem;
      values[c.field.key] = v;
    }
    // Mandatory fields outside the field list still need a value on a new record.
    if (key === undefined) {
      for (const f of moduleFields[module]) {
        if (f.mandatory && !(f.key in values) && !cols.some((c) => c.field === f)) errors[f.key] = 'is required';
      }
    }
    if (Object.keys(errors).length) failures.push({ recordid, recordindex: i + 1, status: 'failed', errors });
    plans.push({ key, values });
  }
  if (failures.length) {
    return { status: 400, body: { records: failures, message: { error: `${failures.length} record(s) not saved` } } };
  }
  const saved = plans.map((p, i) => {
    let id: string;
    if (p.key === undefined) id = store.insert(module, p.values, createdBy);
    else {
      store.update(module, p.key, p.values);
      id = store.idOf(module, p.key);
    }
    // docs/vendors.md: Update answers {"records":[{"recordid","recordindex","status"}],"message":{}}.
    return { recordid: id, recordindex: i + 1, status: 'updated successfully' };
  });
  return { status: 200, body: { records: saved, message: {} } };
}

function metaField(f: SsField): Record<string, string> {
  const standard = f.key.startsWith('sf_');
  const name = f.key.slice(3);
  return {
    id: f.id,
    name,
    caption: name,
    fieldtype: f.type,
    isstandard: standard ? '1' : '0',
    required: f.mandatory ? '1' : '0',
    readonly: f.readonly ? '1' : '0',
    options: f.options ?? '',
    maxlength: f.maxlength === undefined ? '' : String(f.maxlength),
    defaultvalue: f.defaultvalue ?? '',
  };
}

/** docs/vendors.md: Get Meta nests its answer by level, `{"levelone":{"fields":[...]}}` (and leveltwo). */
export function getMeta(): SimResponse {
  return {
    status: 200,
    body: {
      levelone: { fields: levelOneFields.map(metaField) },
      leveltwo: { fields: levelTwoFields.map(metaField) },
    },
  };
}
