import { dictionaryOnlyLookups, dictionaryOnlyObjects } from './dictionary-only.ts';
import { field as f, idField, notes, owner, ref, ro, stamps } from './field-parts.ts';

/**
 * SpotlerCRM's record types and fields as the simulator serves them through /datadictionary/{object}.
 *
 * The v4 doc lists the object names (accounts, contacts, opportunities, ...) and shows an account record
 * (id, name, addressline, addresscity, "addresscounty/state", "addresspostcode/zip", addresscountry,
 * ownerid, campaignid, source, notes, slaid, phone, website, type, sector, createddate, modifieddate), but
 * not the shape of the data dictionary answer: it only says the answer gives "all the field names and
 * types ... and if the field is also required". The shape below (name, label, type, required, readonly,
 * maxlength, default, references) is this simulator's choice; the connector reads exactly these keys.
 */

export type SpotlerFieldType =
  | 'integer'
  | 'decimal'
  | 'currency'
  | 'percent'
  | 'string'
  | 'text'
  | 'email'
  | 'phone'
  | 'url'
  | 'date'
  | 'datetime'
  | 'boolean'
  /** One value of the field's lookup list (GET /lookup/{object}/{field}). */
  | 'lookup'
  /** Several values of the field's lookup list, as a JSON array of strings. */
  | 'multilookup'
  /** The id of a record of `references`. */
  | 'reference'
  /** A CRM user id; the lookup list of the field names the users. */
  | 'user';

export interface SpotlerField {
  name: string;
  label: string;
  type: SpotlerFieldType;
  required: boolean;
  readonly: boolean;
  maxlength?: number;
  default?: string | number | boolean;
  /** For `reference` fields: the object name the id points at. */
  references?: string;
}

export interface SpotlerObject {
  /** The object name of the doc's table (the URL segment). */
  name: string;
  /** `record_type` in the answers' metadata (the doc's example: "account"). */
  recordType: string;
  label: string;
  /** First id handed out; ids are large integers like the doc's 95920978. */
  idBase: number;
  fields: SpotlerField[];
}

const address = [
  f('addressline', 'Address', 'text', { maxlength: 1000 }),
  f('addresscity', 'City', 'string', { maxlength: 100 }),
  f('addresscounty/state', 'County/State', 'string', { maxlength: 100 }),
  f('addresspostcode/zip', 'Postcode/Zip', 'string', { maxlength: 20 }),
  // The doc's create example answers "addresscountry": "United Kingdom" for a body without it.
  f('addresscountry', 'Country', 'string', { maxlength: 100, default: 'United Kingdom' }),
];

