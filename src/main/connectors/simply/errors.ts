import { CrmError, type ErrorKind } from '../../../shared/errors.ts';

/** What the operation was doing when vtiger refused it, for mapping its coarse error codes. */
export type CallKind = 'auth' | 'record' | 'write' | 'other';

/**
 * Maps a vtiger error to a CrmError. docs/vendors.md ("Errors"): ACCESS_DENIED stands for a
 * missing or deleted id in retrieve/update/delete as well as for a permission problem, so on record
 * calls it becomes not_found; MANDATORY_FIELDS_MISSING names the field ("accountname does not have a
 * value"); a numeric 0 is "Duplicate(s) detected!".
 */
export function vtigerError(code: string | number | undefined, message: string | undefined, call: CallKind): CrmError {
  const text = message ?? 'no message';
  const c = String(code ?? '');
  const plain = (kind: ErrorKind, msg = `Simply CRM: ${text} (${c || 'no code'})`) => new CrmError(kind, msg);
  switch (c) {
    case 'INVALID_USER_CREDENTIALS':
    case 'INVALID_AUTH_TOKEN':
    case 'INVALID_SESSIONID':
    case 'AUTHENTICATION_REQUIRED':
      return plain('auth', `Simply CRM refused the login or session: ${text} (${c})`);
    case 'ACCESS_DENIED':
      if (call === 'record' || call === 'write')
        return plain('not_found', `Simply CRM: the record does not exist or is not accessible (${text})`);
      if (call === 'auth') return plain('auth', `Simply CRM refused the user: ${text}`);
      return plain('permission');
    case 'INVALID_ID_ATTRIBUTE':
      return call === 'write' ? plain('validation') : plain('not_found');
    case 'MANDATORY_FIELDS_MISSING': {
      const field = /^(\w+) does not have a value/.exec(text)?.[1];
      return new CrmError(
        'validation',
        `Simply CRM: ${text}`,
        field ? { fields: { [field]: 'A value is required' } } : {},
      );
    }
    case '0':
      return plain('conflict', `Simply CRM: ${text}`);
    case 'OPERATION_NOT_SUPPORTED':
      return plain('unsupported');
    case 'QUERY_SYNTAX_ERROR':
    case 'INTERNAL_SERVER_ERROR':
      return plain('protocol');
    case 'TOO_MANY_REQUESTS':
      return plain('rate_limited');
    default:
      return plain('protocol');
  }
}
