import { CrmError } from '../../../shared/errors.ts';
import type { CrmRecord, Field, ModuleInfo, ModuleSchema, RecordData } from '../../../shared/fields.ts';
import type { ListQuery } from '../../../shared/query.ts';
import type { ChangePage, Connector, ConnectorContext, ListPage, TestResult } from '../types.ts';
import { LABEL, SarvClient } from './client.ts';
import { createMetadataCache } from '../common/metadata-cache.ts';
import { mapField, numbersList, PHONE_FLAGS, recordFromApi, toApi, type SarvFieldMeta } from './fields.ts';
import { moduleLabel, sarvModuleIds } from './modules.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { column, orderSql, sqlString, tableOf, toDbDatetime, whereSql } from './sql.ts';
import { reverseReferences } from '../common/relations.ts';
import type { Relation } from '../../../shared/relations.ts';
import { createSarvUsers, USERS_MODULE } from './users.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';

/**
 * Largest Retrieve `limit` this client asks for. The doc names no maximum; the simulator (and this
 * client) keep pages at 100 rows, and larger pages are served with several calls.
 */
export const SARV_PAGE = 100;

interface Described {
  schema: ModuleSchema;
  byName: Map<string, Field>;
}

export function createSarvConnector(ctx: ConnectorContext): Connector {
  const { utype, username } = ctx.settings;
  const password = ctx.secrets.password;
  if (!utype || !username)
    throw serviceError('invalid_input', 'errors.service.vendorNeedsSettings', {
      vendor: LABEL,
      settings: 'utype, username',
    });
  if (!password)
    throw serviceError('invalid_input', 'errors.service.vendorNeedsSecrets', { vendor: LABEL, secrets: 'password' });
  const language = (ctx.settings.language ?? 'fa_IR') === 'en_US' ? 'en_US' : 'fa_IR';
  if (ctx.settings.language && !['fa_IR', 'en_US'].includes(ctx.settings.language)) {
    throw serviceError('invalid_input', 'errors.service.sarvLanguage');
  }
  const client = new SarvClient(ctx.http, { utype, username, password, language });
  const cache = ctx.metadata ?? createMetadataCache({ scope: 'sarv' });
  const users = createSarvUsers({ client, describe: async (m) => (await load(m)).schema });

  /** GetModuleFields' `data` is what is cached; `described` reads it (fresh or stored) the same way. */
  function load(module: string): Promise<Described> {
    return cache.get(
      module,
      'fields',
      async () => (await client.call({ verb: 'GET', method: 'GetModuleFields', module })).data ?? null,
      (data) => described(module, data),
    );
  }

  function described(module: string, data: unknown): Described {
    // The doc's sample: `data` is an object keyed by field name; tolerate a list of entries too.
    const metas: SarvFieldMeta[] = Array.isArray(data)
      ? (data as SarvFieldMeta[])
      : typeof data === 'object' && data !== null
        ? Object.entries(data as Record<string, SarvFieldMeta>).map(([name, m]) => ({ ...m, name: m.name || name }))
        : [];
    if (!metas.length) throw new CrmError('protocol', `${LABEL} GetModuleFields ${module} listed no fields`);
    const fields = metas.map(mapField);
    const names = new Set(fields.map((f) => f.name));
    const labelFields = names.has('name') ? ['name'] : ['first_name', 'last_name'].filter((n) => names.has(n));
    const schema: ModuleSchema = {
      module,
      label: moduleLabel(module, client.language),
      // GetModuleFields carries no permissions; the doc documents Save and DELETE for every module.
      capabilities: { create: true, update: true, delete: true },
      labelFields,
      fields,
    };
    return { schema, byName: new Map(fields.map((f) => [f.name, f])) };
  }

  async function retrieve(
    module: string,
    body: Record<string, unknown>,
    tag?: string,
  ): Promise<Record<string, unknown>[]> {
    const answer = await client.call({
      verb: 'POST',
      method: 'Retrieve',
      module,
      body,
      idempotent: true,
      ...(tag ? { tag } : {}),
    });
    // docs/vendors.md: Retrieve's `data` is a list of records (empty past the end).
    if (!Array.isArray(answer.data))
      throw new CrmError('protocol', `${LABEL} Retrieve ${module} did not answer a list`);
    return answer.data as Record<string, unknown>[];
  }

  async function get(module: string, id: string): Promise<CrmRecord> {
    const { schema } = await load(module);
    // docs/vendors.md: one record is Retrieve with `id`, then element 0 of the list.
    const answer = await client.call({ verb: 'GET', method: 'Retrieve', module, id });
    const row = Array.isArray(answer.data) ? (answer.data[0] as Record<string, unknown> | undefined) : undefined;
    if (!row) throw serviceError('not_found', 'errors.service.noRecordIn', { vendor: LABEL, module, id });
    return recordFromApi(row, schema.fields);
  }

  return {
    async test(): Promise<TestResult> {
      await client.login();
      // A cheap authenticated call proves the token works, not only the password.
      await retrieve('Accounts', { selected_fields: ['id'], limit: 1, offset: 0 });
      return { ok: true, user: username, detail: `${LABEL} API v5, labels in ${client.language}` };
    },

    /** The doc has no module-list method: the modules its table names that this client supports. */
    async modules(): Promise<ModuleInfo[]> {
      return sarvModuleIds.map((name) => ({ name, label: moduleLabel(name, client.language) }));
    },

    async describe(module: string): Promise<ModuleSchema> {
      if (module === USERS_MODULE) return users.describe();
      return (await load(module)).schema;
    },

    async list(module: string, query: ListQuery): Promise<ListPage> {
      if (module === USERS_MODULE) return users.list(query);
      const { schema } = await load(module);
      const table = tableOf(module);
      const where = whereSql(table, schema.fields, query.filters);
      const order = orderSql(table, schema.fields, query.sort);
      // The doc offers no count: ask for one row more than the page to learn whether more follow.
      const start = (query.page - 1) * query.pageSize;
      const wanted = query.pageSize + 1;
      const raw: Record<string, unknown>[] = [];
      while (raw.length < wanted) {
        const limit = Math.min(SARV_PAGE, wanted - raw.length);
        const chunk = await retrieve(module, { query: where, order_by: order, limit, offset: start + raw.length });
        raw.push(...chunk);
        if (chunk.length < limit) break;
      }
      return {
        rows: raw.slice(0, query.pageSize).map((r) => recordFromApi(r, schema.fields)),
        hasMore: raw.length > query.pageSize,
      };
    },

    get: (module: string, id: string) => (module === USERS_MODULE ? users.get(id) : get(module, id)),

    async create(module: string, data: RecordData): Promise<CrmRecord> {
      const d = await load(module);
      const body = saveBody(d, data, {});
      const answer = await client.call({ verb: 'POST', method: 'Save', module, body });
      const id = (answer.data as { id?: unknown } | null)?.id;
      if (typeof id !== 'string' || id === '')
        throw new CrmError('protocol', `${LABEL} Save ${module} answered without an id`);
      return get(module, id);
    },

    async update(module: string, id: string, data: RecordData): Promise<CrmRecord> {
      const d = await load(module);
      // `numbers` replaces every stored number: merge a phone change with the numbers the record has.
      const touchesPhones = Object.keys(data).some((k) => k in PHONE_FLAGS);
      const current = touchesPhones ? await get(module, id) : {};
      const body = saveBody(d, data, current);
      await client.call({ verb: 'PUT', method: 'Save', module, id, body });
      return get(module, id);
    },

    async delete(module: string, id: string): Promise<void> {
      // The doc: DELETE on method=Save with the id.
      await client.call({ verb: 'DELETE', method: 'Save', module, id });
    },

    /** Changes since a cursor (cursor.ts), oldest first by `date_modified` then `id`. */
    async changes(module: string, cursor: string | null): Promise<ChangePage> {
      const { schema } = await load(module);
      const table = tableOf(module);
      const after = decodeCursor(cursor);
      const mod = column(table, 'date_modified');
      const id = column(table, 'id');
      const where = after
        ? `(${mod} > ${sqlString(after.modified)} OR (${mod} = ${sqlString(after.modified)} AND ${id} NOT IN (${after.ids.map(sqlString).join(', ')})))`
        : '';
      const raw = await retrieve(module, {
        query: where,
        order_by: `${mod} ASC, ${id} ASC`,
        limit: SARV_PAGE,
        offset: 0,
      });
      const updated = raw.map((r) => recordFromApi(r, schema.fields));
      let next = cursor ?? '';
      const last = updated[updated.length - 1];
      if (last) {
        const second = stampOf(module, last);
        const seen = after && after.modified === second ? [...after.ids] : [];
        for (const r of updated) if (stampOf(module, r) === second) seen.push(r.id);
        next = encodeCursor({ modified: second, ids: seen });
      }
      return { updated, deleted: [], cursor: next, more: raw.length === SARV_PAGE };
    },

    /** Relation fields (GetModuleFields' `related_module`) queried in reverse. */
    relations(module: string, schemas: readonly ModuleSchema[]): Relation[] {
      return reverseReferences(module, schemas);
    },

    /** Sarv reports no deletions; sync finds them with listIds. */
    deletionFeed(): boolean {
      return false;
    },

    async *listIds(module: string): AsyncIterable<string[]> {
      const table = tableOf(module);
      const id = column(table, 'id');
      let last: string | undefined;
      for (;;) {
        // Keyset paging on the id: stable while records come and go, unlike offsets.
        const raw = await retrieve(
          module,
          {
            query: last === undefined ? '' : `${id} > ${sqlString(last)}`,
            order_by: `${id} ASC`,
            selected_fields: ['id'],
            limit: SARV_PAGE,
            offset: 0,
          },
          'idpass',
        );
        const ids = raw.map((r) => String(r.id));
        if (ids.length) yield ids;
        if (raw.length < SARV_PAGE) return;
        last = ids[ids.length - 1];
      }
    },

    async close(): Promise<void> {},
  };
}

