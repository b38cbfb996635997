import { CrmError } from '../../../shared/errors.ts';
import { errorKindForStatus, type HttpResponse } from '../http.ts';

/**
 * Simplicate's failures (simplicate-api-v2.txt, "Response Format"): business-level errors are JSON
 * `{"data": null, "errors": ["No country code given in the visiting_address property"], "debug": null}`
 * with a 4xx status; API-level ones may be text/plain. Messages name the offending property as
 * "the <path> property", which is how per-field messages are recovered.
 */
export function errorMessages(text: string): string[] {
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && 'errors' in body && Array.isArray(body.errors)) {
      return body.errors.map((e: unknown) =>
        typeof e === 'string'
          ? e
          : e && typeof e === 'object' && 'message' in e && typeof e.message === 'string'
            ? e.message
            : JSON.stringify(e),
      );
    }
  } catch {
    // not JSON: a text/plain API-level message
  }
  const plain = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return plain ? [plain] : [];
}

/** Maps a non-2xx answer to a CrmError; `fieldOf` turns a vendor property path into a field name. */
export function responseError(
  res: HttpResponse,
  what: string,
  fieldOf: (path: string) => string | undefined,
): CrmError {
  const messages = errorMessages(res.text);
  const detail = messages.join('; ') || `HTTP ${res.status}`;
  let kind = errorKindForStatus(res.status);
  if (res.status === 405) kind = 'unsupported';
  if (res.status === 401) {
    return new CrmError('auth', `Simplicate refused the API key and secret (${what})`, { status: 401 });
  }
  const fields: Record<string, string> = {};
  if (kind === 'validation') {
    for (const msg of messages) {
      const m = /the ([A-Za-z0-9_.]+) property/.exec(msg);
      const name = m?.[1] ? (fieldOf(m[1]) ?? m[1]) : undefined;
      if (name) fields[name] = fields[name] ? `${fields[name]}; ${msg}` : msg;
    }
  }
  return new CrmError(kind, `Simplicate ${what}: ${detail}`, {
    status: res.status,
    ...(Object.keys(fields).length ? { fields } : {}),
  });
}
