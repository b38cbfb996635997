import { CrmError } from '../../../shared/errors.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';
import { parseJsonBody, type HttpClient, type HttpRequest } from '../http.ts';

export const VENDOR_LABEL = 'SpotlerCRM';

/** A record as the API sends it: the vendor's field names, ids as numbers. */
export type VendorRow = Record<string, unknown> & { id?: unknown };

export interface VendorList {
  metadata?: { total_count?: unknown; has_more?: unknown };
  list?: { record?: VendorRow }[];
}

/** The doc's error answer: { "type", "code", "message" } plus "validation" on a 422. */
interface VendorError {
  type?: unknown;
  code?: unknown;
  message?: unknown;
  validation?: unknown;
}

/**
 * Every call of the v4 API: the access token as `Authorization: Bearer {access_token}` (doc "OAuth
 * 2.0"), JSON in and out, failures mapped to CrmError kinds.
 */
export class SpotlerApi {
  private readonly http: HttpClient;
  private readonly token: string;

  constructor(http: HttpClient, token: string | undefined) {
    if (!token) throw serviceError('auth', 'errors.service.noAccessToken', { vendor: VENDOR_LABEL });
    this.http = http;
    this.token = token;
  }

  async call<T>(req: HttpRequest): Promise<T> {
    const res = await this.http.request({
      ...req,
      headers: { ...req.headers, Authorization: `Bearer ${this.token}` },
    });
    if (res.status === 200 || res.status === 201) return parseJsonBody<T>(res, VENDOR_LABEL);
    let body: VendorError = {};
    try {
      const parsed: unknown = JSON.parse(res.text);
      if (parsed && typeof parsed === 'object') body = parsed as VendorError;
    } catch {
      // A non-JSON failure keeps the status only.
    }
    throw errorFromAnswer(res.status, body);
  }

  /** GET /{path} that answers a list: rows plus the doc's metadata.total_count / has_more. */
  async list(path: string, query: Record<string, string | number>, tag?: string) {
    const body = await this.call<VendorList>({ method: 'GET', path, query, ...(tag ? { tag } : {}) });
    if (!body || !Array.isArray(body.list)) {
      throw new CrmError('protocol', `${VENDOR_LABEL} GET ${path}: the answer has no "list"`);
    }
    const rows = body.list.map((item) => {
      const record = item?.record;
      if (!record || typeof record !== 'object') {
        throw new CrmError('protocol', `${VENDOR_LABEL} GET ${path}: a list item has no "record"`);
      }
      return record;
    });
    const total = typeof body.metadata?.total_count === 'number' ? body.metadata.total_count : undefined;
    const hasMore = body.metadata?.has_more === true;
    return { rows, total, hasMore };
  }

  /** A single-record answer: `{ "metadata": {...}, "record": {...} }`. */
  async record(req: HttpRequest): Promise<VendorRow> {
    const body = await this.call<{ record?: VendorRow }>(req);
    if (!body?.record || typeof body.record !== 'object') {
      throw new CrmError('protocol', `${VENDOR_LABEL} ${req.method} ${req.path}: the answer has no "record"`);
    }
    return body.record;
  }
}

export function errorFromAnswer(status: number, body: VendorError): CrmError {
  const said = typeof body.message === 'string' && body.message ? body.message : `HTTP ${status}`;
  const msg = `${VENDOR_LABEL}: ${said}`;
  // docs/vendors.md: a bad token has been seen answering 403 "Unauthenticated" where the doc says 402, and
  // a missing one answers 401. All three mean the token must be replaced (a v4 token cannot be renewed).
  if (status === 401 || status === 402 || status === 403) {
    return new CrmError('auth', `${VENDOR_LABEL} refused the access token (HTTP ${status}): ${said}`, { status });
  }
  if (status === 422) {
    const fields = validationMessages(body.validation);
    return new CrmError('validation', msg, { status, ...(Object.keys(fields).length ? { fields } : {}) });
  }
  if (status === 404) return new CrmError('not_found', msg, { status });
  if (status === 400) return new CrmError('invalid_input', msg, { status });
  if (status === 429) return new CrmError('rate_limited', msg, { status });
  if (status >= 500) return new CrmError('unavailable', msg, { status });
  return new CrmError('protocol', msg, { status });
}

/**
 * The doc's 422 detail, `"validation": { "accountid": [ { "Required": [] } ] }`, as one readable message
 * per field ("is required").
 */
export function validationMessages(validation: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!validation || typeof validation !== 'object' || Array.isArray(validation)) return out;
  for (const [field, rules] of Object.entries(validation)) {
    const texts: string[] = [];
    for (const rule of Array.isArray(rules) ? rules : [rules]) {
      if (typeof rule === 'string') texts.push(rule);
      else if (rule && typeof rule === 'object') {
        for (const [name, params] of Object.entries(rule))
          texts.push(ruleText(name, Array.isArray(params) ? params : []));
      }
    }
    out[field] = texts.join('; ') || 'is invalid';
  }
  return out;
}

function ruleText(rule: string, params: unknown[]): string {
  const p = params.map(String).join(', ');
  switch (rule.toLowerCase()) {
    case 'required':
      return 'is required';
    case 'max':
      return `must be at most ${p} characters`;
    case 'email':
      return 'must be an email address';
    case 'url':
      return 'must be a URL';
    case 'integer':
      return 'must be a whole number';
    case 'numeric':
      return 'must be a number';
    case 'boolean':
      return 'must be true or false';
    case 'date':
    case 'dateformat':
      return p ? `must be a date in the format ${p}` : 'must be a date';
    case 'in':
      return 'must be one of the values of its list';
    case 'exists':
      return 'refers to a record that does not exist';
    case 'readonly':
      return 'cannot be changed';
    case 'notindatadictionary':
      return 'is not a field of this record type';
    default:
      return p ? `${rule} (${p})` : rule;
  }
}