/** Save's JSON body: known, writable fields only; flat phone fields become the doc's `numbers` list. */
function saveBody(d: Described, data: RecordData, current: Partial<CrmRecord>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  const phones: Partial<Record<'primary' | 'sms' | 'fax', string | null>> = {};
  let phonesChanged = false;
  for (const [name, flag] of Object.entries(PHONE_FLAGS)) {
    const v = current[name];
    if (typeof v === 'string') phones[flag] = v;
  }
  for (const [name, value] of Object.entries(data)) {
    const f = d.byName.get(name);
    if (!f) problems[name] = `not a field of ${d.schema.module}`;
    else if (f.readOnly) problems[name] = 'is read-only';
    else if (name in PHONE_FLAGS) {
      phones[PHONE_FLAGS[name] as 'primary' | 'sms' | 'fax'] = value === null ? null : String(value);
      phonesChanged = true;
    } else body[name] = toApi(f, value);
  }
  if (Object.keys(problems).length) {
    throw new CrmError(
      'validation',
      `${LABEL} ${d.schema.module}: ${Object.entries(problems)
        .map(([k, v]) => `${k} ${v}`)
        .join('; ')}`,
      {
        fields: problems,
      },
    );
  }
  if (phonesChanged) body.numbers = numbersList(phones);
  return body;
}

function stampOf(module: string, r: CrmRecord): string {
  if (typeof r.date_modified !== 'string')
    throw new CrmError('protocol', `${LABEL} ${module}: a record without date_modified`);
  return toDbDatetime(r.date_modified);
}
