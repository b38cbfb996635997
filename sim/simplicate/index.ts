import { WindowCounter, type SimRequest, type SimResponse, type Simulator } from '../common/server.ts';
import { LazyTable } from '../common/table.ts';
import type { SimOptions } from '../workspace.ts';
import { simplicateModules } from '../../vendor-data/simplicate-fields.generated.ts';
import {
  baseModifiedMs,
  generateRow,
  isSimModule,
  recordId,
  simModules,
  type DataContext,
  type JsonObject,
  type SimModuleId,
} from './data.ts';
import { decodeId, formatDateTime, hex32 } from './ids.ts';
import { buildLookups } from './lookups.ts';
import { parseQ, parseSort, project, QueryError, valueAt, type FieldKind } from './query.ts';
import { ScanCache } from './scan.ts';
import { applyWrite } from './write.ts';
import { withoutNulls } from './present.ts';

/**
 * Simplicate API v2 simulator (simplicate-api-v2.txt + simplicate-swagger.json, as corrected by
 * docs/vendors.md, "Simplicate"). Serves `/api/v2/{module}`, `/api/v2/{module}/{id}` and the
 * `*customfields` listings for crm/organization, crm/person, sales/sales and projects/project, and the
 * configured lists records refer to (crm/relationtype, sales/salesprogress, hrm/employee, ...).
 *
 * API-level failures (bad credentials, unknown route, wrong method, missing Content-Type) answer
 * text/plain; business-level ones JSON `{data: null, errors: [...], debug: null}` (doc, "Response Format").
 * The API key and secret are static, so `expireSessions` has nothing to invalidate: it is a no-op.
 */
const PAGE_MAX = 100; // docs/vendors.md: default limit 100, larger ones capped to 100 (not refused)
const RATE = { requests: 60, perMs: 60_000 }; // doc "Rate Limiting": at least 60 requests per minute

const customFieldPaths: Record<string, SimModuleId> = {
  'crm/organizationcustomfields': 'crm/organization',
  'crm/personcustomfields': 'crm/person',
  'sales/salescustomfields': 'sales/sales',
  'projects/projectcustomfields': 'projects/project',
};

const text = (status: number, body: string): SimResponse => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body,
});
const fail = (status: number, errors: string[]): SimResponse => ({ status, body: { data: null, errors, debug: null } });
const ok = (data: unknown, metadata?: Record<string, number>): SimResponse => ({
  status: 200,
  body: { data, ...(metadata ? { metadata } : {}), errors: null, debug: null },
});

