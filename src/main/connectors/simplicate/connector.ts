import { CrmError } from '../../../shared/errors.ts';
import type { CrmRecord, FieldOption, ModuleInfo, ModuleSchema, RecordData } from '../../../shared/fields.ts';
import type { ListQuery } from '../../../shared/query.ts';
import { pathSegment } from '../common/path-segment.ts';
import { parseJsonBody, type HttpRequest } from '../http.ts';
import type { ChangePage, Connector, ConnectorContext, ListPage, TestResult } from '../types.ts';
import { decodeCursor, encodeCursor, nextCursor } from './cursor.ts';
import { responseError } from './errors.ts';
import { simplicateModules, type SwaggerModule } from '../../../../vendor-data/simplicate-fields.generated.ts';
import { filterParams, sortParam } from './filters.ts';
import { lookupSources, type LookupSource } from './lookups.ts';
import { buildBody, flattenRecord, isJsonObject, type JsonObject } from './records.ts';
import { createMetadataCache } from '../common/metadata-cache.ts';
import { modelFromStored, type StoredMetadata } from './metadata.ts';
import type { ModuleModel } from './schema.ts';
import { reverseReferences } from '../common/relations.ts';
import type { Relation } from '../../../shared/relations.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';

/** Largest page (docs/vendors.md: default limit 100, larger ones are capped to 100). */
export const PAGE_MAX = 100;
const API = 'api/v2';

/** Ids look like `organization:abc`; the ':' stays readable in the path, everything else is encoded. */
const idSegment = (id: string) => pathSegment(id, 'Simplicate record id', { keep: ':' });

