import type { SecretMap } from '../../../shared/crm-vendors.ts';
import { CrmError, type ErrorText } from '../../../shared/errors.ts';
import type { CrmRecord, Field, ModuleInfo, ModuleSchema, RecordData } from '../../../shared/fields.ts';
import type { ListQuery } from '../../../shared/query.ts';
import type { ChangePage, Connector, ConnectorContext, ListPage, TestResult } from '../types.ts';
import { SmartConnectApi, VENDOR_LABEL, resolveFunctions, type SsFunction, type SsRecord } from './api.ts';
import { advance, decodeCursor, encodeCursor } from './cursor.ts';
import { buildCriteria, buildSortBy, type Criterion } from './filters.ts';
import { buildField, mandatoryWithoutMeta, metaFor, readMeta, type MetaField } from './schema.ts';
import { parseFunctions } from './settings.ts';
import { createMetadataCache } from '../common/metadata-cache.ts';
import { currentValue, recordFromVendor, toVendor } from './values.ts';
import { reverseReferences } from '../common/relations.ts';
import type { Relation } from '../../../shared/relations.ts';
import { inEnglish, serviceError, serviceText } from '../../../shared/i18n/error-text.ts';

/** Doc, "Using List Functions": one call returns at most 10000 records. */
const CALL_MAX = 10_000;
/** Records per `changes` step: the doc warns that more than 1000 per call hurts performance. */
const CHANGES_PAGE = 1000;
const MODIFIED = 'sf_Modified Date';
/** Ask for stored values (option values, 25000 rather than $25,000) in field-list keys (doc, othersettings). */
const STORED = { getstorevalue: '1', keyformat: '0' } as const;

const moduleLabels: Record<string, string> = {
  company: 'Companies',
  user: 'Users',
  levelone: 'UTA Level 1',
  leveltwo: 'UTA Level 2',
  levelthree: 'UTA Level 3',
  transactions: 'UTA Transactions',
};

/**
 * The User record type. Its List and Get functions, when configured, serve the owner fields (`Lookup -
 * User`): the picker searches it and a user id shows as the user's name (docs/vendors.md, "SmartSimple",
 * Owners). It is not offered as a module of its own: users are people of the instance, not CRM records.
 */
const OWNERS = 'user';

/** A record's name: `sf_Name`, else a user's first and last name, else the first field. */
function labelFieldsOf(fields: readonly Field[]): string[] {
  const has = (name: string) => fields.some((f) => f.name === name);
  if (has('sf_Name')) return ['sf_Name'];
  if (has('sf_First Name') && has('sf_Last Name')) return ['sf_First Name', 'sf_Last Name'];
  return fields[0] ? [fields[0].name] : [];
}

function required(settings: Record<string, string>, secrets: SecretMap) {
  const missing = ['alias', 'companyid', 'username'].filter((k) => !settings[k]);
  if (!secrets.password) missing.push('password');
  if (missing.length)
    throw serviceError('invalid_input', 'errors.service.vendorNeeds', {
      vendor: VENDOR_LABEL,
      names: missing.join(', '),
    });
  return {
    alias: settings.alias as string,
    companyid: settings.companyid as string,
    username: settings.username as string,
    password: secrets.password as string,
  };
}

