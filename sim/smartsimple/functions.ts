import { randomBytes } from 'node:crypto';
import { companyFields, levelOneFields, userFields, type SsField } from './fields.ts';
import type { SsModule } from './data.ts';

/** Doc, "Available Action Types" (the ones simulated). */
export type SsAction = 'Get' | 'List' | 'Update' | 'Get Meta';

/**
 * A SmartConnect function as defined in Global Settings -> Integrations -> SmartConnect API: record type,
 * action, field list, and the API token that identifies it in a call (doc, "Function Definition").
 * `recordType` is the endpoint segment of the record type (`company`, `levelone`).
 */
export interface SsFunction {
  recordType: SsModule;
  action: SsAction;
  apitoken: string;
  /** Doc, "Field List Syntax": `sf_`/`cf_` names separated by the literal `;;`. */
  fieldList: string;
}

export const FIELD_SEPARATOR = ';;';

/** A token in the shape of the doc's sample ("QlwYYlJERHVASmlfXWtTWklbXEt9UHpmDw4~"). */
function newToken(): string {
  return randomBytes(26).toString('base64url') + '~';
}

const list = (fields: readonly SsField[]) => fields.map((f) => f.key).join(FIELD_SEPARATOR);
const writable = (fields: readonly SsField[]) => fields.filter((f) => !f.readonly);

export function defaultFunctions(): SsFunction[] {
  const make = (recordType: SsModule, action: SsAction, fieldList: string): SsFunction => ({
    recordType,
    action,
    apitoken: newToken(),
    fieldList,
  });
  return [
    make('company', 'List', list(companyFields)),
    // A narrow List function too, so a sync's id pass can fetch the least (recordid comes with every record).
    make('company', 'List', 'sf_Name'),
    make('company', 'Get', list(companyFields)),
    make('company', 'Update', list(writable(companyFields))),
    make('levelone', 'List', list(levelOneFields)),
    make('levelone', 'List', 'sf_Name'),
    make('levelone', 'Get', list(levelOneFields)),
    make('levelone', 'Update', list(writable(levelOneFields))),
    // docs/vendors.md: Get Meta exists for UTA levels only, so there is none for company.
    make('levelone', 'Get Meta', ''),
    // The User record type (doc, "Posting Endpoints": /API/1/user/), read only: what owner fields name.
    make('user', 'List', list(userFields)),
    make('user', 'Get', list(userFields)),
  ];
}

export function splitFieldList(fieldList: string): string[] {
  return fieldList
    .split(FIELD_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
