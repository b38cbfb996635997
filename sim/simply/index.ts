import { createHash, randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse, Simulator } from '../common/server.ts';
import type { SimOptions } from '../workspace.ts';
import { hashString } from '../common/random.ts';
import { seededUsers, vtDateTime, type VtRow } from './data.ts';
import { elementToRow } from './elements.ts';
import { accessDenied, EmptyServerError, VtError } from './errors.ts';
import { describeModule, moduleSpec, modules } from './schema.ts';
import { SimplyStore, type ModuleStore } from './store.ts';
import { parseQuery } from './vtql.ts';

/**
 * Simply CRM's webservice (a vtiger fork), served at `{baseUrl}/webservice.php`. Behaviour follows
 * docs/vendors.md, "Simply CRM" where it corrects the vendor document.
 *
 * Rate limit: none is documented or observed (docs/vendors.md), so none is applied even with
 * limits='real'; the `429` fault answers with `rateLimited()`.
 * Sessions: they live until logout or `expireSessions()` (the `expire` fault); `extendsession` is
 * refused, as on a real server for API clients.
 */

const CHALLENGE_TTL_MS = 5 * 60 * 1000; // docs/vendors.md: a challenge token is reusable until it expires (5 minutes)
const WEBSERVICE = '/webservice.php';

interface Operation {
  method: 'GET' | 'POST';
  /** Whether a valid sessionName is needed. */
  session: boolean;
  run(p: URLSearchParams, userKey: number): unknown;
}