export function createSmartSimpleConnector(ctx: ConnectorContext): Connector {
  const creds = required(ctx.settings, ctx.secrets);
  const functions = resolveFunctions(parseFunctions(ctx.settings.functions));
  const api = new SmartConnectApi(ctx.http, creds);
  const metadata = ctx.metadata ?? createMetadataCache({ scope: 'smartsimple' });

  const find = (module: string, action: string) => functions.filter((f) => f.module === module && f.action === action);
  const first = (module: string, action: string): SsFunction | undefined => find(module, action)[0];

  /** The List function with the most fields (for grids) or the fewest (for the id pass). */
  function listFunction(module: string, widest: boolean, mustHave?: string): SsFunction {
    const candidates = find(module, 'list').filter((f) => !mustHave || f.fields.includes(mustHave));
    candidates.sort((a, b) => (widest ? b.fields.length - a.fields.length : a.fields.length - b.fields.length));
    const fn = candidates[0];
    if (!fn) {
      throw mustHave
        ? serviceError('unsupported', 'errors.service.noListFunctionWithField', {
            vendor: VENDOR_LABEL,
            field: mustHave,
            module,
          })
        : serviceError('unsupported', 'errors.service.noListFunction', { vendor: VENDOR_LABEL, module });
    }
    return fn;
  }

  function requireModule(module: string): void {
    if (!functions.some((f) => f.module === module)) {
      throw serviceError('not_found', 'errors.service.noFunctionForModule', { vendor: VENDOR_LABEL, module });
    }
  }

  /** The Get Meta answer is what is cached; readMeta reads it (fresh or stored) the same way. */
  async function loadMeta(module: string): Promise<MetaField[]> {
    // docs/vendors.md: Get Meta exists for UTA levels only; elsewhere fields are untyped field-list names.
    const fn = first(module, 'get meta');
    if (!fn) return [];
    return metadata.get(
      module,
      'meta',
      async () => {
        const body = await api.call(fn, {}, { idempotent: true });
        if (body === null)
          throw serviceError('auth', 'errors.service.blankAnswerToFunction', {
            vendor: VENDOR_LABEL,
            module,
            action: 'Get Meta',
          });
        return body;
      },
      (body) => readMeta(body, module),
    );
  }

  function buildSchema(module: string, meta: MetaField[]): ModuleSchema {
    const update = first(module, 'update');
    const writable = new Set(update?.fields ?? []);
    const keys: string[] = [];
    const readers = [first(module, 'get'), ...find(module, 'list').sort((a, b) => b.fields.length - a.fields.length)];
    for (const fn of [...readers, update]) for (const k of fn?.fields ?? []) if (!keys.includes(k)) keys.push(k);
    // A field of the Get (or Update) function's field list that the List functions that list() and
    // changes() call do not hold is never filled by listing or sync: described as `listed: false`.
    const lists = find(module, 'list').sort((a, b) => b.fields.length - a.fields.length);
    const lister = lists[0];
    const syncer = lists.find((f) => f.fields.includes(MODIFIED));
    const filled = (k: string) => lister?.fields.includes(k) === true && (!syncer || syncer.fields.includes(k));
    // A lookup points at its module only where a List function can search it (an owner's `user`
    // module usually has none configured): elsewhere the field takes the record id as typed.
    const fields = keys.map((k) => {
      const f = buildField(k, metaFor(k, meta), writable.has(k), mandatoryWithoutMeta(module, k));
      return {
        ...f,
        referenceTargets: f.referenceTargets.filter((t) => find(t, 'list').length > 0),
        ...(lister && !filled(k) ? { listed: false } : {}),
      };
    });
    return {
      module,
      label: moduleLabels[module] ?? module,
      // Capabilities come from the configured functions; docs/vendors.md: there is no delete in the API.
      capabilities: { create: update !== undefined, update: update !== undefined, delete: false },
      labelFields: labelFieldsOf(fields),
      fields,
    };
  }

  /** Built from the cached Get Meta answer and the configured functions, once per cached answer. */
  const built = new WeakMap<MetaField[], ModuleSchema>();
  async function describe(module: string): Promise<ModuleSchema> {
    requireModule(module);
    const meta = await loadMeta(module);
    let schema = built.get(meta);
    if (!schema) {
      schema = buildSchema(module, meta);
      built.set(meta, schema);
    }
    return schema;
  }

  const fieldsOf = (schema: ModuleSchema, fn: SsFunction): Field[] =>
    schema.fields.filter((f) => fn.fields.includes(f.name));

  async function rawGet(module: string, id: string): Promise<{ fn: SsFunction; raw: SsRecord }> {
    const fn = first(module, 'get');
    if (!fn) {
      requireModule(module);
      throw serviceError('unsupported', 'errors.service.noActionFunction', {
        vendor: VENDOR_LABEL,
        action: 'Get',
        module,
      });
    }
    const notFound = () => serviceError('not_found', 'errors.service.noRecordOrGetToken', { module, id });
    if (!/^\d+$/.test(id)) throw notFound();
    const body = await api.call(fn, { recordid: id, othersettings: JSON.stringify(STORED) }, { idempotent: true });
    // Doc, "Error Messages": a wrong recordid gives a blank answer.
    if (body === null) throw notFound();
    const records = typeof body === 'object' ? (body as { records?: unknown }).records : undefined;
    const raw = Array.isArray(records) ? (records[0] as SsRecord | undefined) : undefined;
    if (!raw || typeof raw !== 'object') throw notFound();
    return { fn, raw };
  }

  async function get(module: string, id: string): Promise<CrmRecord> {
    const schema = await describe(module);
    const { fn, raw } = await rawGet(module, id);
    return recordFromVendor(fieldsOf(schema, fn), raw);
  }

  function checkWritable(schema: ModuleSchema, update: SsFunction, data: RecordData): void {
    const errors: Record<string, ErrorText> = {};
    for (const key of Object.keys(data)) {
      const field = schema.fields.find((f) => f.name === key);
      if (!field) errors[key] = serviceText('errors.service.notAFieldOfThisModule');
      else if (!update.fields.includes(key) || field.readOnly)
        errors[key] = serviceText('errors.service.readOnlyNotInUpdate');
    }
    if (Object.keys(errors).length) {
      const fields = Object.fromEntries(Object.entries(errors).map(([name, text]) => [name, inEnglish(text)]));
      throw serviceError(
        'validation',
        'errors.service.cannotWriteNames',
        { names: Object.keys(errors).join(', ') },
        { fields, fieldTexts: errors },
      );
    }
  }

  function updateFunction(module: string): SsFunction {
    const fn = first(module, 'update');
    if (!fn) {
      requireModule(module);
      throw serviceError('unsupported', 'errors.service.noActionFunction', {
        vendor: VENDOR_LABEL,
        action: 'Update',
        module,
      });
    }
    return fn;
  }

  /** Sends one record through Update and returns the recordid the answer names. */
  async function sendUpdate(fn: SsFunction, record: Record<string, string>, isNew: boolean): Promise<string | null> {
    // Doc, "Message Body": jsonrset's top node is "records"; docs/vendors.md: JSON strings in a form POST.
    const body = await api.call(fn, { jsonrset: JSON.stringify({ records: [record] }) }, { idempotent: !isNew });
    if (body === null) return null;
    const records = typeof body === 'object' ? (body as { records?: unknown }).records : undefined;
    const first = Array.isArray(records) ? (records[0] as Record<string, unknown> | undefined) : undefined;
    const id = first?.recordid;
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new CrmError('protocol', 'SmartSimple answered an Update without a recordid');
    }
    return String(id);
  }

  function pageParams(query: ListQuery, schema: ModuleSchema): Record<string, string> {
    const criteria: Criterion[] = buildCriteria(query.filters, schema.fields);
    const sortby = buildSortBy(query.sort, schema.fields);
    const params: Record<string, string> = {};
    if (criteria.length) params.criteria = JSON.stringify(criteria);
    if (sortby.length) params.sortby = JSON.stringify(sortby);
    return params;
  }

  const connector: Connector = {
    async test(): Promise<TestResult> {
      const fn = functions.find((f) => f.action === 'list');
      if (!fn) throw serviceError('invalid_input', 'errors.service.needsListFunctionToTest', { vendor: VENDOR_LABEL });
      await api.list(fn, { othersettings: JSON.stringify({ ...STORED, recordsperpage: 1, pagenum: 1 }) });
      return { ok: true, user: creds.username, detail: `${functions.length} SmartConnect functions configured` };
    },

    async modules(): Promise<ModuleInfo[]> {
      const out: ModuleInfo[] = [];
      for (const f of functions) {
        if (
          (f.action === 'list' || f.action === 'get') &&
          moduleLabels[f.module] &&
          f.module !== OWNERS &&
          !out.some((m) => m.name === f.module)
        ) {
          out.push({ name: f.module, label: moduleLabels[f.module] ?? f.module });
        }
      }
      return out;
    },

    describe,

    async list(module: string, query: ListQuery): Promise<ListPage> {
      const schema = await describe(module);
      const fn = listFunction(module, true);
      const params = pageParams(query, schema);
      if (query.pageSize > CALL_MAX)
        throw serviceError('invalid_input', 'errors.service.pageSizeAtMost', { max: CALL_MAX });
      // Doc, "Priority of operations": pagenum > 0 with recordsperpage > 0 returns that page.
      params.othersettings = JSON.stringify({ ...STORED, recordsperpage: query.pageSize, pagenum: query.page });
      const answer = await api.list(fn, params);
      const fields = fieldsOf(schema, fn);
      const rows = answer.records.map((r) => recordFromVendor(fields, r));
      const seen = (query.page - 1) * query.pageSize + rows.length;
      return {
        rows,
        // Doc: message.allcount is the number of records in total without the limit.
        ...(answer.allcount !== undefined ? { total: answer.allcount } : {}),
        hasMore: answer.allcount !== undefined ? seen < answer.allcount : rows.length === query.pageSize,
      };
    },

    get,

    async create(module: string, data: RecordData): Promise<CrmRecord> {
      const schema = await describe(module);
      const fn = updateFunction(module);
      checkWritable(schema, fn, data);
      // Doc, "Using Update Functions": recordid 0 creates a record; every field of the list is sent.
      const record: Record<string, string> = { recordid: '0' };
      for (const key of fn.fields) {
        const field = schema.fields.find((f) => f.name === key);
        if (!field) continue;
        const value = key in data ? data[key] : (field.default as RecordData[string] | null);
        record[key] = toVendor(field, value ?? null);
      }
      const id = await sendUpdate(fn, record, true);
      if (id === null)
        throw serviceError('auth', 'errors.service.blankAnswerToFunction', {
          vendor: VENDOR_LABEL,
          module,
          action: 'Update',
        });
      return first(module, 'get') ? get(module, id) : { id, ...data };
    },

    async update(module: string, id: string, data: RecordData): Promise<CrmRecord> {
      const schema = await describe(module);
      const fn = updateFunction(module);
      checkWritable(schema, fn, data);
      const { fn: getFn, raw } = await rawGet(module, id);
      // Doc, "Message Body": an update must include every field of the function's field list (and only
      // those), unchanged ones set to their current value; so the current values come from Get first.
      const unknown = fn.fields.filter((k) => !getFn.fields.includes(k));
      if (unknown.length) {
        throw serviceError('unsupported', 'errors.service.updateNeedsCurrentValue', {
          vendor: VENDOR_LABEL,
          names: unknown.join(', '),
        });
      }
      const record: Record<string, string> = { recordid: id };
      for (const key of fn.fields) {
        const field = schema.fields.find((f) => f.name === key);
        if (!field) continue;
        record[key] = key in data ? toVendor(field, data[key]) : currentValue(field, raw[key]);
      }
      const saved = await sendUpdate(fn, record, false);
      if (saved === null) throw serviceError('not_found', 'errors.service.noModuleRecordId', { module, id });
      return get(module, id);
    },

    async delete(module: string): Promise<void> {
      requireModule(module);
      // docs/vendors.md: there is no delete in the SmartSimple API.
      throw serviceError('unsupported', 'errors.service.vendorCannotDelete', { vendor: VENDOR_LABEL, module });
    },

    async changes(module: string, cursor: string | null): Promise<ChangePage> {
      const schema = await describe(module);
      const fn = listFunction(module, true, MODIFIED);
      const c = decodeCursor(cursor);
      // Ask for the boundary second's delivered ids on top of a page, so they never crowd out new rows.
      const perPage = Math.min(CALL_MAX, CHANGES_PAGE + c.ids.length);
      const criteria: Criterion[] =
        c.ts === null ? [] : [{ andor: 'and', field: MODIFIED, operator: '>=', value: c.ts }];
      const params: Record<string, string> = {
        sortby: JSON.stringify([{ field: MODIFIED, direction: 'asc' }]),
        othersettings: JSON.stringify({ ...STORED, recordsperpage: perPage, pagenum: 1 }),
      };
      if (criteria.length) params.criteria = JSON.stringify(criteria);
      const answer = await api.list(fn, params);
      const pairs = answer.records.map((r) => [String(r.recordid), String(r[MODIFIED] ?? '')] as const);
      const delivered = new Set(c.ids);
      const fresh = answer.records.filter((r, i) => !(pairs[i]?.[1] === c.ts && delivered.has(String(r.recordid))));
      const more =
        answer.allcount !== undefined ? answer.allcount > answer.records.length : answer.records.length === perPage;
      if (more && fresh.length === 0) {
        throw new CrmError(
          'protocol',
          `More than ${CALL_MAX - CHANGES_PAGE} ${module} records share one modified second`,
        );
      }
      const fields = fieldsOf(schema, fn);
      return {
        updated: fresh.map((r) => recordFromVendor(fields, r)),
        deleted: [],
        cursor: encodeCursor(advance(c, pairs)),
        more,
      };
    },

    // docs/vendors.md: no delete in the API, so no deletion feed; sync finds removals with listIds.
    deletionFeed: () => false,

    // A level's lookup fields (a company link such as the customer) queried in reverse.
    relations: (module: string, schemas: readonly ModuleSchema[]): Relation[] => reverseReferences(module, schemas),

    async *listIds(module: string): AsyncIterable<string[]> {
      requireModule(module);
      const fn = listFunction(module, false);
      for (let page = 1; ; page++) {
        const answer = await api.list(
          fn,
          { othersettings: JSON.stringify({ ...STORED, recordsperpage: CALL_MAX, pagenum: page }) },
          'idpass',
        );
        const ids = answer.records.map((r) => String(r.recordid));
        if (ids.length) yield ids;
        const done =
          answer.allcount !== undefined ? page * CALL_MAX >= answer.allcount : answer.records.length < CALL_MAX;
        if (done || ids.length === 0) return;
      }
    },

    async close(): Promise<void> {},
  };
  return connector;
}
