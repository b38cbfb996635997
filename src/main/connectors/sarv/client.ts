import { createHash } from 'node:crypto';
import { CrmError } from '../../../shared/errors.ts';
import { errorKindForStatus, type HttpClient, type HttpMethod } from '../http.ts';

export const LABEL = 'SarvCRM';

/** The doc's answer: `{status, message, data}`; docs/vendors.md: `message` is a string or a list of strings. */
export interface SarvAnswer {
  status: number;
  message: string | string[];
  data: unknown;
}

export interface SarvCall {
  verb: HttpMethod;
  method: 'Retrieve' | 'Save' | 'GetModuleFields';
  module: string;
  id?: string;
  body?: Record<string, unknown>;
  /** Retrieve is a read even when it is a POST: safe to repeat after a 5xx. */
  idempotent?: boolean;
  tag?: string;
}

export interface SarvCredentials {
  utype: string;
  username: string;
  password: string;
  language: 'fa_IR' | 'en_US';
}

// The doc's code 11 message; code 60 "Number of sessions exceeded" is not fixed by logging in again.
const INVALID_SESSION = /session id is invalid|invalid session/i;

/**
 * One logged-in SarvCRM API user. Login posts `user_name`, the md5 of the password and `utype`
 * (docs/vendors.md: the doc's JS sample's `username` is wrong); the token then goes as
 * `Authorization: Bearer <token>` on every call. A 401 "invalid session" logs in again once.
 */
export class SarvClient {
  private readonly http: HttpClient;
  private readonly creds: SarvCredentials;
  private token: string | undefined;
  private loggingIn: Promise<string> | undefined;

  constructor(http: HttpClient, creds: SarvCredentials) {
    this.http = http;
    this.creds = creds;
  }

  get language(): 'fa_IR' | 'en_US' {
    return this.creds.language;
  }

  async login(): Promise<string> {
    this.loggingIn ??= this.doLogin().finally(() => (this.loggingIn = undefined));
    return this.loggingIn;
  }

  private async doLogin(): Promise<string> {
    this.token = undefined;
    const res = await this.http.request({
      method: 'POST',
      path: 'API.php',
      query: { method: 'Login' },
      json: {
        utype: this.creds.utype,
        user_name: this.creds.username,
        password: createHash('md5').update(this.creds.password).digest('hex'),
        language: this.creds.language,
      },
      idempotent: true,
    });
    const body = parseAnswer(res.status, res.text);
    if (res.status !== 200 || body.status !== 200) {
      throw new CrmError('auth', `${LABEL} refused the login: ${messageText(body.message) || `HTTP ${res.status}`}`, {
        status: res.status,
      });
    }
    const token = (body.data as { token?: unknown } | null)?.token;
    if (typeof token !== 'string' || token === '')
      throw new CrmError('protocol', `${LABEL} sent a login answer without a token`);
    this.token = token;
    return token;
  }

  async call(c: SarvCall): Promise<SarvAnswer> {
    for (let attempt = 0; ; attempt++) {
      const token = this.token ?? (await this.login());
      const res = await this.http.request({
        method: c.verb,
        path: 'API.php',
        query: { method: c.method, module: c.module, ...(c.id !== undefined ? { id: c.id } : {}) },
        headers: { Authorization: `Bearer ${token}` },
        ...(c.body !== undefined ? { json: c.body } : {}),
        ...(c.idempotent !== undefined ? { idempotent: c.idempotent } : {}),
        ...(c.tag !== undefined ? { tag: c.tag } : {}),
      });
      const body = parseAnswer(res.status, res.text);
      const status = res.status >= 400 ? res.status : body.status >= 400 ? body.status : res.status;
      if (status < 400) return body;
      const text = messageText(body.message);
      // The doc's code 11 "Invalid Session ID" (HTTP 401): the token expired; log in again, once.
      if (status === 401 && INVALID_SESSION.test(text) && attempt === 0) {
        if (this.token === token) this.token = undefined;
        continue;
      }
      throw answerError(status, body, c);
    }
  }
}

/**
 * Parses an answer. docs/vendors.md: a broken query answers text containing "MySQL Error", not JSON; any
 * non-JSON answer is an error, never parsed blindly.
 */
export function parseAnswer(status: number, text: string): SarvAnswer {
  const trimmed = text.trim();
  let body: unknown;
  try {
    body = trimmed === '' ? undefined : JSON.parse(trimmed);
  } catch {
    body = undefined;
  }
  if (typeof body === 'object' && body !== null && 'status' in body) {
    const b = body as { status: unknown; message?: unknown; data?: unknown };
    const message = Array.isArray(b.message) ? b.message.map(String) : typeof b.message === 'string' ? b.message : '';
    return { status: Number(b.status) || status, message, data: b.data ?? null };
  }
  const plain = trimmed
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (/MySQL Error/i.test(plain)) {
    throw new CrmError('protocol', `${LABEL} could not run the query: ${plain.slice(0, 300)}`, { status });
  }
  if (status >= 500) throw new CrmError('unavailable', `${LABEL} failed (HTTP ${status})`, { status });
  if (status === 401) throw new CrmError('auth', `${LABEL} refused the credentials (HTTP ${status})`, { status });
  throw new CrmError('protocol', `${LABEL} sent an answer that is not JSON (HTTP ${status}): ${plain.slice(0, 120)}`, {
    status,
  });
}

export function messageText(m: string | string[]): string {
  return Array.isArray(m) ? m.join('; ') : m;
}

/**
 * Maps an error answer to a CrmError. Per-field messages come from message lines of the form
 * `<field>: <text>` (how this client reads the doc's code 14 "Required Fields" and 15 "Type Mismatch").
 */
function answerError(status: number, body: SarvAnswer, c: SarvCall): CrmError {
  const lines = Array.isArray(body.message) ? body.message : [body.message];
  const text = messageText(body.message) || `HTTP ${status}`;
  const where = `${LABEL} ${c.method} ${c.module}`;
  if (status === 400 && /deleted or does not exist/i.test(text)) {
    return new CrmError('not_found', `${where}: no record ${c.id ?? ''} (${text})`, { status });
  }
  if (status === 404) return new CrmError('not_found', `${where}: ${text}`, { status });
  if (status === 401) return new CrmError('auth', `${where}: ${text}`, { status });
  if (status === 400) {
    const fields: Record<string, string> = {};
    for (const line of lines) {
      const m = /^([A-Za-z][A-Za-z0-9_]*): (.+)$/.exec(line);
      if (m?.[1] && m[2]) fields[m[1]] = m[2];
    }
    return new CrmError('validation', `${where}: ${text}`, {
      status,
      ...(Object.keys(fields).length ? { fields } : {}),
    });
  }
  return new CrmError(errorKindForStatus(status), `${where}: ${text}`, { status });
}
