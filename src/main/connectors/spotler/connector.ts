import { serviceError } from '../../../shared/i18n/error-text.ts';
import type { CrmRecord, Field, ModuleSchema, RecordData } from '../../../shared/fields.ts';
import type { ListQuery } from '../../../shared/query.ts';
import type { ChangePage, Connector, ConnectorContext, ListPage } from '../types.ts';
import { pathSegment } from '../common/path-segment.ts';
import { SpotlerApi, VENDOR_LABEL, type VendorRow } from './api.ts';
import { advanceCursor, cursorQuery, decodeCursor, encodeCursor, initialCursor } from './cursor.ts';
import { buildOrder, buildQuery } from './filters.ts';
import { assertModule, describeFromDictionary, fetchDictionary, spotlerModules } from './metadata.ts';
import { createMetadataCache } from '../common/metadata-cache.ts';
import { toRecord, toVendorBody } from './values.ts';
import { reverseReferences } from '../common/relations.ts';
import type { Relation } from '../../../shared/relations.ts';

/** Doc "Record Limits and Pagination": "All GET requests are limited to 100 records at a time". */
export const VENDOR_PAGE_MAX = 100;

const json = (v: unknown) => JSON.stringify(v);

export function createSpotlerConnector(ctx: ConnectorContext): Connector {
  // The access token is static (doc "OAuth 2.0": generated in Settings / Integrations / API V4); there
  // is no refresh flow in the doc, so a refused token is an auth error for the user to fix.
  const api = new SpotlerApi(ctx.http, ctx.secrets.accessToken);
  const metadata = ctx.metadata ?? createMetadataCache({ scope: 'spotler' });

  async function describe(module: string): Promise<ModuleSchema> {
    assertModule(module);
    return metadata.get(
      module,
      'dictionary',
      () => fetchDictionary(api, module),
      (raw) => describeFromDictionary(module, raw),
    );
  }

  async function fieldsOf(module: string): Promise<{ list: Field[]; byName: Map<string, Field> }> {
    const schema = await describe(module);
    return { list: schema.fields, byName: new Map(schema.fields.map((f) => [f.name, f])) };
  }

  function recordPath(module: string, id: string): string {
    assertModule(module);
    // Ids are whole numbers (doc: /accounts/95920978); anything else cannot name a record.
    if (!/^\d{1,18}$/.test(id))
      throw serviceError('not_found', 'errors.service.noModuleRecord', { vendor: VENDOR_LABEL, module, id });
    return `${pathSegment(module, 'module')}/${pathSegment(id, 'record id')}`;
  }

  /** One vendor page: doc `limit` (max 100) and `page`, 1-based per docs/vendors.md (0 or none = first). */
  function fetchPage(
    module: string,
    params: { q?: unknown; order: unknown; limit: number; page: number },
    tag?: string,
  ) {
    const query: Record<string, string | number> = {
      limit: params.limit,
      page: params.page,
      order: json(params.order),
    };
    if (params.q !== undefined) query.q = json(params.q);
    return api.list(module, query, tag);
  }

  return {
    async test() {
      const { total } = await fetchPage('accounts', { order: { id: 'asc' }, limit: 1, page: 1 });
      return { ok: true, ...(total !== undefined ? { detail: `${total} accounts visible to this token` } : {}) };
    },

    async modules() {
      return spotlerModules.map((m) => ({ ...m }));
    },

    describe,

    async list(module: string, query: ListQuery): Promise<ListPage> {
      const { list: fields, byName } = await fieldsOf(module);
      const q = buildQuery(query.filters, byName);
      const order = buildOrder(query.sort, byName);
      if (query.pageSize <= VENDOR_PAGE_MAX) {
        const res = await fetchPage(module, { q, order, limit: query.pageSize, page: query.page });
        return {
          rows: res.rows.map((r) => toRecord(r, fields)),
          ...(res.total !== undefined ? { total: res.total } : {}),
          hasMore: res.hasMore,
        };
      }
      // A page larger than the vendor's maximum: read the 100-record vendor pages it spans and cut.
      const offset = (query.page - 1) * query.pageSize;
      const first = Math.floor(offset / VENDOR_PAGE_MAX) + 1;
      const last = Math.floor((offset + query.pageSize - 1) / VENDOR_PAGE_MAX) + 1;
      const rows: VendorRow[] = [];
      let total: number | undefined;
      let vendorHasMore = false;
      for (let page = first; page <= last; page++) {
        const res = await fetchPage(module, { q, order, limit: VENDOR_PAGE_MAX, page });
        rows.push(...res.rows);
        total = res.total;
        vendorHasMore = res.hasMore;
        if (!res.hasMore) break;
      }
      const start = offset - (first - 1) * VENDOR_PAGE_MAX;
      const pageRows = rows.slice(start, start + query.pageSize);
      const hasMore =
        total !== undefined ? offset + pageRows.length < total : vendorHasMore || rows.length > start + query.pageSize;
      return {
        rows: pageRows.map((r) => toRecord(r, fields)),
        ...(total !== undefined ? { total } : {}),
        hasMore,
      };
    },

    async get(module: string, id: string): Promise<CrmRecord> {
      const path = recordPath(module, id);
      const { list: fields } = await fieldsOf(module);
      return toRecord(await api.record({ method: 'GET', path }), fields);
    },

    async create(module: string, data: RecordData): Promise<CrmRecord> {
      const { list: fields } = await fieldsOf(module);
      const body = toVendorBody(data, fields, module);
      // Mandatory fields are left to the server's 422 ("It is required to include all mandatory fields").
      return toRecord(await api.record({ method: 'POST', path: module, json: body }), fields);
    },

    async update(module: string, id: string, data: RecordData): Promise<CrmRecord> {
      const path = recordPath(module, id);
      const { list: fields } = await fieldsOf(module);
      const body = toVendorBody(data, fields, module);
      if (Object.keys(body).length === 0) return toRecord(await api.record({ method: 'GET', path }), fields);
      return toRecord(await api.record({ method: 'PATCH', path, json: body }), fields);
    },

    async delete(module: string, id: string): Promise<void> {
      // Doc: "If successful, it will also not return any content, just a status code of 200" ({}).
      await api.call<unknown>({ method: 'DELETE', path: recordPath(module, id) });
    },

    async changes(module: string, cursor: string | null): Promise<ChangePage> {
      const { list: fields } = await fieldsOf(module);
      const from = cursor === null ? initialCursor() : decodeCursor(cursor);
      const res = await fetchPage(module, {
        q: cursorQuery(from),
        order: { modifieddate: 'asc', id: 'asc' },
        limit: VENDOR_PAGE_MAX,
        page: 1,
      });
      return {
        updated: res.rows.map((r) => toRecord(r, fields)),
        // The v4 API has no feed of deleted records: sync finds deletions with listIds.
        deleted: [],
        cursor: encodeCursor(advanceCursor(from, res.rows)),
        more: res.hasMore,
      };
    },

    // Reference fields (accountid, contactid) queried in reverse.
    relations(module: string, schemas: readonly ModuleSchema[]): Relation[] {
      return reverseReferences(module, schemas);
    },

    deletionFeed() {
      return false;
    },

    async *listIds(module: string): AsyncIterable<string[]> {
      assertModule(module);
      // The API has no field selection, so whole records come back; a keyset on id (not page numbers)
      // keeps the pass exact while records are deleted under it.
      let after = 0;
      for (;;) {
        const res = await fetchPage(
          module,
          { q: after ? { id: { $gt: after } } : undefined, order: { id: 'asc' }, limit: VENDOR_PAGE_MAX, page: 1 },
          'idpass',
        );
        const ids = res.rows.map((r) => Number(r.id)).filter((n) => Number.isInteger(n));
        if (ids.length) yield ids.map(String);
        if (!res.hasMore || ids.length === 0) return;
        after = Math.max(...ids);
      }
    },

    async close() {},
  };
}
