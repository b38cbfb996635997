import { createHash } from 'node:crypto';
import { CrmError } from '../../../shared/errors.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';
import type { HttpClient } from '../http.ts';
import { vtigerError, type CallKind } from './errors.ts';
import type { VtEnvelope, VtLogin } from './wire.ts';

const ENDPOINT = 'webservice.php';

export interface CallOptions {
  kind?: CallKind;
  tag?: string;
}

/**
 * A logged-in webservice session. Login is vtiger's two steps: getchallenge (GET), then login (POST)
 * with accessKey = md5(token + the user's access key). A call that meets INVALID_SESSIONID logs in
 * again and is repeated once: docs/vendors.md: `extendsession` cannot serve API clients, so an
 * expired session is replaced, never extended.
 */
export class WebserviceSession {
  private readonly http: HttpClient;
  private readonly username: string;
  private readonly accessKey: string;
  private current?: Promise<VtLogin & { sessionName: string }>;

  constructor(http: HttpClient, username: string, accessKey: string) {
    this.http = http;
    this.username = username;
    this.accessKey = accessKey;
  }

  /** The login answer (user id, versions), logging in when needed. */
  login(): Promise<VtLogin & { sessionName: string }> {
    this.current ??= this.freshLogin().catch((err: unknown) => {
      this.current = undefined;
      throw err;
    });
    return this.current;
  }

  private async freshLogin(): Promise<VtLogin & { sessionName: string }> {
    if (!this.username || !this.accessKey) {
      throw serviceError('auth', 'errors.service.needsUsernameAccessKey', { vendor: 'Simply CRM' });
    }
    const challenge = await this.send<{ token: string }>(
      'GET',
      { operation: 'getchallenge', username: this.username },
      'auth',
    );
    const accessKey = createHash('md5')
      .update(challenge.token + this.accessKey)
      .digest('hex');
    // docs/vendors.md: login must be a POST whose parameters are in the form body.
    const res = await this.send<VtLogin>('POST', { operation: 'login', username: this.username, accessKey }, 'auth');
    const sessionName = res.sessionName ?? res.sessionId;
    if (!sessionName) throw new CrmError('protocol', 'Simply CRM answered the login without a session name');
    return { ...res, sessionName };
  }

  /**
   * One operation with the session. GET operations put parameters in the URL; POST operations in the
   * form body only (docs/vendors.md: POST parameters in the URL are ignored).
   */
  async call<T>(method: 'GET' | 'POST', params: Record<string, string>, opts: CallOptions = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const session = this.current ? await this.current : await this.login();
      try {
        return await this.send<T>(
          method,
          { ...params, sessionName: session.sessionName },
          opts.kind ?? 'other',
          opts.tag,
        );
      } catch (err) {
        if (attempt === 0 && err instanceof SessionExpired) {
          if (this.current && (await this.current.catch(() => undefined))?.sessionName === session.sessionName) {
            this.current = undefined;
          }
          continue;
        }
        throw err instanceof SessionExpired ? err.crmError : err;
      }
    }
  }

  /** Logs out (POST, docs/vendors.md: a GET logout leaves the session valid). */
  async logout(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    const session = current ? await current.catch(() => undefined) : undefined;
    if (!session) return;
    await this.send('POST', { operation: 'logout', sessionName: session.sessionName }, 'other').catch(() => undefined);
  }

  private async send<T>(
    method: 'GET' | 'POST',
    params: Record<string, string>,
    kind: CallKind,
    tag?: string,
  ): Promise<T> {
    const { body } = await this.http.json<VtEnvelope<T>>({
      method,
      path: ENDPOINT,
      ...(method === 'GET' ? { query: params } : { form: params }),
      ...(tag ? { tag } : {}),
    });
    if (body && typeof body === 'object' && body.success === true && body.result !== undefined) return body.result;
    if (!body || typeof body !== 'object' || body.success !== false) {
      throw new CrmError('protocol', 'Simply CRM sent an answer without success/result');
    }
    const code = body.error?.code ?? body.error?.errorCode;
    const message = body.error?.message ?? body.error?.errorMessage;
    const error = vtigerError(code, message, kind);
    if (code === 'INVALID_SESSIONID' && kind !== 'auth') throw new SessionExpired(error);
    throw error;
  }
}

class SessionExpired extends Error {
  readonly crmError: CrmError;
  constructor(crmError: CrmError) {
    super(crmError.message);
    this.crmError = crmError;
  }
}
