import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WindowCounter, type SimRequest, type SimResponse, type Simulator } from '../common/server.ts';
import type { SimOptions } from '../workspace.ts';
import { badRequest, blank, getMeta, getRecord, listRecords, updateRecords } from './actions.ts';
import { BadRequest } from './criteria.ts';
import { findField } from './fields.ts';
import { defaultFunctions, type SsFunction } from './functions.ts';
import { SsStore, isModule, moduleFields } from './store.ts';

/** Doc, "Hourly API Call Limit": more than 1000 calls per instance in the past hour are refused. */
const CALLS_PER_HOUR = 1000;
const API_PREFIX = '/API/1/';
const API_USER_NAME = 'SmartConnect API User';

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * SmartSimple SmartConnect: `POST {base}/API/1/{recordtype}/` with a form-encoded body holding the
 * function's apitoken and, for remote calls, username/password/companyid/alias (doc, "Message Body").
 * docs/vendors.md: criteria, sortby, othersettings and jsonrset are JSON strings inside that form.
 *
 * There are no sessions (every call carries the credentials), so the `expire` fault has nothing to
 * invalidate: expireSessions() is a no-op.
 */
export function createSmartSimpleSim(opts: SimOptions): Simulator {
  const store = new SsStore(opts.seed, opts.records);
  const limiter = opts.limits === 'real' ? new WindowCounter(CALLS_PER_HOUR, 3_600_000) : undefined;
  const functions: SsFunction[] = defaultFunctions();
  const creds = {
    alias: 'simgrants',
    companyid: '100000',
    username: 'api.user@simgrants.example',
    password: randomBytes(12).toString('base64url'),
  };

  function rateLimited(retryAfterSeconds?: number): SimResponse {
    return {
      status: 429,
      headers: retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) },
      body: { message: { error: `API call limit exceeded: more than ${CALLS_PER_HOUR} calls in the past hour` } },
    };
  }

  function authorized(form: URLSearchParams): boolean {
    return (
      sameText(form.get('username') ?? '', creds.username) &&
      sameText(form.get('password') ?? '', creds.password) &&
      sameText(form.get('companyid') ?? '', creds.companyid) &&
      sameText(form.get('alias') ?? '', creds.alias)
    );
  }

  function handle(req: SimRequest): SimResponse {
    if (!req.url.pathname.startsWith(API_PREFIX)) {
      return {
        status: 404,
        headers: { 'Content-Type': 'text/html' },
        body: '<html><body>Page not found</body></html>',
      };
    }
    if (req.method !== 'POST') {
      return { status: 405, headers: { 'Content-Type': 'text/plain', Allow: 'POST' }, body: 'Method Not Allowed' };
    }
    if (limiter) {
      const wait = limiter.hit();
      if (wait !== undefined) return rateLimited(wait);
    }
    // Doc, "Error Messages": invalid credentials (or a wrong companyid) give HTTP 401.
    if (!authorized(req.form)) {
      return { status: 401, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Unauthorized</body></html>' };
    }
    const segment = req.url.pathname.slice(API_PREFIX.length).replace(/\/+$/, '');
    const token = req.form.get('apitoken') ?? '';
    const fn = functions.find((f) => sameText(f.apitoken, token));
    // Doc: a wrong apitoken or endpoint gives a successful, blank answer.
    if (!fn || !isModule(segment) || fn.recordType !== segment) return blank;
    try {
      switch (fn.action) {
        case 'Get':
          return getRecord(store, fn, req.form);
        case 'List':
          return listRecords(store, fn, req.form);
        case 'Update':
          return updateRecords(store, fn, req.form, API_USER_NAME);
        case 'Get Meta':
          return getMeta();
      }
    } catch (err) {
      if (err instanceof BadRequest) return badRequest(err.message);
      throw err;
    }
    return blank;
  }

  function toRow(module: string, fields: Record<string, unknown>): Record<string, string> {
    if (!isModule(module)) throw new Error(`unknown module ${module}`);
    const row: Record<string, string> = {};
    for (const [k, v] of Object.entries(fields)) {
      const f = findField(moduleFields[module], k);
      if (!f) throw new Error(`unknown field ${k}`);
      row[f.key] = Array.isArray(v) ? v.join(';') : v === null || v === undefined ? '' : String(v);
    }
    return row;
  }

  return {
    vendor: 'smartsimple',
    basePath: '',
    handle,
    credentials: () => ({ ...creds, functions: functions.map((f) => ({ ...f })) }),
    expireSessions: () => undefined,
    rateLimited,
    reset() {
      store.reset();
      limiter?.reset();
    },
    records: {
      get(module, id) {
        if (!isModule(module)) return undefined;
        const key = store.keyOf(module, id);
        const row = key === undefined ? undefined : store.row(module, key);
        return row ? { recordid: id, ...row } : undefined;
      },
      create(module, fields) {
        if (!isModule(module)) throw new Error(`unknown module ${module}`);
        return store.insert(module, toRow(module, fields), 'Someone Else');
      },
      update(module, id, fields) {
        if (!isModule(module)) return false;
        const key = store.keyOf(module, id);
        if (key === undefined) return false;
        store.update(module, key, toRow(module, fields));
        return true;
      },
      remove(module, id) {
        if (!isModule(module)) return false;
        const key = store.keyOf(module, id);
        return key === undefined ? false : store.tables[module].remove(key);
      },
    },
  };
}
