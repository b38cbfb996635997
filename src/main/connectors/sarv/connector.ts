import { CrmError } from '../../../shared/errors.ts';
import type { CrmRecord, Field, ModuleInfo, ModuleSchema, RecordData } from '../../../shared/fields.ts';
import type { ListQuery } from '../../../shared/query.ts';
import type { ChangePage, Connector, ListPage, TestResult } from '../types.ts';
import { LABEL, type SarvClient } from './client.ts';
import { createMetadataCache, type MetadataCache } from '../common/metadata-cache.ts';
import { mapField, numbersList, PHONE_FLAGS, recordFromApi, toApi, type SarvFieldMeta } from './fields.ts';
import { moduleLabel, sarvModuleIds } from './modules.ts';
import { column, orderSql, sqlString, tableOf, toDbDatetime, whereSql } from './sql.ts';
import { reverseReferences } from '../common/relations.ts';
import type { Relation } from '../../../shared/relations.ts';
import { createSarvUsers, USERS_MODULE, type SarvUsers } from './users.ts';

/**
 * Largest Retrieve `limit` this client asks for. The doc names no maximum; the simulator (and this
 * client) keep pages at 100 rows, and larger pages are served with several calls.
 */
export const SARV_PAGE = 100;

interface Described {
  schema: ModuleSchema;
  byName: Map<string, Field>;
}

export class SarvConnector implements Connector {
  private readonly client: SarvClient;
  private readonly username: string;
  private readonly cache: MetadataCache;
  private readonly users: SarvUsers;

  constructor(client: SarvClient, username: string, metadata?: MetadataCache) {
    this.client = client;
    this.username = username;
    this.cache = metadata ?? createMetadataCache({ scope: 'sarv' });
    this.users = createSarvUsers({ client, describe: (m) => this.describe(m) });
  }

  async test(): Promise<TestResult> {
    await this.client.login();
    // A cheap authenticated call proves the token works, not only the password.
    await this.retrieve('Accounts', { selected_fields: ['id'], limit: 1, offset: 0 });
    return { ok: true, user: this.username, detail: `${LABEL} API v5, labels in ${this.client.language}` };
  }

  /** The doc has no module-list method: the modules its table names that this client supports. */
  async modules(): Promise<ModuleInfo[]> {
    return sarvModuleIds.map((name) => ({ name, label: moduleLabel(name, this.client.language) }));
  }

  describe(module: string): Promise<ModuleSchema> {
    if (module === USERS_MODULE) return Promise.resolve(this.users.describe());
    return this.load(module).then((d) => d.schema);
  }

  /** GetModuleFields' `data` is what is cached; `described` reads it (fresh or stored) the same way. */
  private load(module: string): Promise<Described> {
    return this.cache.get(
      module,
      'fields',
      async () => (await this.client.call({ verb: 'GET', method: 'GetModuleFields', module })).data ?? null,
      (data) => this.described(module, data),
    );
  }

