import { z } from 'zod';
import type { SecretMap } from '../../../shared/crm-vendors.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';

/**
 * SmartConnect functions as the connection's `functions` setting lists them (docs/vendors.md, "SmartSimple"): each
 * is defined in SmartSimple (Global Settings -> Integrations -> SmartConnect API) with a record type, an
 * action, a field list, and the API token that identifies it in a call (doc, "Function Definition").
 */
export const ssFunctionSchema = z.object({
  recordType: z.string().min(1),
  action: z.string().min(1),
  apitoken: z.string(),
  fieldList: z.string().default(''),
});
export type SsFunctionSetting = z.infer<typeof ssFunctionSchema>;

/** What a function's API token is replaced with wherever settings are shown or stored. */
export const TOKEN_MASK = '********';

/** Doc, "Field List Syntax": multiple fields are separated by the literal characters `;;`. */
export const FIELD_SEPARATOR = ';;';

export function splitFieldList(fieldList: string): string[] {
  return fieldList
    .split(FIELD_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Record types by endpoint segment (doc, "Posting Endpoints"); the doc's names are accepted too. */
const recordTypeNames: Record<string, string> = {
  report: 'report',
  company: 'company',
  user: 'user',
  'system variables': 'sysvar',
  sysvar: 'sysvar',
  'uta level 1': 'levelone',
  levelone: 'levelone',
  'uta level 2': 'leveltwo',
  leveltwo: 'leveltwo',
  'uta level 3': 'levelthree',
  levelthree: 'levelthree',
  'uta level transaction': 'transactions',
  transactions: 'transactions',
};

export function endpointOf(recordType: string): string {
  const seg = recordTypeNames[recordType.trim().toLowerCase()];
  if (!seg)
    throw serviceError('invalid_input', 'errors.service.unknownRecordType', { vendor: 'SmartSimple', recordType });
  return seg;
}

/** Action names as the doc spells them ("Get", "List", "Update", "Get Meta"), matched loosely. */
export function normalizeAction(action: string): string {
  return action.trim().toLowerCase().replace(/\s+/g, ' ');
}

export function parseFunctions(text: string | undefined): SsFunctionSetting[] {
  if (!text || text.trim() === '') {
    throw serviceError('invalid_input', 'errors.service.needsFunctionsSetting', { vendor: 'SmartSimple' });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw serviceError('invalid_input', 'errors.service.functionsNotJson', { vendor: 'SmartSimple' });
  }
  const result = z.array(ssFunctionSchema).safeParse(parsed);
  if (!result.success) {
    throw serviceError('invalid_input', 'errors.service.functionsShape', { vendor: 'SmartSimple' });
  }
  return result.data;
}

/**
 * The keychain key of each function's token: `apitoken:<recordType>:<action>`, with `#2`, `#3`... for a
 * second function of the same record type and action (two List functions with different field lists).
 */
function secretKeys(functions: readonly SsFunctionSetting[]): string[] {
  const seen = new Map<string, number>();
  return functions.map((f) => {
    const base = `apitoken:${f.recordType}:${f.action}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

/** Moves every function's API token into secrets and masks it in the settings. */
export function splitTokenSecrets(settings: Record<string, string>): {
  settings: Record<string, string>;
  secrets: SecretMap;
} {
  if (settings.functions === undefined) return { settings: { ...settings }, secrets: {} };
  const functions = parseFunctions(settings.functions);
  const keys = secretKeys(functions);
  const secrets: SecretMap = {};
  const masked = functions.map((f, i) => {
    if (f.apitoken !== TOKEN_MASK) secrets[keys[i] as string] = f.apitoken;
    return { ...f, apitoken: TOKEN_MASK };
  });
  return { settings: { ...settings, functions: JSON.stringify(masked) }, secrets };
}

/** Puts the tokens back into the functions (tokens given in clear are kept as they are). */
export function joinTokenSecrets(settings: Record<string, string>, secrets: SecretMap): Record<string, string> {
  if (settings.functions === undefined) return { ...settings };
  const functions = parseFunctions(settings.functions);
  const keys = secretKeys(functions);
  const joined = functions.map((f, i) => {
    const stored = secrets[keys[i] as string];
    return f.apitoken === TOKEN_MASK && stored !== undefined ? { ...f, apitoken: stored } : f;
  });
  return { ...settings, functions: JSON.stringify(joined) };
}