export const objects: readonly SpotlerObject[] = [
  {
    name: 'accounts',
    recordType: 'account',
    label: 'Accounts',
    idBase: 95_920_000,
    fields: [
      idField,
      f('name', 'Account Name', 'string', { required: true, maxlength: 255 }),
      ...address,
      owner,
      f('source', 'Source', 'lookup'),
      notes,
      f('slaid', 'SLA', 'integer', ro),
      f('phone', 'Phone', 'phone', { maxlength: 50 }),
      f('website', 'Website', 'url', { maxlength: 255 }),
      f('email', 'Email', 'email', { maxlength: 255 }),
      f('type', 'Type', 'lookup'),
      f('sector', 'Sector', 'lookup'),
      f('tags', 'Tags', 'multilookup'),
      f('creditlimit', 'Credit Limit', 'currency'),
      f('employees', 'Employees', 'integer'),
      f('vatregistered', 'VAT Registered', 'boolean', { default: false }),
      f('lastcontactdate', 'Last Contact', 'date'),
      ...stamps,
    ],
  },
  {
    name: 'contacts',
    recordType: 'contact',
    label: 'Contacts',
    idBase: 48_100_000,
    fields: [
      idField,
      // The doc's 422 example names "accountid" as Required: contacts belong to an account.
      ref('accountid', 'Account', 'accounts', true),
      f('title', 'Title', 'lookup'),
      f('forename', 'Forename', 'string', { maxlength: 100 }),
      f('surname', 'Surname', 'string', { required: true, maxlength: 100 }),
      f('jobtitle', 'Job Title', 'string', { maxlength: 100 }),
      f('email', 'Email', 'email', { maxlength: 255 }),
      f('phone', 'Phone', 'phone', { maxlength: 50 }),
      f('mobile', 'Mobile', 'phone', { maxlength: 50 }),
      ...address,
      owner,
      f('emailoptin', 'Email Opt-in', 'boolean', { default: false }),
      f('dateofbirth', 'Date of Birth', 'date'),
      notes,
      ...stamps,
    ],
  },
  {
    name: 'opportunities',
    recordType: 'opportunity',
    label: 'Opportunities',
    idBase: 7_300_000,
    fields: [
      idField,
      f('name', 'Opportunity Name', 'string', { required: true, maxlength: 255 }),
      ref('accountid', 'Account', 'accounts', true),
      ref('contactid', 'Contact', 'contacts'),
      owner,
      f('stage', 'Stage', 'lookup', { required: true }),
      f('status', 'Status', 'lookup', { default: 'Open' }),
      f('probability', 'Probability', 'percent'),
      f('value', 'Value', 'currency'),
      f('closedate', 'Close Date', 'date'),
      f('source', 'Source', 'lookup'),
      f('description', 'Description', 'text', { maxlength: 65_535 }),
      ...stamps,
    ],
  },
];

export function objectByName(name: string): SpotlerObject | undefined {
  return objects.find((o) => o.name === name);
}

/** A record type of the doc's table, simulated or not, for the data dictionary and lookups. */
export function dictionaryObject(name: string): Omit<SpotlerObject, 'idBase'> | undefined {
  return objectByName(name) ?? dictionaryOnlyObjects.find((o) => o.name === name);
}

export const users: readonly { id: number; name: string }[] = [
  { id: 90505, name: 'Anna de Vries' },
  { id: 90506, name: 'José García' },
  { id: 90507, name: "Seán O'Reilly" },
  { id: 90508, name: 'مریم احمدی' },
  { id: 90509, name: 'Zoë Müller' },
];
/** The user the simulator's access token belongs to: the default owner of new records. */
export const tokenUser = users[0]!;

/** Lookup lists, keyed by "object/field" (GET /lookup/{object}/{field}). */
export const lookupLists: Readonly<Record<string, readonly string[]>> = {
  ...dictionaryOnlyLookups,
  'accounts/source': ['Website', 'Referral', 'Trade Show', 'Cold Call', 'Partner'],
  'accounts/type': ['Customer', 'Prospect', 'Partner', 'Supplier', 'Competitor'],
  'accounts/sector': ['Design', 'Manufacturing', 'Retail', 'Finance', 'Healthcare', 'Education', 'Technology'],
  'accounts/tags': ['VIP', 'Newsletter', 'Reseller', 'Late payer', 'Export'],
  'contacts/title': ['Mr', 'Mrs', 'Ms', 'Dr', 'Prof'],
  'opportunities/stage': ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed'],
  'opportunities/status': ['Open', 'Won', 'Lost'],
  'opportunities/source': ['Website', 'Referral', 'Trade Show', 'Cold Call', 'Partner'],
};

export type LookupItem = { value: string; id: string | number };
export type LookupSource = (object: string, field: string) => LookupItem[] | undefined;

/** The lookup list of a lookup, multilookup or user field, as the API's `{value, id}` items. */
export function lookupItems(
  object: string,
  field: string,
  lists: Readonly<Record<string, readonly string[]>> = lookupLists,
): LookupItem[] | undefined {
  const def = dictionaryObject(object)?.fields.find((x) => x.name === field);
  if (!def) return undefined;
  if (def.type === 'user') return users.map((u) => ({ value: u.name, id: u.id }));
  const list = lists[`${object}/${field}`];
  return list?.map((v) => ({ value: v, id: v }));
}
