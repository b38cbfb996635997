import type { SimRequest, SimResponse, Simulator } from '../common/server.ts';
import { hashString } from '../common/random.ts';
import type { SimOptions } from '../workspace.ts';
import { parseOrder, parseQuery, QueryError, type OrderKey, type RowTest } from './query.ts';
import { badRequest, error, invalidRecordType, notAllowed, notFound, validationFailed } from './responses.ts';
import {
  dictionaryObject,
  lookupItems,
  lookupLists,
  objectByName,
  type LookupSource,
  type SpotlerObject,
} from './schema.ts';
import { generateLines, type SpotlerRow } from './seed.ts';
import { SpotlerStore } from './store.ts';
import { validateBody } from './validate.ts';

/**
 * SpotlerCRM API v4 (formerly Really Simple Systems), served at the API root:
 *   GET /{object}[?limit&page&q&order&lines]  POST /{object}  GET|PATCH|DELETE /{object}/{id}
 *   GET /datadictionary/{object}              GET /lookup/{object}/{field}
 * Authorization: Bearer {access_token} on every call.
 *
 * No rate limit: the doc mentions a per-account "call limit" (usage alerts) but gives no number, so
 * `limits: 'real'` and `'off'` behave alike; the `429` fault still answers like a limited call would.
 */

const DEFAULT_LIMIT = 10; // doc: "defaulted to 10"
const MAX_LIMIT = 100; // doc: "All GET requests are limited to 100 records at a time"

type Json = Record<string, unknown>;