export function createSimplicateSim(opts: SimOptions): Simulator {
  const seed = opts.seed;
  const lookups = buildLookups(seed);
  const ctx: DataContext = { seed, size: opts.records, lookups };
  const apiKey = `sk_${hex32(seed, 'api-key').slice(0, 24)}`;
  const apiSecret = hex32(seed, 'api-secret');
  const limiter = opts.limits === 'real' ? new WindowCounter(RATE.requests, RATE.perMs) : undefined;

  const tables = {} as Record<SimModuleId, LazyTable<JsonObject>>;
  for (const m of Object.keys(simModules) as SimModuleId[]) {
    tables[m] = new LazyTable<JsonObject>({
      size: opts.records,
      generate: (key) => generateRow(ctx, m, key),
      baseModifiedMs: (key) => baseModifiedMs(ctx, m, key),
    });
  }
  const generated = new Map(simplicateModules.map((m) => [m.id, m]));
  const lookupLists: Record<string, readonly object[] | undefined> = {
    'crm/relationtype': lookups.relationTypes,
    'crm/industry': lookups.industries,
    'crm/organizationsize': lookups.organizationSizes,
    'sales/salesprogress': lookups.salesProgress,
    'sales/salesstatus': lookups.salesStatuses,
    'sales/salessource': lookups.salesSources,
    'projects/projectstatus': lookups.projectStatuses,
    'hrm/employee': lookups.employees,
  };
  /** Cached filtered/sorted key lists per module, dropped on every write to that module. */
  const scans = {} as Record<SimModuleId, ScanCache>;
  for (const m of Object.keys(simModules) as SimModuleId[]) scans[m] = new ScanCache();
  // Writes to organizations and persons change the names embedded in sales and projects too.
  const touch = () => {
    for (const c of Object.values(scans)) c.touch();
  };

  const keyOf = (module: SimModuleId, id: string) => decodeId(simModules[module].prefix, seed, module, id);

  /** Field kinds for filters and sort: the GET model's leaves plus the module's custom fields. */
  const kinds = new Map<SimModuleId, Map<string, FieldKind>>();
  for (const m of Object.keys(simModules) as SimModuleId[]) {
    const map = new Map<string, FieldKind>();
    for (const f of generated.get(m)?.readFields ?? []) {
      map.set(
        f.path,
        f.type === 'integer' || f.type === 'number' ? 'number' : f.type === 'boolean' ? 'boolean' : 'text',
      );
    }
    for (const c of lookups.customFields[m] ?? []) {
      map.set(`custom_fields.${c.name}`, c.value_type === 'Integer' || c.value_type === 'Decimal' ? 'number' : 'text');
    }
    kinds.set(m, map);
  }

  /** The row as GET shows it: modification time, embedded organization/person, custom field details. */
  function hydrate(module: SimModuleId, key: number, row: JsonObject): JsonObject {
    const out: JsonObject = { ...row, updated_at: formatDateTime(tables[module].modifiedAt(key)) };
    for (const [ref, mod] of [
      ['organization', 'crm/organization'],
      ['person', 'crm/person'],
    ] as const) {
      if (!(`${ref}_id` in row)) continue;
      const refId = row[`${ref}_id`];
      const refKey = typeof refId === 'string' ? keyOf(mod, refId) : undefined;
      const target = refKey === undefined ? undefined : tables[mod].get(refKey);
      out[ref] = target
        ? {
            id: target.id ?? null,
            [ref === 'organization' ? 'name' : 'full_name']:
              (ref === 'organization' ? target.name : target.full_name) ?? null,
            relation_number: target.relation_number ?? null,
          }
        : null;
    }
    const defs = lookups.customFields[module] ?? [];
    const values = Array.isArray(row.custom_fields) ? row.custom_fields : [];
    out.custom_fields = defs.flatMap((d) => {
      const v = values.find((c) => c !== null && typeof c === 'object' && !Array.isArray(c) && c.name === d.name);
      if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
      return [
        {
          id: d.id,
          name: d.name,
          label: d.label,
          value: v.value ?? null,
          // 2024-11 changelog: display_value on custom fields.
          display_value: v.value ?? null,
          render_type: d.render_type,
          value_type: d.value_type,
          mandatory: d.mandatory,
          filterable: d.filterable,
          searchable: d.searchable,
          position: d.position,
        },
      ];
    });
    return out;
  }

  function pageParams(url: URL): { limit: number; offset: number } | SimResponse {
    const num = (name: string, dflt: number): number | undefined => {
      const raw = url.searchParams.get(name);
      if (raw === null || raw === '') return dflt;
      return /^\d+$/.test(raw) ? Number(raw) : undefined;
    };
    const limit = num('limit', PAGE_MAX);
    const offset = num('offset', 0);
    if (limit === undefined) return fail(400, ['The limit parameter must be a non-negative integer']);
    if (offset === undefined) return fail(400, ['The offset parameter must be a non-negative integer']);
    return { limit: Math.min(limit, PAGE_MAX), offset };
  }

  function metadataFor(url: URL, count: number, limit: number, offset: number): Record<string, number> | undefined {
    const wanted = (url.searchParams.get('metadata') ?? '').split(',').map((s) => s.trim());
    const meta: Record<string, number> = {};
    // docs/vendors.md: unknown metadata values are ignored.
    if (wanted.includes('count')) meta.count = count;
    if (wanted.includes('limit')) meta.limit = limit;
    if (wanted.includes('offset')) meta.offset = offset;
    return Object.keys(meta).length ? meta : undefined;
  }

  function list(module: SimModuleId, url: URL): SimResponse {
    const page = pageParams(url);
    if ('status' in page) return page;
    const kindMap = kinds.get(module) ?? new Map<string, FieldKind>();
    const kind = (f: string): FieldKind | undefined => (f === 'id' ? 'text' : kindMap.get(f));
    let q;
    let sort;
    try {
      q = parseQ(url.searchParams, kind);
      sort = parseSort(url.searchParams.get('sort'), kind);
    } catch (err) {
      if (err instanceof QueryError) return fail(400, [err.message]);
      throw err;
    }
    const table = tables[module];
    const select = url.searchParams.get('select');
    if (q.all.length === 0 && q.or.length === 0 && sort.length === 0) {
      // Unfiltered, unsorted: walk keys lazily so a 1,000,000-row module answers without generating it all.
      const rows: JsonObject[] = [];
      for (const [key, row] of lazyLive(table, page.offset, page.limit))
        rows.push(project(withoutNulls(hydrate(module, key, row)), select));
      return ok(rows, metadataFor(url, table.count, page.limit, page.offset));
    }
    const fields = [...q.all, ...q.or].map((c) => c.field).concat(sort.map((s) => s.field));
    const needsRefs = fields.some((f) => f.startsWith('organization.') || f.startsWith('person.'));
    const keys = scans[module].query(
      {
        liveKeys: () => liveKeys(table),
        // updated_at sorts as whole seconds (the API's resolution), with no row generated.
        cheapSortValue: (key, field) =>
          field === 'id'
            ? recordId(ctx, module, key).toLowerCase()
            : field === 'updated_at'
              ? Math.floor(table.modifiedAt(key) / 1000)
              : undefined,
        rangeBound: (_field, raw) => {
          // A bound without its time means 00:00:00 (doc, "Advanced Filtering").
          const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?$/.exec(raw);
          return m ? Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}Z`) / 1000 : null;
        },
        view: (key) => {
          const row = table.get(key) ?? {};
          return needsRefs ? hydrate(module, key, row) : { ...row, updated_at: formatDateTime(table.modifiedAt(key)) };
        },
        kind,
        indexable: (field) => field === 'updated_at',
        valueAt,
      },
      q,
      sort,
    );
    const rows = keys.slice(page.offset, page.offset + page.limit).map((key) => {
      const row = table.get(key) ?? {};
      return project(withoutNulls(hydrate(module, key, row)), select);
    });
    return ok(rows, metadataFor(url, keys.length, page.limit, page.offset));
  }

  function liveKeys(table: LazyTable<JsonObject>): number[] {
    const out: number[] = [];
    for (let key = 1; out.length < table.count; key++) if (table.has(key)) out.push(key);
    return out;
  }

  /** Live rows `offset+1 ..` in key order, jumping straight to the offset past the deleted keys. */
  function* lazyLive(table: LazyTable<JsonObject>, offset: number, limit: number): Generator<[number, JsonObject]> {
    if (limit === 0 || offset >= table.count) return;
    const deleted = table
      .deletedSince(0)
      .map((d) => d.key)
      .sort((a, b) => a - b);
    let key = offset + 1;
    for (const d of deleted) {
      if (d > key) break;
      key++;
    }
    let taken = 0;
    for (let live = offset; live < table.count; key++) {
      const row = table.get(key);
      if (!row) continue;
      live++;
      yield [key, row];
      if (++taken >= limit) return;
    }
  }

  function writeContext(module: SimModuleId, creating: boolean) {
    return {
      module,
      writeFields: generated.get(module)?.writeFields ?? [],
      customFields: lookups.customFields[module] ?? [],
      lookups,
      creating,
      exists: (mod: 'crm/organization' | 'crm/person', id: string) => {
        const k = keyOf(mod, id);
        return k !== undefined && tables[mod].has(k);
      },
    };
  }

  function parseBody(req: SimRequest): { body: unknown } | SimResponse {
    // docs/vendors.md: Content-Type: application/json is needed on requests with a body.
    if (
      !String(req.headers['content-type'] ?? '')
        .toLowerCase()
        .startsWith('application/json')
    ) {
      return text(400, 'Bad Request: Content-Type must be application/json');
    }
    try {
      return { body: JSON.parse(req.body) as unknown };
    } catch {
      return fail(400, ['The request body is not valid JSON']);
    }
  }

  function authorized(req: SimRequest): boolean {
    return req.headers['authentication-key'] === apiKey && req.headers['authentication-secret'] === apiSecret;
  }

  function handle(req: SimRequest): SimResponse {
    if (limiter && limiter.hit() !== undefined) {
      // docs/vendors.md: no client relies on Retry-After, so none is sent.
      return fail(429, ['Too Many Requests']);
    }
    const m = /^\/api\/v2\/(.+?)\/?$/.exec(req.url.pathname);
    if (!m?.[1]) return text(404, 'Not Found');
    if (!authorized(req)) return text(401, 'Unauthorized: invalid Authentication-Key or Authentication-Secret');
    const path = decodeURIComponent(m[1]);

    const cfModule = customFieldPaths[path];
    const listing = cfModule ? lookups.customFields[cfModule] : lookupLists[path];
    if (listing) {
      // Read-only listings: custom field definitions and the configured lists records refer to.
      if (req.method !== 'GET') return text(405, 'Method Not Allowed');
      const page = pageParams(req.url);
      if ('status' in page) return page;
      return ok(
        listing.slice(page.offset, page.offset + page.limit),
        metadataFor(req.url, listing.length, page.limit, page.offset),
      );
    }

    const segs = path.split('/');
    const module = segs.slice(0, 2).join('/');
    if (!isSimModule(module) || segs.length > 3) return text(404, 'Not Found');
    const spec = generated.get(module);
    const id = segs[2];
    const table = tables[module];

    if (id === undefined) {
      if (req.method === 'GET') return list(module, req.url);
      if (req.method !== 'POST' || !spec?.methods.create) return text(405, 'Method Not Allowed');
      const parsed = parseBody(req);
      if ('status' in parsed) return parsed;
      const row: JsonObject = { id: '', created_at: formatDateTime(Date.now()), custom_fields: [] };
      const errors = applyWrite(writeContext(module, true), row, parsed.body);
      if (errors.length) return fail(400, errors);
      const key = insert(module, row);
      return ok({ id: recordId(ctx, module, key) });
    }

    // Methods per the swagger (sales/sales/{id} has no DELETE).
    const itemMethods: Record<string, boolean | undefined> = {
      GET: spec?.methods.get,
      PUT: spec?.methods.update,
      DELETE: spec?.methods.delete,
    };
    const allowed = itemMethods[req.method];
    if (!allowed) return text(405, 'Method Not Allowed');
    const key = keyOf(module, id);
    const row = key === undefined ? undefined : table.get(key);
    if (key === undefined || !row) return fail(404, [`Entity not found: ${id}`]);
    if (req.method === 'GET') {
      return ok(project(withoutNulls(hydrate(module, key, row)), req.url.searchParams.get('select')));
    }
    if (req.method === 'DELETE') {
      table.remove(key);
      touch();
      return ok(null);
    }
    const parsed = parseBody(req);
    if ('status' in parsed) return parsed;
    const errors = applyWrite(writeContext(module, false), row, parsed.body);
    if (errors.length) return fail(400, errors);
    table.put(key, row);
    touch();
    return ok({ id });
  }

  function insert(module: SimModuleId, row: JsonObject): number {
    const key = tables[module].insert(row);
    touch();
    const stored = tables[module].get(key) ?? row;
    stored.id = recordId(ctx, module, key);
    stored.simplicate_url = `https://demo.simplicate.example/${simModules[module].web}/view/id/${stored.id}`;
    tables[module].put(key, stored);
    return key;
  }

  function moduleOf(module: string): SimModuleId {
    if (!isSimModule(module)) throw new Error(`unknown module ${module}`);
    return module;
  }

  return {
    vendor: 'simplicate',
    basePath: '',
    handle,
    credentials: () => ({ apiKey, apiSecret }),
    expireSessions() {
      // Static API key and secret: there is no session to expire (documented no-op).
    },
    rateLimited: () => fail(429, ['Too Many Requests']),
    reset() {
      for (const t of Object.values(tables)) t.reset();
      touch();
      limiter?.reset();
    },
    records: {
      get(module, id) {
        const mod = moduleOf(module);
        const key = keyOf(mod, id);
        const row = key === undefined ? undefined : tables[mod].get(key);
        return key === undefined || !row ? undefined : hydrate(mod, key, row);
      },
      create(module, fields) {
        const mod = moduleOf(module);
        const row: JsonObject = { custom_fields: [], ...(structuredClone(fields) as JsonObject) };
        row.created_at ??= formatDateTime(Date.now());
        return recordId(ctx, mod, insert(mod, row));
      },
      update(module, id, fields) {
        const mod = moduleOf(module);
        const key = keyOf(mod, id);
        const row = key === undefined ? undefined : tables[mod].get(key);
        if (key === undefined || !row) return false;
        tables[mod].put(key, deepMerge(row, structuredClone(fields) as JsonObject));
        touch();
        return true;
      },
      remove(module, id) {
        const mod = moduleOf(module);
        const key = keyOf(mod, id);
        const removed = key !== undefined && tables[mod].remove(key);
        touch();
        return removed;
      },
    },
  };
}

function deepMerge(target: JsonObject, patch: JsonObject): JsonObject {
  for (const [k, v] of Object.entries(patch)) {
    const cur = target[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)) {
      target[k] = deepMerge(cur, v);
    } else target[k] = v;
  }
  return target;
}