  private described(module: string, data: unknown): Described {
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
      label: moduleLabel(module, this.client.language),
      // GetModuleFields carries no permissions; the doc documents Save and DELETE for every module.
      capabilities: { create: true, update: true, delete: true },
      labelFields,
      fields,
    };
    return { schema, byName: new Map(fields.map((f) => [f.name, f])) };
  }

  private async retrieve(
    module: string,
    body: Record<string, unknown>,
    tag?: string,
  ): Promise<Record<string, unknown>[]> {
    const answer = await this.client.call({
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

  async list(module: string, query: ListQuery): Promise<ListPage> {
    if (module === USERS_MODULE) return this.users.list(query);
    const { schema } = await this.load(module);
    const table = tableOf(module);
    const where = whereSql(table, schema.fields, query.filters);
    const order = orderSql(table, schema.fields, query.sort);
    // The doc offers no count: ask for one row more than the page to learn whether more follow.
    const start = (query.page - 1) * query.pageSize;
    const wanted = query.pageSize + 1;
    const raw: Record<string, unknown>[] = [];
    while (raw.length < wanted) {
      const limit = Math.min(SARV_PAGE, wanted - raw.length);
      const chunk = await this.retrieve(module, { query: where, order_by: order, limit, offset: start + raw.length });
      raw.push(...chunk);
      if (chunk.length < limit) break;
    }
    return {
      rows: raw.slice(0, query.pageSize).map((r) => recordFromApi(r, schema.fields)),
      hasMore: raw.length > query.pageSize,
    };
  }

  async get(module: string, id: string): Promise<CrmRecord> {
    if (module === USERS_MODULE) return this.users.get(id);
    const { schema } = await this.load(module);
    // docs/vendors.md: one record is Retrieve with `id`, then element 0 of the list.
    const answer = await this.client.call({ verb: 'GET', method: 'Retrieve', module, id });
    const row = Array.isArray(answer.data) ? (answer.data[0] as Record<string, unknown> | undefined) : undefined;
    if (!row) throw new CrmError('not_found', `${LABEL} ${module}: no record ${id}`);
    return recordFromApi(row, schema.fields);
  }

  async create(module: string, data: RecordData): Promise<CrmRecord> {
    const described = await this.load(module);
    const body = this.saveBody(described, data, {});
    const answer = await this.client.call({ verb: 'POST', method: 'Save', module, body });
    const id = (answer.data as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id === '')
      throw new CrmError('protocol', `${LABEL} Save ${module} answered without an id`);
    return this.get(module, id);
  }

  async update(module: string, id: string, data: RecordData): Promise<CrmRecord> {
    const described = await this.load(module);
    // `numbers` replaces every stored number: merge a phone change with the numbers the record has.
    const touchesPhones = Object.keys(data).some((k) => k in PHONE_FLAGS);
    const current = touchesPhones ? await this.get(module, id) : {};
    const body = this.saveBody(described, data, current);
    await this.client.call({ verb: 'PUT', method: 'Save', module, id, body });
    return this.get(module, id);
  }

  async delete(module: string, id: string): Promise<void> {
    // The doc: DELETE on method=Save with the id.
    await this.client.call({ verb: 'DELETE', method: 'Save', module, id });
  }

  /** Save's JSON body: known, writable fields only; flat phone fields become the doc's `numbers` list. */
  private saveBody(d: Described, data: RecordData, current: Partial<CrmRecord>): Record<string, unknown> {
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

  /**
   * Changes since a cursor, oldest first by `date_modified` then `id`. Sarv stamps changes in whole
   * seconds, so the cursor holds the last second handed out and every id already handed out within it
   * (`<UTC date_modified>|<id>,<id>...`): the next step asks for later seconds plus that second's other
   * rows, so a row changed later within the same second is not missed and a resumed sync repeats nothing.
   */
  async changes(module: string, cursor: string | null): Promise<ChangePage> {
    const { schema } = await this.load(module);
    const table = tableOf(module);
    const after = parseCursor(cursor);
    const mod = column(table, 'date_modified');
    const id = column(table, 'id');
    const where = after
      ? `(${mod} > ${sqlString(after.modified)} OR (${mod} = ${sqlString(after.modified)} AND ${id} NOT IN (${after.ids.map(sqlString).join(', ')})))`
      : '';
    const raw = await this.retrieve(module, {
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
      next = `${second}|${seen.join(',')}`;
    }
    return { updated, deleted: [], cursor: next, more: raw.length === SARV_PAGE };
  }

  /** Relation fields (GetModuleFields' `related_module`) queried in reverse. */
  relations(module: string, schemas: readonly ModuleSchema[]): Relation[] {
    return reverseReferences(module, schemas);
  }

  /** Sarv reports no deletions; sync finds them with listIds. */
  deletionFeed(): boolean {
    return false;
  }

  async *listIds(module: string): AsyncIterable<string[]> {
    const table = tableOf(module);
    const id = column(table, 'id');
    let last: string | undefined;
    for (;;) {
      // Keyset paging on the id: stable while records come and go, unlike offsets.
      const raw = await this.retrieve(
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
  }

  async close(): Promise<void> {}
}

function stampOf(module: string, r: CrmRecord): string {
  if (typeof r.date_modified !== 'string')
    throw new CrmError('protocol', `${LABEL} ${module}: a record without date_modified`);
  return toDbDatetime(r.date_modified);
}

function parseCursor(cursor: string | null): { modified: string; ids: string[] } | undefined {
  if (!cursor) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\|([^,]+(?:,[^,]+)*)$/.exec(cursor);
  if (!m?.[1] || !m[2]) throw new CrmError('invalid_input', `Not a ${LABEL} sync cursor: "${cursor}"`);
  return { modified: m[1], ids: m[2].split(',') };
}