export function createSimplySim(opts: SimOptions): Simulator {
  const store = new SimplyStore(opts.seed, opts.records);
  const usersPrefix = moduleSpec('Users')?.idPrefix ?? '19';
  const accessKeys = seededUsers.map((u) => accessKeyFor(opts.seed, u.user_name));
  const challenges = new Map<string, { userKey: number; expires: number }>();
  let sessions = new Map<string, number>();

  const userKeyByName = (name: string | null) => seededUsers.findIndex((u) => u.user_name === name) + 1;
  const userIdOf = (key: number) => `${usersPrefix}x${key}`;
  const entityModule = (name: string | null) => {
    const s = name ? store.module(name) : undefined;
    if (!s) throw accessDenied('Permission to read given object is denied');
    return s;
  };
  const parseElement = (text: string | null): Record<string, unknown> => {
    try {
      const v: unknown = JSON.parse(text ?? '');
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw accessDenied('element must be a JSON object');
  };
  const withLabel = (row: VtRow, labelFields: string) => ({
    ...row,
    // docs/vendors.md: create/retrieve/update results carry an extra `label` key.
    label: labelFields
      .split(',')
      .map((f) => row[f] ?? '')
      .filter(Boolean)
      .join(' '),
  });

  const operations: Record<string, Operation> = {
    getchallenge: {
      method: 'GET',
      session: false,
      run(p) {
        const userKey = userKeyByName(p.get('username'));
        if (userKey === 0) throw accessDenied('No such user');
        const token = randomBytes(7).toString('hex').slice(0, 13);
        const now = Date.now();
        challenges.set(token, { userKey, expires: now + CHALLENGE_TTL_MS });
        return { token, serverTime: Math.floor(now / 1000), expireTime: Math.floor((now + CHALLENGE_TTL_MS) / 1000) };
      },
    },
    login: {
      method: 'POST',
      session: false,
      run(p) {
        const userKey = userKeyByName(p.get('username'));
        const now = Date.now();
        const tokens = [...challenges].filter(([, c]) => c.userKey === userKey && c.expires > now).map(([t]) => t);
        if (userKey === 0 || tokens.length === 0) {
          throw new VtError('INVALID_AUTH_TOKEN', 'Specified token is invalid or expired');
        }
        const key = accessKeys[userKey - 1] ?? '';
        const sent = p.get('accessKey') ?? '';
        if (!tokens.some((t) => md5(t + key) === sent)) {
          throw new VtError('INVALID_USER_CREDENTIALS', 'Invalid username or password');
        }
        const sessionName = randomBytes(12).toString('hex');
        sessions.set(sessionName, userKey);
        // docs/vendors.md: the session key is `sessionName` (the doc says sessionId).
        return { sessionName, userId: userIdOf(userKey), version: '0.22', vtigerVersion: '8.2.0' };
      },
    },
    logout: {
      method: 'POST',
      session: true,
      run(p) {
        sessions.delete(p.get('sessionName') ?? '');
        return { message: 'successfull' }; // sic, docs/vendors.md
      },
    },
    extendsession: {
      method: 'POST',
      session: false,
      run() {
        // docs/vendors.md: only a session the web UI opened can be extended; API clients log in again.
        throw new VtError('AUTHENTICATION_REQUIRED', 'Authencation required');
      },
    },
    listtypes: {
      method: 'GET',
      session: true,
      run() {
        const information: Record<string, unknown> = {};
        for (const m of modules) information[m.name] = { isEntity: m.isEntity, label: m.label, singular: m.singular };
        return { types: modules.map((m) => m.name), information };
      },
    },
    describe: {
      method: 'GET',
      session: true,
      run(p) {
        const spec = moduleSpec(p.get('elementType') ?? '');
        if (!spec) throw accessDenied('Permission to read given object is denied');
        return describeModule(spec);
      },
    },
    retrieve: {
      method: 'GET',
      session: true,
      run(p) {
        const { store: s, key, row } = store.resolve(p.get('id') ?? '');
        return withLabel(s.view(key, row), s.spec.labelFields);
      },
    },
    create: {
      method: 'POST',
      session: true,
      run(p, userKey) {
        const s = entityModule(p.get('elementType'));
        if (!s.spec.createable) throw accessDenied();
        const row = elementToRow(s, store, parseElement(p.get('element')), 'create', {}, userIdOf(userKey));
        const key = insertRecord(s, row);
        return withLabel(s.view(key, s.table.get(key) ?? row), s.spec.labelFields);
      },
    },
    update: {
      method: 'POST',
      session: true,
      run(p, userKey) {
        const element = parseElement(p.get('element'));
        const { store: s, key, row } = store.resolve(typeof element.id === 'string' ? element.id : '');
        if (!s.spec.updateable) throw accessDenied();
        const next = elementToRow(s, store, element, 'update', row, userIdOf(userKey));
        s.put(key, next);
        return withLabel(s.view(key, next), s.spec.labelFields);
      },
    },
    delete: {
      method: 'POST',
      session: true,
      run(p) {
        const { store: s, key } = store.resolve(p.get('id') ?? '');
        if (!s.spec.deleteable) throw accessDenied();
        s.remove(key);
        return { status: 'successful' };
      },
    },
    query: {
      method: 'GET',
      session: true,
      run(p) {
        const q = parseQuery(p.get('query') ?? '');
        // The doc: "Query operation is currently supported for the Entity module only".
        const s = entityModule(q.module);
        // docs/vendors.md: an unknown column gives ACCESS_DENIED.
        const columns = q.select.kind === 'columns' ? q.select.columns : [];
        for (const c of [...columns, ...q.where.map((w) => w.column)]) {
          if (!s.field(c)) throw accessDenied('Permission to read given object is denied');
        }
        return s.query(q);
      },
    },
    sync: {
      method: 'GET',
      session: true,
      run(p) {
        const type = p.get('elementType');
        const since = Number(p.get('modifiedTime') ?? '');
        // docs/vendors.md: without elementType, or with modifiedTime 0 (read as missing): HTTP 500, empty body.
        if (!type || !Number.isFinite(since) || since < 1) throw new EmptyServerError();
        const spec = moduleSpec(type);
        if (!spec || !spec.isEntity) throw accessDenied('Permission to read given object is denied');
        // docs/vendors.md: sync on Users answers an empty result.
        if (spec.name === 'Users')
          return { updated: [], deleted: [], more: false, lastModifiedTime: Math.floor(since) };
        return entityModule(type).sync(Math.floor(since));
      },
    },
  };

  function dispatch(req: SimRequest): unknown {
    const type = String(req.headers['content-type'] ?? '');
    // docs/vendors.md: a JSON request body hides the operation: HTTP 500 with an empty body.
    if (type.includes('json')) throw new EmptyServerError();
    const name = req.url.searchParams.get('operation') ?? req.form.get('operation');
    const op = name ? operations[name] : undefined;
    if (!op) throw new EmptyServerError();
    if (req.method !== op.method) {
      // docs/vendors.md: sync as POST fails like an unknown operation; login as GET is INVALID_AUTH_TOKEN;
      // logout as GET OPERATION_NOT_SUPPORTED; extendsession as GET AUTHENTICATION_REQUIRED; most
      // other wrong methods ACCESS_DENIED.
      if (name === 'sync') throw new EmptyServerError();
      if (name === 'login') throw new VtError('INVALID_AUTH_TOKEN', 'Specified token is invalid or expired');
      if (name === 'logout') throw new VtError('OPERATION_NOT_SUPPORTED', 'Operation not supported with GET');
      if (name === 'extendsession') throw new VtError('AUTHENTICATION_REQUIRED', 'Authencation required');
      throw accessDenied(`Permission to perform the operation is denied`);
    }
    // docs/vendors.md: POST operations read their parameters from the form-encoded body only.
    const params = op.method === 'POST' ? req.form : req.url.searchParams;
    if (op.method === 'POST') {
      for (const k of req.url.searchParams.keys()) {
        if (k !== 'operation' && !req.form.has(k)) throw accessDenied('Permission to perform the operation is denied');
      }
    }
    let userKey = 0;
    if (op.session) {
      const session = params.get('sessionName');
      if (!session) throw new VtError('AUTHENTICATION_REQUIRED', 'Authencation required');
      userKey = sessions.get(session) ?? 0;
      if (userKey === 0) throw new VtError('INVALID_SESSIONID', 'Session Identifier provided is Invalid');
    }
    return op.run(params, userKey);
  }

  const records: Simulator['records'] = {
    get(module, id) {
      const s = store.module(module);
      const m = /^(\d+)x(\d+)$/.exec(id);
      if (!s || !m || m[1] !== s.spec.idPrefix) return undefined;
      const row = s.table.get(Number(m[2]));
      return row ? s.view(Number(m[2]), row) : undefined;
    },
    create(module, fields) {
      const s = store.module(module);
      if (!s) throw new Error(`unknown module ${module}`);
      // "Someone else": the second seeded user.
      const row = elementToRow(s, store, fields, 'create', {}, userIdOf(2));
      return s.idOf(insertRecord(s, row));
    },
    update(module, id, fields) {
      const s = store.module(module);
      const key = Number(id.split('x')[1]);
      const current = s && records.get(module, id) ? s.table.get(key) : undefined;
      if (!s || !current) return false;
      // The control endpoint changes only the given fields.
      const row = elementToRow(s, store, { ...s.view(key, current), ...fields }, 'update', current, userIdOf(2));
      s.put(key, row);
      return true;
    },
    remove(module, id) {
      const s = store.module(module);
      if (!s || !records.get(module, id)) return false;
      return s.remove(Number(id.split('x')[1]));
    },
  };

  return {
    vendor: 'simply',
    basePath: '',
    handle(req: SimRequest): SimResponse {
      if (req.url.pathname !== WEBSERVICE) {
        return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<h1>Not Found</h1>' };
      }
      try {
        const result = dispatch(req);
        return { status: 200, body: { success: true, result } };
      } catch (err) {
        if (err instanceof EmptyServerError) return { status: 500, body: '' };
        if (err instanceof VtError) {
          return { status: 200, body: { success: false, error: { code: err.code, message: err.message } } };
        }
        throw err;
      }
    },
    credentials: () => ({ username: seededUsers[0].user_name, accessKey: accessKeys[0] }),
    expireSessions() {
      sessions = new Map();
    },
    rateLimited(retryAfterSeconds) {
      const headers: Record<string, string> = {};
      if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
      return {
        status: 429,
        headers,
        body: { success: false, error: { code: 'TOO_MANY_REQUESTS', message: 'Too many requests' } },
      };
    },
    reset() {
      store.reset();
      sessions = new Map();
      challenges.clear();
    },
    records,
  };
}

/** Stores a new record with its autogenerated number (ACC12) and creation time. */
function insertRecord(s: ModuleStore, row: VtRow): number {
  const key = s.insert(row);
  const stored: VtRow = { ...row, createdtime: vtDateTime(Date.now()) };
  const numberField = s.spec.fields.find((f) => f.kind === 'autogenerated' && f.name !== 'id');
  if (numberField) stored[numberField.name] = `${s.spec.numberPrefix}${key}`;
  s.put(key, stored);
  return key;
}

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

/** A user's webservice access key: 16 characters, deterministic per seed (vtiger's keys look alike). */
function accessKeyFor(seed: string, user: string): string {
  const a = hashString(`${seed}/${user}/a`).toString(36);
  const b = hashString(`${seed}/${user}/b`).toString(36);
  return (a + b + 'k3y5imply0000000').slice(0, 16);
}
