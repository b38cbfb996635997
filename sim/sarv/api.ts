import { createHash, randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse } from '../common/server.ts';
import { WindowCounter } from '../common/server.ts';
import { isColumn, moduleSpec, type SarvFieldSpec, type SarvModuleSpec } from './modules.ts';
import { matches, parseOrderBy, parseWhere, SqlError, compareValues, type ColumnResolver } from './sql.ts';
import { RowView, SaveError, type SarvStore } from './store.ts';

/** Largest Retrieve `limit` (the doc names none; this simulator refuses more, so paging bugs show). */
export const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 20;

export interface SarvAccount {
  utype: string;
  username: string;
  password: string;
}

interface Session {
  language: 'fa_IR' | 'en_US';
}

type Params = Record<string, unknown>;

/** The doc's answer shape: `{status, message, data}` with the HTTP status repeated in `status`. */
function answer(status: number, message: string | string[], data: unknown = []): SimResponse {
  return { status, body: { status, message, data } };
}

// The doc's error table (HTTP status, code, meaning).
const invalidSession = () => answer(401, 'The session ID is invalid.');
const loginFailed = () => answer(401, 'Login attempt failed please check the username and password');
const noModule = () => answer(404, 'This module is not available on this server.');
const deletedRecord = () => answer(400, 'Access to this object is denied since it has been deleted or does not exist.');
const invalidCall = (why: string) => answer(400, ['This is an invalid call for this module.', why]);
const invalidData = (why: string) => answer(400, ['The data sent for this function is invalid.', why]);

/** docs/vendors.md: a broken query does not answer JSON but text containing "MySQL Error". */
function mysqlError(err: SqlError): SimResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=UTF-8' },
    body: `<br />\n<b>MySQL Error</b> ${err.code}: ${err.message}<br />\n`,
  };
}

export class SarvApi {
  private readonly store: SarvStore;
  private readonly account: SarvAccount;
  private sessions = new Map<string, Session>();
  private readonly limiter: WindowCounter | undefined;

  constructor(store: SarvStore, account: SarvAccount, limits: 'real' | 'off') {
    this.store = store;
    this.account = account;
    // The doc states no rate limit; 'real' applies a conservative 300 requests a minute.
    this.limiter = limits === 'real' ? new WindowCounter(300, 60_000) : undefined;
  }

  expireSessions(): void {
    this.sessions = new Map();
  }

  rateLimited(retryAfterSeconds?: number): SimResponse {
    const res = answer(429, 'Too many requests, please slow down.');
    return retryAfterSeconds === undefined ? res : { ...res, headers: { 'Retry-After': String(retryAfterSeconds) } };
  }

