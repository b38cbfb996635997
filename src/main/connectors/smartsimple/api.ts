import { CrmError } from '../../../shared/errors.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';
import { parseJsonBody, type HttpClient } from '../http.ts';
import { endpointOf, normalizeAction, splitFieldList, TOKEN_MASK, type SsFunctionSetting } from './settings.ts';

export const VENDOR_LABEL = 'SmartSimple';

/** A configured SmartConnect function, resolved to its endpoint segment and field keys. */
export interface SsFunction {
  /** Endpoint segment = module id (`company`, `levelone`). */
  module: string;
  /** Lower-cased action: `get`, `list`, `update`, `get meta`. */
  action: string;
  token: string;
  /** Field list keys (`sf_Name`, `cf_Requested Amount`), in the function's order. */
  fields: string[];
}

export interface RemoteCredentials {
  username: string;
  password: string;
  companyid: string;
  alias: string;
}

export function resolveFunctions(settings: readonly SsFunctionSetting[]): SsFunction[] {
  return settings.map((f) => ({
    module: endpointOf(f.recordType),
    action: normalizeAction(f.action),
    token: f.apitoken,
    fields: splitFieldList(f.fieldList),
  }));
}

/** One record as SmartConnect answers it: `recordid` plus the field-list keys, every value text. */
export type SsRecord = Record<string, unknown>;

export interface ListAnswer {
  records: SsRecord[];
  /** Doc: "message":{"recordto","recordcount","allcount","recordfrom"}. */
  allcount: number | undefined;
}

/** Field-level errors of a refused Update: `{"records":[{"recordindex","errors":{...}}]}`. */
function updateErrors(body: unknown): Record<string, string> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const records = (body as { records?: unknown }).records;
  if (!Array.isArray(records)) return undefined;
  const fields: Record<string, string> = {};
  for (const r of records) {
    const errors = typeof r === 'object' && r !== null ? (r as { errors?: unknown }).errors : undefined;
    if (typeof errors !== 'object' || errors === null) continue;
    for (const [k, v] of Object.entries(errors)) fields[k] = typeof v === 'string' ? v : 'is not valid';
  }
  return Object.keys(fields).length ? fields : undefined;
}

function messageError(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (typeof message === 'object' && message !== null) {
    const e = (message as { error?: unknown }).error;
    if (typeof e === 'string') return e;
  }
  return undefined;
}

/**
 * Sends SmartConnect calls: `POST {base}/API/1/{recordtype}/`, form-encoded, with the remote-call
 * credentials and the function's apitoken (doc, "Message Body"). Every call carries the credentials, so
 * there is no session to renew.
 */
export class SmartConnectApi {
  private readonly http: HttpClient;
  private readonly creds: RemoteCredentials;

  constructor(http: HttpClient, creds: RemoteCredentials) {
    this.http = http;
    this.creds = creds;
  }

  /**
   * Returns the parsed answer, or null for a blank one. Doc, "Error Messages": a successful but blank
   * answer means a wrong apitoken, recordid or endpoint; the caller knows which it can be.
   */
  async call(
    fn: SsFunction,
    params: Record<string, string>,
    opts: { idempotent: boolean; tag?: string },
  ): Promise<unknown> {
    if (fn.token === '' || fn.token === TOKEN_MASK) {
      throw serviceError('auth', 'errors.service.apiTokenMissing', {
        vendor: VENDOR_LABEL,
        module: fn.module,
        action: fn.action,
      });
    }
    const res = await this.http.request({
      method: 'POST',
      path: `API/1/${fn.module}/`,
      form: { ...this.creds, apitoken: fn.token, ...params },
      idempotent: opts.idempotent,
      ...(opts.tag ? { tag: opts.tag } : {}),
    });
    // Doc, "Error Messages": HTTP 401 means bad credentials, a user that is not an API user, or a wrong
    // companyid. The doc gives 403 no meaning of its own: it is `permission`, as for every vendor.
    if (res.status === 403) {
      throw new CrmError('permission', `SmartSimple refused the ${fn.action} call on ${fn.module} (HTTP 403)`, {
        status: 403,
      });
    }
    if (res.status === 401) {
      throw serviceError(
        'auth',
        'errors.service.credentialsRefusedApiUser',
        { vendor: VENDOR_LABEL },
        { status: res.status },
      );
    }
    if (res.status === 200 && res.text.trim() === '') return null;
    if (res.status >= 400) {
      let body: unknown;
      try {
        body = JSON.parse(res.text);
      } catch {
        body = undefined;
      }
      const fields = updateErrors(body);
      const detail = messageError(body) ?? `HTTP ${res.status}`;
      if (fields) {
        const list = Object.entries(fields)
          .map(([k, v]) => `${k} ${v}`)
          .join('; ');
        throw new CrmError('validation', `SmartSimple did not save the record: ${list}`, {
          fields,
          status: res.status,
        });
      }
      if (res.status >= 500)
        throw new CrmError('unavailable', `SmartSimple failed (HTTP ${res.status})`, { status: res.status });
      throw new CrmError('protocol', `SmartSimple refused the ${fn.action} call on ${fn.module}: ${detail}`, {
        status: res.status,
      });
    }
    return parseJsonBody<unknown>(res, VENDOR_LABEL);
  }

  async list(fn: SsFunction, params: Record<string, string>, tag?: string): Promise<ListAnswer> {
    const body = await this.call(fn, params, { idempotent: true, ...(tag ? { tag } : {}) });
    if (body === null) {
      throw serviceError('auth', 'errors.service.blankAnswerToFunction', {
        vendor: VENDOR_LABEL,
        module: fn.module,
        action: 'List',
      });
    }
    return readListAnswer(body);
  }
}

export function readListAnswer(body: unknown): ListAnswer {
  const records = typeof body === 'object' && body !== null ? (body as { records?: unknown }).records : undefined;
  if (!Array.isArray(records)) throw new CrmError('protocol', 'SmartSimple answered without a records list');
  const message = (body as { message?: unknown }).message;
  const all =
    typeof message === 'object' && message !== null ? (message as { allcount?: unknown }).allcount : undefined;
  const allcount = typeof all === 'number' || (typeof all === 'string' && /^\d+$/.test(all)) ? Number(all) : undefined;
  return { records: records.filter((r): r is SsRecord => typeof r === 'object' && r !== null), allcount };
}
