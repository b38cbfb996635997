import type { SimRequest, SimResponse, Simulator } from '../common/server.ts';
import { hashString } from '../common/random.ts';
import { LazyTable } from '../common/table.ts';
import type { SimOptions } from '../workspace.ts';
import { ModifiedIndex } from './modified-index.ts';
import {
  compareRows,
  idRangeStart,
  modifiedLowerBound,
  parseOrder,
  parseQuery,
  QueryError,
  referencedFields,
  type OrderKey,
  type RowTest,
} from './query.ts';
import {
  lookupItems,
  lookupLists,
  objectByName,
  objects,
  tokenUser,
  type LookupSource,
  type SpotlerObject,
} from './schema.ts';
import { generateLines, generateRow, idOf, seededModifiedSec, vendorDateTime, type SpotlerRow } from './seed.ts';
import { defaultsFor, validateBody, type ValidationMap } from './validate.ts';

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

function error(status: number, type: string, message: string, extra: Json = {}): SimResponse {
  // Doc "Error Responses": always a JSON object with type, code and message.
  return { status, body: { type, code: status, message, ...extra } };
}
const badRequest = (message: string) => error(400, 'Invalid Request error', message);
const notFound = (message = 'Record or page not found') => error(404, 'Invalid Request error', message);
const notAllowed = (allow: string): SimResponse => ({
  ...error(405, 'Invalid Request error', 'Not Allowed, please check the request type'),
  headers: { Allow: allow },
});
const validationFailed = (validation: ValidationMap) =>
  error(422, 'Validation error', 'The given data was invalid.', { validation });