  handle(req: SimRequest): SimResponse {
    if (req.url.pathname !== '/API.php')
      return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<h1>Not Found</h1>' };
    const wait = this.limiter?.hit();
    if (wait !== undefined) return this.rateLimited(wait);
    let params: Params;
    try {
      params = readParams(req);
    } catch {
      return invalidData('the request body is not valid JSON');
    }
    const method = str(params.method);
    if (method === 'Login') {
      if (req.method !== 'POST') return invalidCall('Login takes POST');
      return this.login(params);
    }
    // docs/vendors.md: after Login the token goes as `Authorization: Bearer <token>` on every call.
    const auth = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''));
    const session = auth?.[1] ? this.sessions.get(auth[1]) : undefined;
    if (!session) return invalidSession();
    const module = moduleSpec(str(params.module) ?? '');
    switch (method) {
      case 'Retrieve':
        if (req.method !== 'GET' && req.method !== 'POST') return invalidCall('Retrieve takes GET or POST');
        if (!module) return noModule();
        return this.retrieve(module, params);
      case 'Save':
        if (!module) return noModule();
        // The doc: create is POST, update is PUT with `id`, delete is DELETE on method=Save with `id`.
        if (req.method === 'POST' && params.id === undefined) return this.create(module, params);
        if (req.method === 'PUT' && params.id !== undefined) return this.update(module, str(params.id) ?? '', params);
        if (req.method === 'DELETE' && params.id !== undefined) return this.remove(module, str(params.id) ?? '');
        return invalidCall('Save takes POST (create), PUT with id (update) or DELETE with id');
      case 'GetModuleFields':
        if (req.method !== 'GET') return invalidCall('GetModuleFields takes GET');
        if (!module) return noModule();
        return answer(200, '', moduleFields(module, session.language));
      default:
        return invalidCall(`unknown method "${method ?? ''}"`);
    }
  }

  private login(p: Params): SimResponse {
    // docs/vendors.md: the field is `user_name` (the doc's JS sample's `username` does not log in).
    const ok =
      str(p.utype) === this.account.utype &&
      str(p.user_name) === this.account.username &&
      str(p.password) === createHash('md5').update(this.account.password).digest('hex');
    if (!ok) return loginFailed();
    const language = str(p.language) === 'en_US' ? 'en_US' : 'fa_IR';
    const token = randomBytes(20).toString('hex');
    this.sessions.set(token, { language });
    return answer(200, '', { token });
  }

  private retrieve(module: SarvModuleSpec, p: Params): SimResponse {
    const resolve = columnResolver(module);
    let fields: SarvFieldSpec[];
    try {
      fields = selectedFields(module, p.selected_fields, resolve);
    } catch (e) {
      if (e instanceof SqlError) return mysqlError(e);
      return invalidData((e as Error).message);
    }
    if (p.id !== undefined) {
      const key = this.store.keyOf(module.name, str(p.id) ?? '');
      if (key === undefined) return deletedRecord();
      return answer(200, '', [this.store.printed(module, key, fields)]);
    }
    const limit = p.limit === undefined || p.limit === '' ? DEFAULT_LIMIT : Number(p.limit);
    const offset = p.offset === undefined || p.offset === '' ? 0 : Number(p.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      return invalidData(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
    if (!Number.isInteger(offset) || offset < 0) return invalidData('offset must be a whole number of at least 0');
    const query = str(p.query) ?? '';
    const orderBy = str(p.order_by) ?? '';
    let keys: number[];
    try {
      const where = query.trim() === '' ? undefined : parseWhere(query, resolve);
      const order = orderBy.trim() === '' ? [] : parseOrderBy(orderBy, resolve);
      keys = this.scan(module, where && ((v: RowView) => matches(where, v.column)), order, offset, limit);
    } catch (e) {
      if (e instanceof SqlError) return mysqlError(e);
      throw e;
    }
    return answer(
      200,
      '',
      keys.map((k) => this.store.printed(module, k, fields)),
    );
  }

  /** The keys of one page: matching `test`, sorted by `order` (then key), from `offset`. */
  private scan(
    module: SarvModuleSpec,
    test: ((v: RowView) => boolean) | undefined,
    order: { column: string; desc: boolean }[],
    offset: number,
    limit: number,
  ): number[] {
    if (!order.length) {
      // Key order needs no sort: stop at the end of the page, building rows only for the filter.
      const page: number[] = [];
      let seen = 0;
      for (const key of this.store.keys(module.name)) {
        if (test && !test(new RowView(this.store, module, key))) continue;
        if (seen++ >= offset) page.push(key);
        if (page.length >= limit) break;
      }
      return page;
    }
    const views: RowView[] = [];
    for (const key of this.store.keys(module.name)) {
      const v = new RowView(this.store, module, key);
      if (!test || test(v)) views.push(v);
    }
    views.sort((a, b) => {
      for (const o of order) {
        const x = a.column(o.column);
        const y = b.column(o.column);
        // MySQL sorts NULL first in ascending order.
        const c = x === null || y === null ? (x === y ? 0 : x === null ? -1 : 1) : (compareValues(x, y) ?? 0);
        if (c !== 0) return o.desc ? -c : c;
      }
      return a.key - b.key;
    });
    return views.slice(offset, offset + limit).map((v) => v.key);
  }

  private create(module: SarvModuleSpec, p: Params): SimResponse {
    try {
      const id = this.store.create(module, recordInput(p));
      return answer(201, ['The record has been created.'], { id });
    } catch (e) {
      if (e instanceof SaveError) return answer(e.status, e.lines);
      throw e;
    }
  }

  private update(module: SarvModuleSpec, id: string, p: Params): SimResponse {
    const key = this.store.keyOf(module.name, id);
    if (key === undefined) return deletedRecord();
    try {
      this.store.update(module, key, recordInput(p));
      return answer(200, ['The record has been updated.'], { id });
    } catch (e) {
      if (e instanceof SaveError) return answer(e.status, e.lines);
      throw e;
    }
  }

  private remove(module: SarvModuleSpec, id: string): SimResponse {
    const key = this.store.keyOf(module.name, id);
    if (key === undefined) return deletedRecord();
    this.store.table(module.name).remove(key);
    return answer(200, 'The record has been deleted.');
  }
}

/** URL parameters, overridden by a JSON or form-encoded body (docs/vendors.md: all three work). */
function readParams(req: SimRequest): Params {
  const params: Params = {};
  const addSearch = (sp: URLSearchParams) => {
    for (const [k, v] of sp) {
      // PHP-style arrays: selected_fields[]=id&selected_fields[]=name
      if (k.endsWith('[]')) {
        const name = k.slice(0, -2);
        const list = Array.isArray(params[name]) ? (params[name] as unknown[]) : [];
        params[name] = [...list, v];
      } else params[k] = v;
    }
  };
  addSearch(req.url.searchParams);
  const type = String(req.headers['content-type'] ?? '');
  if (req.body.trim() !== '') {
    if (type.includes('application/json')) {
      const body: unknown = JSON.parse(req.body);
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) Object.assign(params, body);
    } else if (type.includes('application/x-www-form-urlencoded')) addSearch(req.form);
  }
  return params;
}

