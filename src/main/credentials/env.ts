import { serviceError } from '../../shared/i18n/error-text.ts';
import type { SecretMap } from '../../shared/crm-vendors.ts';

/**
 * `CRM_SECRET_<NAME>` (docs/cli.md, "Secrets"): the connection name upper-cased, every character outside
 * A-Z0-9 turned into `_`. Upper-casing first keeps "acme" and "ACME" on the same variable.
 */
export function secretEnvName(connection: string): string {
  return `CRM_SECRET_${connection.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The secrets given in the environment for this run, or null when the variable is not set. The value is
 * a JSON object of strings; a malformed value is refused without echoing it (it may hold a secret).
 */
export function readEnvSecrets(connection: string, env: NodeJS.ProcessEnv = process.env): SecretMap | null {
  const name = secretEnvName(connection);
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw serviceError('invalid_input', 'errors.service.secretsNotJson', { source: name });
  }
  return toSecretMap(parsed, name);
}

/** Checks that a parsed value is an object of string values (objects and arrays are kept as JSON text). */
export function toSecretMap(value: unknown, source: string): SecretMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw serviceError('invalid_input', 'errors.service.secretsNotObject', { source });
  }
  const out: SecretMap = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
    else if (typeof v === 'object' && v !== null) out[key] = JSON.stringify(v);
    else throw serviceError('invalid_input', 'errors.service.secretNotString', { source, key });
  }
  return out;
}