export function createSimplicateConnector(ctx: ConnectorContext): Connector {
  const { http } = ctx;
  const apiKey = ctx.secrets.apiKey ?? '';
  const apiSecret = ctx.secrets.apiSecret ?? '';
  const metadata = ctx.metadata ?? createMetadataCache({ scope: 'simplicate' });

  // Authentication-Key / Authentication-Secret on every request (doc, "Security and Authentication").
  // Content-Type only on requests with a body (docs/vendors.md): the HTTP layer adds it with `json`.
  const authHeaders = { 'Authentication-Key': apiKey, 'Authentication-Secret': apiSecret };

  async function call<T>(req: HttpRequest, what: string, model?: ModuleModel): Promise<T> {
    if (!apiKey || !apiSecret)
      throw serviceError('auth', 'errors.service.vendorNeedsSecrets', {
        vendor: 'Simplicate',
        secrets: 'apiKey, apiSecret',
      });
    const res = await http.request({ ...req, headers: { ...authHeaders, ...req.headers } });
    if (res.status < 200 || res.status >= 300) {
      throw responseError(
        res,
        what,
        (path) => model?.byWritePath.get(path) ?? (model?.byName.has(path) ? path : undefined),
      );
    }
    return parseJsonBody<T>(res, 'Simplicate');
  }

  function spec(module: string): SwaggerModule {
    const mod = simplicateModules.find((m) => m.id === module);
    if (!mod) throw serviceError('invalid_input', 'errors.service.vendorNoModule', { vendor: 'Simplicate', module });
    return mod;
  }

  async function loadCustomFields(mod: SwaggerModule): Promise<JsonObject[]> {
    if (!mod.customFieldsPath) return [];
    const out: JsonObject[] = [];
    for (let offset = 0; ; offset += PAGE_MAX) {
      const what = `custom fields of ${mod.id}`;
      const body = await call<unknown>(
        { method: 'GET', path: `${API}/${mod.customFieldsPath}`, query: { limit: PAGE_MAX, offset } },
        what,
      );
      const rows = rowsOf(body, what);
      out.push(...rows);
      if (rows.length < PAGE_MAX) return out;
    }
  }

  /** Entries of a configured list (relation types, sales progress, employees) as picklist options. */
  async function loadLookup(source: LookupSource): Promise<FieldOption[] | null> {
    const options: FieldOption[] = [];
    try {
      for (let offset = 0; ; offset += PAGE_MAX) {
        const body = await call<unknown>(
          { method: 'GET', path: `${API}/${source.path}`, query: { limit: PAGE_MAX, offset } },
          `list ${source.path}`,
        );
        const rows = rowsOf(body, `list ${source.path}`);
        for (const r of rows) {
          const label = r[source.labelKey];
          if (typeof r.id === 'string') options.push({ value: r.id, label: typeof label === 'string' ? label : r.id });
        }
        if (rows.length < PAGE_MAX) return options;
      }
    } catch (err) {
      // An API key without rights to a list (say HRM for employees) still gets the field, as plain text.
      if (err instanceof CrmError && (err.kind === 'permission' || err.kind === 'not_found')) return null;
      throw err;
    }
  }

  /** What describe needs from the vendor: the custom field definitions and the configured lists. */
  async function fetchMetadata(mod: SwaggerModule): Promise<StoredMetadata> {
    const readPaths = new Set(mod.readFields.map((f) => f.path));
    const wanted = Object.entries(lookupSources).filter(([path]) => readPaths.has(path));
    // Several fields may read the same list (employees): fetch each list once.
    const lists = new Map<string, Promise<FieldOption[] | null>>();
    for (const [, source] of wanted) if (!lists.has(source.path)) lists.set(source.path, loadLookup(source));
    const [customFields, ...options] = await Promise.all([
      loadCustomFields(mod),
      ...wanted.map(([, source]) => lists.get(source.path) ?? null),
    ]);
    const lookups: StoredMetadata['lookups'] = {};
    wanted.forEach(([path], i) => (lookups[path] = options[i] ?? null));
    return { customFields, lookups };
  }

  function model(module: string): Promise<ModuleModel> {
    const mod = spec(module);
    return metadata.get(
      module,
      'fields',
      () => fetchMetadata(mod),
      (raw) => modelFromStored(mod, raw),
    );
  }

  /** `select=` for the described fields: nested objects as `parent.` (doc, "Filtering"). */
  function selectParam(mdl: ModuleModel): string {
    const roots = new Set<string>();
    for (const m of mdl.byName.values()) {
      const root = m.custom ? 'custom_fields' : (m.readPath.split('.')[0] ?? m.readPath);
      roots.add(m.custom || m.readPath.includes('.') ? `${root}.` : root);
    }
    return [...roots].join(',');
  }

  /** A custom field the cached definitions do not list means they are out of date: fetch them again next time. */
  function noteUnknownCustomFields(module: string, mdl: ModuleModel, rows: readonly JsonObject[]): void {
    const unknown = rows.some(
      (r) =>
        Array.isArray(r.custom_fields) &&
        r.custom_fields.some(
          (v) => isJsonObject(v) && typeof v.name === 'string' && !mdl.byName.has(`custom_fields.${v.name}`),
        ),
    );
    if (unknown) metadata.contradicted(module);
  }

  function rowsOf(body: unknown, what: string): JsonObject[] {
    if (!isJsonObject(body) || !Array.isArray(body.data)) {
      throw new CrmError('protocol', `Simplicate ${what}: the answer has no data list`);
    }
    return body.data.filter(isJsonObject);
  }

  async function fetchOne(mdl: ModuleModel, module: string, id: string): Promise<CrmRecord> {
    const body = await call<unknown>(
      { method: 'GET', path: `${API}/${module}/${idSegment(id)}` },
      `get ${module} ${id}`,
      mdl,
    );
    if (!isJsonObject(body) || !isJsonObject(body.data)) {
      throw new CrmError('protocol', `Simplicate get ${module}: the answer has no record`);
    }
    noteUnknownCustomFields(module, mdl, [body.data]);
    return flattenRecord(mdl, body.data);
  }

  async function changes(module: string, cursorText: string | null): Promise<ChangePage> {
    const mdl = await model(module);
    const cursor = decodeCursor(cursorText);
    const params = new URLSearchParams();
    // "Tracking Creates and Updates" (doc): q[updated_at][ge]=<last seen>&sort=updated_at. `id` breaks
    // ties between records changed in the same second, which `ge` returns again and the cursor skips.
    if (cursor.since) params.set('q[updated_at][ge]', cursor.since);
    params.set('sort', 'updated_at,id');
    params.set('limit', String(PAGE_MAX));
    // Normally every tie is re-read and dropped by id; past a full page of ties, skip them by offset.
    params.set('offset', String(cursor.seen.length >= PAGE_MAX ? cursor.seen.length : 0));
    params.set('select', selectParam(mdl));
    const rows = rowsOf(
      await call<unknown>({ method: 'GET', path: `${API}/${module}`, query: params }, `changes of ${module}`, mdl),
      `changes of ${module}`,
    );
    noteUnknownCustomFields(module, mdl, rows);
    const step = nextCursor(cursor, rows);
    return {
      updated: step.fresh.map((r) => flattenRecord(mdl, r)),
      deleted: [],
      cursor: encodeCursor(step.cursor),
      more: rows.length >= PAGE_MAX,
    };
  }

  return {
    async test(): Promise<TestResult> {
      await call<unknown>(
        { method: 'GET', path: `${API}/crm/organization`, query: { limit: 1, select: 'id' } },
        'connection test',
      );
      return { ok: true, detail: 'API key accepted' };
    },

    async modules(): Promise<ModuleInfo[]> {
      return simplicateModules.map((m) => ({ name: m.id, label: m.label }));
    },

    async describe(module: string): Promise<ModuleSchema> {
      return structuredClone((await model(module)).schema);
    },

    async list(module: string, query: ListQuery): Promise<ListPage> {
      const mdl = await model(module);
      const base = new URLSearchParams();
      filterParams(mdl, query.filters, base);
      const sort = sortParam(mdl, query.sort);
      if (sort) base.set('sort', sort);
      base.set('select', selectParam(mdl));
      const start = (query.page - 1) * query.pageSize;
      const rows: CrmRecord[] = [];
      let total: number | undefined;
      // A page larger than the vendor's 100 is fetched with several calls (docs/cli.md, "Paging").
      while (rows.length < query.pageSize) {
        const limit = Math.min(PAGE_MAX, query.pageSize - rows.length);
        const params = new URLSearchParams(base);
        params.set('limit', String(limit));
        params.set('offset', String(start + rows.length));
        if (total === undefined) params.set('metadata', 'count');
        const body = await call<unknown>(
          { method: 'GET', path: `${API}/${module}`, query: params },
          `list ${module}`,
          mdl,
        );
        const chunk = rowsOf(body, `list ${module}`);
        if (
          total === undefined &&
          isJsonObject(body) &&
          isJsonObject(body.metadata) &&
          typeof body.metadata.count === 'number'
        ) {
          total = body.metadata.count;
        }
        noteUnknownCustomFields(module, mdl, chunk);
        for (const r of chunk) rows.push(flattenRecord(mdl, r));
        if (chunk.length < limit) break;
        if (total !== undefined && start + rows.length >= total) break;
      }
      const hasMore = total !== undefined ? start + rows.length < total : rows.length === query.pageSize;
      return total !== undefined ? { rows, total, hasMore } : { rows, hasMore };
    },

    async get(module: string, id: string): Promise<CrmRecord> {
      return fetchOne(await model(module), module, id);
    },

    async create(module: string, data: RecordData): Promise<CrmRecord> {
      const mdl = await model(module);
      if (!spec(module).methods.create)
        throw serviceError('unsupported', 'errors.service.vendorCannotCreate', { vendor: 'Simplicate', module });
      const body = await call<unknown>(
        { method: 'POST', path: `${API}/${module}`, json: buildBody(mdl, data) },
        `create ${module}`,
        mdl,
      );
      const id = isJsonObject(body) && isJsonObject(body.data) ? body.data.id : undefined;
      if (typeof id !== 'string' || !id)
        throw new CrmError('protocol', `Simplicate create ${module}: no id in the answer`);
      return fetchOne(mdl, module, id);
    },

    async update(module: string, id: string, data: RecordData): Promise<CrmRecord> {
      const mdl = await model(module);
      if (!spec(module).methods.update)
        throw serviceError('unsupported', 'errors.service.vendorCannotUpdate', { vendor: 'Simplicate', module });
      // PUT takes the changed properties only; the rest of the record is kept.
      await call<unknown>(
        { method: 'PUT', path: `${API}/${module}/${idSegment(id)}`, json: buildBody(mdl, data) },
        `update ${module} ${id}`,
        mdl,
      );
      return fetchOne(mdl, module, id);
    },

    async delete(module: string, id: string): Promise<void> {
      // The swagger has no DELETE for some paths (/sales/sales/{id}): never call one it lacks.
      if (!spec(module).methods.delete)
        throw serviceError('unsupported', 'errors.service.vendorCannotDelete', { vendor: 'Simplicate', module });
      await call<unknown>({ method: 'DELETE', path: `${API}/${module}/${idSegment(id)}` }, `delete ${module} ${id}`);
    },

    changes,

    // "Tracking Deletions" (doc, Known Limitations): there is no deletion feed.
    deletionFeed: () => false,

    // The API filters a module on the linked record's id by its top-level `<thing>_id` field
    // (`q[organization_id]=...`); the nested `organization.id` copies name the same links.
    relations: (module: string, schemas: readonly ModuleSchema[]): Relation[] =>
      reverseReferences(module, schemas, (f) => !f.name.includes('.')),

    async *listIds(module: string): AsyncIterable<string[]> {
      spec(module);
      for (let offset = 0; ; offset += PAGE_MAX) {
        const body = await call<unknown>(
          {
            method: 'GET',
            path: `${API}/${module}`,
            query: { select: 'id', limit: PAGE_MAX, offset },
            tag: 'idpass',
          },
          `ids of ${module}`,
        );
        const rows = rowsOf(body, `ids of ${module}`);
        const ids = rows.map((r) => r.id).filter((id): id is string => typeof id === 'string');
        if (ids.length) yield ids;
        if (rows.length < PAGE_MAX) return;
      }
    },

    async close(): Promise<void> {},
  };
}