/** The record fields of a Save: the body, without the URL's routing parameters. */
function recordInput(p: Params): Params {
  const { method: _m, module: _mod, id: _id, ...rest } = p;
  return rest;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function columnResolver(module: SarvModuleSpec): ColumnResolver {
  return (table, column, clause) => {
    const f = module.fields.find((x) => x.name === column.toLowerCase());
    if ((table !== undefined && table.toLowerCase() !== module.table) || !f || !isColumn(f)) {
      const shown = table === undefined ? column : `${table}.${column}`;
      throw new SqlError(1054, `Unknown column '${shown}' in '${clause}'`);
    }
    return f.name;
  };
}

function selectedFields(module: SarvModuleSpec, raw: unknown, resolve: ColumnResolver): SarvFieldSpec[] {
  if (raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) return module.fields;
  const names = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : undefined;
  if (!names) throw new Error('selected_fields must be a list of field names');
  return names.map((n) => {
    const name = n.trim();
    const f = module.fields.find((x) => x.name === name);
    if (f) return f;
    resolve(undefined, name, 'field list');
    throw new SqlError(1054, `Unknown column '${name}' in 'field list'`);
  });
}

/** GetModuleFields' `data`: an object keyed by field name with exactly the keys docs/vendors.md lists. */
function moduleFields(module: SarvModuleSpec, language: 'fa_IR' | 'en_US'): Record<string, unknown> {
  const pick = (l: { fa: string; en: string }) => (language === 'fa_IR' ? l.fa : l.en);
  const out: Record<string, unknown> = {};
  for (const f of module.fields) {
    out[f.name] = {
      name: f.name,
      label: pick(f.label),
      type: f.type,
      default_value: f.defaultValue ?? '',
      id_name: f.idName ?? '',
      group: f.group ?? '',
      len: f.len === undefined ? '' : String(f.len),
      // The doc's sample: options as a key -> label map, an empty list when there are none.
      options: f.options ? Object.fromEntries(f.options.map((o) => [o.key, pick(o)])) : [],
      related_module: f.relatedModule ?? '',
      calculated: f.calculated ? 1 : 0,
      required: f.required ? 1 : 0,
    };
  }
  return out;
}