export function createSpotlerSim(opts: SimOptions): Simulator {
  const size = Math.max(0, Math.floor(opts.records));
  const seed = opts.seed;
  const accessToken = tokenFor(seed);

  const makeTables = () =>
    new Map(
      objects.map((o) => [
        o.name,
        new LazyTable<SpotlerRow>({
          size,
          generate: (key) => generateRow(o.name, seed, key, size),
          baseModifiedMs: (key) => seededModifiedSec(o.name, seed, key) * 1000,
        }),
      ]),
    );
  let tables = makeTables();
  // Lookup lists can grow through PATCH /lookup/{list_name}; reset() restores the seeded ones.
  const copyLists = () => Object.fromEntries(Object.entries(lookupLists).map(([k, v]) => [k, [...v]]));
  let lists: Record<string, string[]> = copyLists();
  const lookup: LookupSource = (object, field) => lookupItems(object, field, lists);
  /** The highest key handed out per object (seeded rows, then inserts), for the newest-first walk. */
  const highestKey = new Map<string, number>();
  const modifiedIndexes = new Map(
    objects.map((o) => [
      o.name,
      new ModifiedIndex(
        size,
        (key) => seededModifiedSec(o.name, seed, key),
        (sec) => vendorDateTime(sec * 1000),
      ),
    ]),
  );
  /** Keys written since start-up (inserted, changed or deleted): the seeded index no longer speaks for them. */
  const touched = new Map<string, Set<number>>(objects.map((o) => [o.name, new Set<number>()]));
  const touch = (obj: SpotlerObject, key: number) => touched.get(obj.name)?.add(key);

  const table = (obj: SpotlerObject) => tables.get(obj.name) as LazyTable<SpotlerRow>;
  const keyOf = (obj: SpotlerObject, id: string | number): number | undefined => {
    const text = String(id);
    if (!/^\d{1,15}$/.test(text)) return undefined;
    const key = Number(text) - obj.idBase;
    return key >= 1 && table(obj).has(key) ? key : undefined;
  };
  const exists = (object: string, id: number) => {
    const obj = objectByName(object);
    return obj !== undefined && keyOf(obj, id) !== undefined;
  };

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

  function insert(obj: SpotlerObject, fields: Json): SpotlerRow {
    const now = vendorDateTime(Date.now());
    const row: SpotlerRow = {
      ...defaultsFor(obj),
      ownerid: tokenUser.id,
      ...fields,
      createddate: now,
      modifieddate: now,
    };
    const t = table(obj);
    const key = t.insert(row);
    highestKey.set(obj.name, Math.max(highestKey.get(obj.name) ?? size, key));
    touch(obj, key);
    row.id = idOf(obj.name, key);
    t.put(key, row);
    return row;
  }

  function change(obj: SpotlerObject, key: number, fields: Json): SpotlerRow {
    const t = table(obj);
    const row: SpotlerRow = { ...t.get(key), ...fields, modifieddate: vendorDateTime(Date.now()) };
    t.put(key, row);
    touch(obj, key);
    return row;
  }

  function listRecords(obj: SpotlerObject, url: URL): SimResponse {
    const params = url.searchParams;
    const limitText = params.get('limit');
    const pageText = params.get('page');
    if (limitText !== null && !/^\d+$/.test(limitText)) return badRequest('limit must be a positive whole number');
    if (pageText !== null && !/^\d+$/.test(pageText)) return badRequest('page must be a whole number');
    const limitAsked = limitText === null ? DEFAULT_LIMIT : Number(limitText);
    if (limitAsked < 1) return badRequest('limit must be a positive whole number');
    const limit = Math.min(limitAsked, MAX_LIMIT);
    // vendor-notes: page is 1-based, and page 0 (or none) is the first page as well.
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
    const { rows, total } = select(obj, test, order, offset, limit, params.get('q'));
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

  function select(
    obj: SpotlerObject,
    test: RowTest | undefined,
    order: OrderKey[],
    offset: number,
    limit: number,
    q: string | null,
  ) {
    const t = table(obj);
    const top = highestKey.get(obj.name) ?? size;
    const byIdOnly = order.length === 0 || (order.length === 1 && order[0]?.field.name === 'id');
    const desc = order[0]?.desc ?? false;
    const firstId = idRangeStart(q);
    if (byIdOnly && (!test || (firstId !== undefined && !desc))) {
      // Key-order walks (the plain listing, and an id pass's {"id": {"$gt": last}}): step over keys
      // without generating the skipped rows, and count the live keys instead of testing every row.
      const startKey = firstId === undefined ? 1 : Math.max(1, firstId - obj.idBase);
      const deletedBelow = t.deletedSince(0).filter((d) => d.key < startKey).length;
      const total = t.count - Math.max(0, Math.min(startKey - 1, top) - deletedBelow);
      const rows: SpotlerRow[] = [];
      let skipped = 0;
      for (let i = 0; startKey + i <= top && rows.length < limit; i++) {
        const key = desc ? top - i : startKey + i;
        if (!t.has(key)) continue;
        if (skipped < offset) {
          skipped++;
          continue;
        }
        const row = t.get(key);
        if (row) rows.push(row);
      }
      return { rows, total };
    }
    const written = touched.get(obj.name) ?? new Set<number>();
    const modifiedFrom = modifiedLowerBound(q);
    // Seeded keys that can match: with a lower bound on modifieddate ("changed since"), only those at or
    // after it (records written since start-up are added below); otherwise all of them.
    const seededKeys: Iterable<[number, string | undefined]> =
      test && modifiedFrom !== undefined
        ? (modifiedIndexes.get(obj.name) as ModifiedIndex).entriesFrom(modifiedFrom)
        : keyRange(size);
    // When q and order use only id and modifieddate, seeded rows are tested as {id, modifieddate} and
    // only the rows of the page are generated in full.
    const light = [...referencedFields(q), ...order.map((k) => k.field.name)].every(
      (n) => n === 'id' || n === 'modifieddate',
    );
    const matches: { key: number; row: SpotlerRow }[] = [];
    for (const [key, modified] of seededKeys) {
      if (written.has(key) || !t.has(key)) continue;
      const row = light
        ? {
            id: idOf(obj.name, key),
            modifieddate: modified ?? vendorDateTime(seededModifiedSec(obj.name, seed, key) * 1000),
          }
        : t.get(key);
      if (row && (!test || test(row))) matches.push({ key, row });
    }
    for (const key of written) {
      const row = t.get(key);
      if (row && (!test || test(row))) matches.push({ key, row });
    }
    const compare = compareRows(order);
    matches.sort((a, b) => compare(a.row, b.row));
    const rows = matches
      .slice(offset, offset + limit)
      .map((m) => (light && !written.has(m.key) ? t.get(m.key) : m.row))
      .filter((r): r is SpotlerRow => r !== undefined);
    return { rows, total: matches.length };
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
        return { status: 201, body: envelope(obj, insert(obj, fields)) };
      }
      // Doc: PATCH and DELETE need the id in the URL ("Without the ID, the request will fail").
      return notAllowed('GET, POST');
    }
    if (!['GET', 'PATCH', 'DELETE'].includes(req.method)) return notAllowed('GET, PATCH, DELETE');
    const key = keyOf(obj, id);
    if (key === undefined) return notFound();
    if (req.method === 'GET') {
      return {
        status: 200,
        body: envelope(obj, table(obj).get(key) as SpotlerRow, req.url.searchParams.get('lines') === 'true'),
      };
    }
    if (req.method === 'DELETE') {
      table(obj).remove(key);
      touch(obj, key);
      return { status: 200, body: {} }; // doc: "Response Body (JSON): {} Returned with a status code of 200"
    }
    const parsed = parseBody(req);
    if ('refused' in parsed) return parsed.refused;
    const { fields } = parsed;
    const problems = validateBody(obj, fields, 'update', exists, lookup);
    if (Object.keys(problems).length) return validationFailed(problems);
    return { status: 200, body: envelope(obj, change(obj, key, fields)) };
  }

  function handle(req: SimRequest): SimResponse {
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || !auth.startsWith('Bearer ')) {
      return error(401, 'Authentication error', 'Unauthenticated.');
    }
    if (auth.slice('Bearer '.length) !== accessToken) {
      // vendor-notes: a bad token has been seen answering 403 "Unauthenticated" (the doc says 402).
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
      const obj = objectByName(second);
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
      const obj = objectByName(second);
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
    if (!obj) return invalidRecordType(first);
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
      tables = makeTables();
      lists = copyLists();
      highestKey.clear();
      for (const keys of touched.values()) keys.clear();
    },
    records: {
      get(module, id) {
        const obj = objectByName(module);
        const key = obj && keyOf(obj, id);
        return obj && key !== undefined ? table(obj).get(key) : undefined;
      },
      create(module, fields) {
        const obj = objectByName(module);
        if (!obj) throw new Error(`unknown object ${module}`);
        return String(insert(obj, fields).id);
      },
      update(module, id, fields) {
        const obj = objectByName(module);
        const key = obj && keyOf(obj, id);
        if (!obj || key === undefined) return false;
        change(obj, key, fields);
        return true;
      },
      remove(module, id) {
        const obj = objectByName(module);
        const key = obj && keyOf(obj, id);
        if (!obj || key === undefined) return false;
        touch(obj, key);
        return table(obj).remove(key);
      },
    },
  };
}

function* keyRange(size: number): Generator<[number, undefined]> {
  for (let key = 1; key <= size; key++) yield [key, undefined];
}

// The doc's own example: { "type": "Invalid Request error", "code": 500, "message": "Invalid record type (accountss)" }
function invalidRecordType(name: string): SimResponse {
  return error(500, 'Invalid Request error', `Invalid record type (${name})`);
}

/** A stable per-seed token, shaped like an OAuth access token. */
function tokenFor(seed: string): string {
  const parts = [0, 1, 2, 3, 4].map((i) =>
    hashString(`spotler-token\u0000${seed}\u0000${i}`).toString(16).padStart(8, '0'),
  );
  return parts.join('');
}