export function createSpotlerSim(opts: SimOptions): Simulator {
  const size = Math.max(0, Math.floor(opts.records));
  const seed = opts.seed;
  const accessToken = tokenFor(seed);

  const store = new SpotlerStore(size, seed);
  // Lookup lists can grow through PATCH /lookup/{list_name}; reset() restores the seeded ones.
  const copyLists = () => Object.fromEntries(Object.entries(lookupLists).map(([k, v]) => [k, [...v]]));
  let lists: Record<string, string[]> = copyLists();
  const lookup: LookupSource = (object, field) => lookupItems(object, field, lists);
  const exists = (object: string, id: number) => store.exists(object, id);

  const recordMetadata = (obj: SpotlerObject, id: unknown) => ({
    url: `/${obj.name}/${String(id)}`,
    list_url: `/${obj.name}`,
    parent: '/',
    object_type: 'record',
    record_type: obj.recordType,
  });
  const withLines = (obj: SpotlerObject, row: SpotlerRow, lines: boolean): SpotlerRow =>
    lines && obj.name === 'opportunities' ? { ...row, lines: generateLines(seed, Number(row.id)) } : row;
  const envelope = (obj: SpotlerObject, row: SpotlerRow, lines = false) => ({
    metadata: recordMetadata(obj, row.id),
    record: withLines(obj, row, lines),
  });

  function listRecords(obj: SpotlerObject, url: URL): SimResponse {
    const params = url.searchParams;
    const limitText = params.get('limit');
    const pageText = params.get('page');
    if (limitText !== null && !/^\d+$/.test(limitText)) return badRequest('limit must be a positive whole number');
    if (pageText !== null && !/^\d+$/.test(pageText)) return badRequest('page must be a whole number');
    const limitAsked = limitText === null ? DEFAULT_LIMIT : Number(limitText);
    if (limitAsked < 1) return badRequest('limit must be a positive whole number');
    const limit = Math.min(limitAsked, MAX_LIMIT);
    // docs/vendors.md: page is 1-based, and page 0 (or none) is the first page as well.
    const page = Math.max(1, pageText === null ? 1 : Number(pageText));
    let test: RowTest | undefined;
    let order: OrderKey[];
    try {
      test = parseQuery(obj, params.get('q'));
      order = parseOrder(obj, params.get('order'));
    } catch (err) {
      if (err instanceof QueryError) return badRequest(err.message);
      throw err;
    }
    const offset = (page - 1) * limit;
    const { rows, total } = store.select(obj, test, order, offset, limit, params.get('q'));
    const lines = params.get('lines') === 'true';
    return {
      status: 200,
      body: {
        metadata: {
          url: `/${obj.name}`,
          object_type: 'list',
          total_count: total,
          has_more: offset + rows.length < total,
        },
        // "If the page cannot be found, no records will be returned": an empty list, not an error.
        list: rows.map((row) => envelope(obj, row, lines)),
      },
    };
  }

  function parseBody(req: SimRequest): { fields: Json } | { refused: SimResponse } {
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      return { refused: badRequest('The request body must be JSON') };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return { refused: badRequest('The request body must be a JSON object') };
    }
    return { fields: body as Json };
  }

  /**
   * PATCH /lookup/{list_name} with {"items": [...]} (doc "Appending to lookup list/dropdown"). The doc
   * does not say how lists are named; here a list is named by its field ("type", "sector"), and a name
   * several record types share ("source") is one list for all of them. Values already listed are not
   * added twice; the answer names the ones that were added.
   */
  function appendToLookup(req: SimRequest, listName: string): SimResponse {
    const keys = Object.keys(lists).filter((k) => k.split('/')[1] === listName);
    if (keys.length === 0) return notFound(`Lookup list not found (${listName})`);
    const parsed = parseBody(req);
    if ('refused' in parsed) return parsed.refused;
    const items = parsed.fields.items;
    if (!Array.isArray(items) || items.length === 0 || !items.every((i) => typeof i === 'string' && i.trim() !== '')) {
      return validationFailed({ items: [{ Required: [] }] });
    }
    const added: string[] = [];
    for (const item of items as string[]) {
      for (const key of keys) {
        const list = lists[key] as string[];
        if (!list.includes(item)) {
          list.push(item);
          if (!added.includes(item)) added.push(item);
        }
      }
    }
    return { status: 200, body: { message: 'Lookup values added', items: added.map((v) => ({ value: v, id: v })) } };
  }

  function handleRecords(req: SimRequest, obj: SpotlerObject, id: string | undefined): SimResponse {
    if (id === undefined) {
      if (req.method === 'GET') return listRecords(obj, req.url);
      if (req.method === 'POST') {
        const body = parseBody(req);
        if ('refused' in body) return body.refused;
        const { fields } = body;
        const problems = validateBody(obj, fields, 'create', exists, lookup);
        if (Object.keys(problems).length) return validationFailed(problems);
        return { status: 201, body: envelope(obj, store.insert(obj, fields)) };
      }
      // Doc: PATCH and DELETE need the id in the URL ("Without the ID, the request will fail").
      return notAllowed('GET, POST');
    }
    if (!['GET', 'PATCH', 'DELETE'].includes(req.method)) return notAllowed('GET, PATCH, DELETE');
    const key = store.keyOf(obj, id);
    if (key === undefined) return notFound();
    if (req.method === 'GET') {
      return {
        status: 200,
        body: envelope(obj, store.get(obj, key) as SpotlerRow, req.url.searchParams.get('lines') === 'true'),
      };
    }
    if (req.method === 'DELETE') {
      store.remove(obj, key);
      return { status: 200, body: {} }; // doc: "Response Body (JSON): {} Returned with a status code of 200"
    }
    const parsed = parseBody(req);
    if ('refused' in parsed) return parsed.refused;
    const { fields } = parsed;
    const problems = validateBody(obj, fields, 'update', exists, lookup);
    if (Object.keys(problems).length) return validationFailed(problems);
    return { status: 200, body: envelope(obj, store.change(obj, key, fields)) };
  }

  /** A record type of the doc that the simulator keeps no records of: an empty list, or 404 for an id. */
  function noRecords(req: SimRequest, name: string, id: string | undefined): SimResponse {
    if (id !== undefined)
      return ['GET', 'PATCH', 'DELETE'].includes(req.method) ? notFound() : notAllowed('GET, PATCH, DELETE');
    if (req.method !== 'GET')
      return error(403, 'Permission error', `${name} records cannot be written in this simulator`);
    return {
      status: 200,
      body: { metadata: { url: `/${name}`, object_type: 'list', total_count: 0, has_more: false }, list: [] },
    };
  }

  function handle(req: SimRequest): SimResponse {
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || !auth.startsWith('Bearer ')) {
      return error(401, 'Authentication error', 'Unauthenticated.');
    }
    if (auth.slice('Bearer '.length) !== accessToken) {
      // docs/vendors.md: a bad token has been seen answering 403 "Unauthenticated" (the doc says 402).
      return error(403, 'Authentication error', 'Unauthenticated.');
    }
    let parts: string[];
    try {
      parts = req.url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return badRequest('Malformed URL');
    }
    const [first, second, third, ...rest] = parts;
    if (first === undefined) return notFound('Page not found');
    if (first === 'datadictionary') {
      if (second === undefined || third !== undefined) return notFound('Page not found');
      if (req.method !== 'GET') return notAllowed('GET');
      // Every record type of the doc's table, including those the simulator keeps no records of.
      const obj = dictionaryObject(second);
      if (!obj) return invalidRecordType(second);
      return {
        status: 200,
        body: {
          metadata: { url: `/datadictionary/${obj.name}`, object_type: 'datadictionary', record_type: obj.recordType },
          fields: obj.fields,
        },
      };
    }
    if (first === 'lookup' && second !== undefined && third === undefined && req.method === 'PATCH') {
      return appendToLookup(req, second);
    }
    if (first === 'lookup') {
      if (second === undefined || third === undefined || rest.length) return notFound('Page not found');
      if (req.method !== 'GET') return notAllowed('GET');
      const obj = dictionaryObject(second);
      if (!obj) return invalidRecordType(second);
      const items = lookup(obj.name, third);
      if (!items) return notFound(`Lookup list not found (${third})`);
      return {
        status: 200,
        body: { metadata: { url: `/lookup/${obj.name}/${third}`, object_type: 'lookup' }, list: items },
      };
    }
    if (third !== undefined) return notFound('Page not found');
    const obj = objectByName(first);
    if (!obj) {
      const listed = dictionaryObject(first);
      return listed ? noRecords(req, listed.name, second) : invalidRecordType(first);
    }
    return handleRecords(req, obj, second);
  }

  return {
    vendor: 'spotler',
    basePath: '',
    handle,
    credentials: () => ({ accessToken }),
    // A v4 access token is generated once in Settings / Integrations / API V4 and has no session behind
    // it, so there is nothing to expire: the `expire` fault is a no-op for this vendor.
    expireSessions() {},
    rateLimited(retryAfterSeconds) {
      const res = error(429, 'Rate limit error', 'Too many requests, please slow down');
      return retryAfterSeconds === undefined ? res : { ...res, headers: { 'Retry-After': String(retryAfterSeconds) } };
    },
    reset() {
      store.reset();
      lists = copyLists();
    },
    records: {
      get(module, id) {
        const obj = objectByName(module);
        const key = obj && store.keyOf(obj, id);
        return obj && key !== undefined ? store.get(obj, key) : undefined;
      },
      create(module, fields) {
        const obj = objectByName(module);
        if (!obj) throw new Error(`unknown object ${module}`);
        return String(store.insert(obj, fields).id);
      },
      update(module, id, fields) {
        const obj = objectByName(module);
        const key = obj && store.keyOf(obj, id);
        if (!obj || key === undefined) return false;
        store.change(obj, key, fields);
        return true;
      },
      remove(module, id) {
        const obj = objectByName(module);
        const key = obj && store.keyOf(obj, id);
        if (!obj || key === undefined) return false;
        return store.remove(obj, key);
      },
    },
  };
}

/** A stable per-seed token, shaped like an OAuth access token. */
function tokenFor(seed: string): string {
  const parts = [0, 1, 2, 3, 4].map((i) =>
    hashString(`spotler-token\u0000${seed}\u0000${i}`).toString(16).padStart(8, '0'),
  );
  return parts.join('');
}
