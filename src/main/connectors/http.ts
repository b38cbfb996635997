import { CrmError } from '../../shared/errors.ts';
import { RequestBudget, type RequestLimit, type Slot, type TakeState } from './common/request-budget.ts';
import { leaseStateDb } from './common/state-db.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute, or relative to the client's base URL (joined with exactly one '/'). */
  path: string;
  query?: Record<string, string | number | boolean | undefined> | URLSearchParams;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string> | URLSearchParams;
  /**
   * Whether repeating the call is harmless. Defaults to true for GET/PUT/DELETE, false for POST/PATCH.
   * Only idempotent calls are retried after a 5xx or a dropped connection; any call is retried after a
   * 429, which means the vendor did not process it.
   */
  idempotent?: boolean;
  timeoutMs?: number;
  /** Requests are counted per tag too (sync reports its id pass separately). */
  tag?: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpOptions {
  baseUrl: string;
  /** Name used in error messages ("Simplicate did not answer"). */
  vendorLabel: string;
  /**
   * The vendor's documented rate, kept by this client alone (a private window). Connectors made for a
   * data folder get `budget` instead: a window shared with every process using that folder.
   */
  rateLimit?: RequestLimit | undefined;
  budget?: RequestBudget | undefined;
  /** Told when a request waits longer than a second for the rate limit (ms to wait). */
  onWait?: (ms: number) => void;
  timeoutMs?: number;
  retries?: number;
  /** Longest Retry-After we are willing to sleep; beyond it the caller gets a rate_limited error. */
  maxRetryAfterMs?: number;
  baseBackoffMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpClient {
  readonly baseUrl: string;
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Like `request`, then parses the body as JSON; a non-JSON body is a protocol error. */
  json<T = unknown>(req: HttpRequest): Promise<{ status: number; headers: Headers; body: T }>;
  /** Requests sent since creation (retries included), in total and per tag. */
  readonly counts: { total: number; byTag: Record<string, number> };
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Waits shorter than this are not worth telling anyone about. */
const NOTICE_MS = 1000;

let privateDb: ReturnType<typeof leaseStateDb> | undefined;
let privateBuckets = 0;

/** A window kept by one client alone, in this process's in-memory state database. */
function privateBudget(limit: RequestLimit, vendorLabel: string, sleep: (ms: number) => Promise<void>) {
  privateDb ??= leaseStateDb(undefined);
  return new RequestBudget({ db: privateDb.db, bucket: `private:${++privateBuckets}`, limit, vendorLabel, sleep });
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function createHttpClient(opts: HttpOptions): HttpClient {
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? defaultSleep;
  const retries = opts.retries ?? 3;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 65_000;
  const baseBackoff = opts.baseBackoffMs ?? 300;
  const budget = opts.budget ?? (opts.rateLimit ? privateBudget(opts.rateLimit, opts.vendorLabel, sleep) : undefined);
  const onWait = opts.onWait;
  const counts = { total: 0, byTag: {} as Record<string, number> };
  const base = opts.baseUrl.replace(/\/+$/, '');

  function buildUrl(req: HttpRequest): URL {
    const url = /^https?:\/\//.test(req.path) ? new URL(req.path) : new URL(`${base}/${req.path.replace(/^\/+/, '')}`);
    if (req.query instanceof URLSearchParams) {
      req.query.forEach((v, k) => url.searchParams.append(k, v));
    } else if (req.query) {
      for (const [k, v] of Object.entries(req.query)) if (v !== undefined) url.searchParams.append(k, String(v));
    }
    return url;
  }

  // Messages name the method and path only: query strings can hold session ids or tokens.
  const where = (req: HttpRequest, url: URL) => `${opts.vendorLabel} ${req.method} ${url.pathname}`;

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const url = buildUrl(req);
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'PUT' || req.method === 'DELETE');
    const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['Content-Type'] ??= 'application/json';
    } else if (req.form !== undefined) {
      body = (req.form instanceof URLSearchParams ? req.form : new URLSearchParams(req.form)).toString();
      headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
    }
    const take: TakeState = onWait ? { onWait: (ms) => ms > NOTICE_MS && onWait(ms) } : {};
    // `attempt` counts failures that may be retried; a 429 under a budget is waited out instead.
    for (let attempt = 0; ;) {
      const slot: Slot | undefined = budget ? await budget.take(take) : undefined;
      counts.total++;
      if (req.tag) counts.byTag[req.tag] = (counts.byTag[req.tag] ?? 0) + 1;
      let res: Response;
      try {
        res = await doFetch(url, {
          method: req.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          signal: AbortSignal.timeout(req.timeoutMs ?? timeoutMs),
          redirect: 'manual',
        });
      } catch (err) {
        slot?.done();
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        if (idempotent && attempt < retries) {
          await sleep(backoff(attempt++));
          continue;
        }
        throw serviceError(
          'unavailable',
          timedOut ? 'errors.service.vendorNoAnswer' : 'errors.service.vendorUnreachable',
          { request: where(req, url) },
          { cause: err },
        );
      }
      if (res.status === 429) {
        // A 429 means the vendor did not process the call, so even a create may be sent again.
        const wait = parseRetryAfter(res.headers.get('retry-after'));
        await res.body?.cancel();
        if (budget && slot && (wait === undefined || wait <= maxRetryAfter)) {
          // Without Retry-After, wait until the vendor's window can have cleared; every process holds
          // off meanwhile, then one request at a time tries again (the budget bounds the whole wait).
          slot.refused(wait ?? budget.refusalHoldMs);
          continue;
        }
        slot?.done();
        if (!budget && attempt < retries && (wait === undefined || wait <= maxRetryAfter)) {
          await sleep(Math.max(wait ?? 0, backoff(attempt++)));
          continue;
        }
        throw serviceError(
          'rate_limited',
          'errors.service.rateLimited',
          { vendor: opts.vendorLabel },
          { status: 429, ...(wait !== undefined ? { retryAfterMs: wait } : {}) },
        );
      }
      slot?.done();
      if (RETRYABLE_STATUS.has(res.status) || (res.status === 500 && idempotent && attempt < retries)) {
        if (idempotent && attempt < retries) {
          await res.body?.cancel();
          await sleep(backoff(attempt++));
          continue;
        }
      }
      const text = await res.text();
      return { status: res.status, headers: res.headers, text };
    }
  }

  function backoff(attempt: number): number {
    // Equal jitter: between half and all of the exponential ceiling, so clients do not retry in step
    // and no retry comes sooner than half the ceiling.
    const ceiling = Math.min(8000, baseBackoff * 2 ** attempt);
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  async function json<T>(req: HttpRequest) {
    const res = await request(req);
    return { status: res.status, headers: res.headers, body: parseJsonBody<T>(res, opts.vendorLabel) };
  }

  return { baseUrl: base, request, json, counts };
}

/**
 * Parses a vendor's answer as JSON. Some vendors answer text or an empty body on failure (vtiger's 500,
 * Sarv's "MySQL Error"): that becomes a typed error, never a crash in JSON.parse.
 */
export function parseJsonBody<T>(res: HttpResponse, vendorLabel: string): T {
  const text = res.text.trim();
  if (text === '') {
    throw statusError(res.status, `${vendorLabel} sent an empty answer (HTTP ${res.status})`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    const snippet = text.replace(/\s+/g, ' ').slice(0, 120);
    throw statusError(res.status, `${vendorLabel} sent an answer that is not JSON (HTTP ${res.status}): ${snippet}`);
  }
}

// One rule for what an HTTP status means (docs/vendors.md): 401 auth, 403 permission. A vendor folder
// departs from it only where that vendor documents otherwise (SpotlerCRM: 401, 402 and 403 are auth).
function statusError(status: number, message: string): CrmError {
  if (status >= 500) return new CrmError('unavailable', message, { status });
  if (status === 401 || status === 403) return new CrmError(errorKindForStatus(status), message, { status });
  return new CrmError('protocol', message, { status });
}

/** The usual mapping of an HTTP status to an error kind, for connectors whose vendor uses statuses. */
export function errorKindForStatus(status: number): import('../../shared/errors.ts').ErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 400 || status === 422) return 'validation';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'unavailable';
  return 'protocol';
}
