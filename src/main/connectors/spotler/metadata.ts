import { CrmError } from '../../../shared/errors.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';
import type { Field, FieldOption, FieldType, ModuleInfo, ModuleSchema } from '../../../shared/fields.ts';
import { pathSegment } from '../common/path-segment.ts';
import { VENDOR_LABEL, type SpotlerApi } from './api.ts';

/**
 * The record types this connector serves. The doc's table lists eleven object names, available
 * "depending on the pricing plan ... and the add-on options"; these three are in every plan that has the
 * API (Professional and Enterprise) and are the ones docs/cli.md lists under "Module ids".
 */
export const spotlerModules: readonly ModuleInfo[] = [
  { name: 'accounts', label: 'Accounts' },
  { name: 'contacts', label: 'Contacts' },
  { name: 'opportunities', label: 'Opportunities' },
];

const labelFields: Record<string, string[]> = {
  accounts: ['name'],
  contacts: ['forename', 'surname'],
  opportunities: ['name'],
};

export function assertModule(module: string): void {
  if (!spotlerModules.some((m) => m.name === module)) {
    throw serviceError('invalid_input', 'errors.service.noModuleHere', {
      vendor: VENDOR_LABEL,
      module,
      modules: spotlerModules.map((m) => m.name).join(', '),
    });
  }
}

/** One entry of GET /datadictionary/{object} (`fields`). */
interface DictionaryField {
  name?: unknown;
  label?: unknown;
  type?: unknown;
  required?: unknown;
  readonly?: unknown;
  maxlength?: unknown;
  default?: unknown;
  references?: unknown;
}

/**
 * The doc does not list the data dictionary's type names. Numeric ones may come as the database or
 * JSON names (`int`, `bigint`, `double`, ...; ids such as `ownerid` are integers in the doc's own
 * examples), so all of these are numbers. A type name not listed here becomes `string`, and its values
 * are passed on as given (see values.ts): an unknown name never makes a number unsendable.
 */
const typeMap: Record<string, FieldType> = {
  int: 'integer',
  integer: 'integer',
  bigint: 'integer',
  number: 'decimal',
  float: 'decimal',
  double: 'decimal',
  decimal: 'decimal',
  currency: 'currency',
  percent: 'percent',
  string: 'string',
  text: 'text',
  email: 'email',
  phone: 'phone',
  url: 'url',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  lookup: 'picklist',
  multilookup: 'multipicklist',
  reference: 'reference',
  user: 'owner',
};
/** Vendor types whose values come from GET /lookup/{object}/{field}. */
const listTypes = new Set(['lookup', 'multilookup', 'user']);

/** `INT(11)`, `Decimal(10,2)` and `double` alike: lower case, without a size. */
export function vendorTypeName(type: string): string {
  return type
    .trim()
    .toLowerCase()
    .replace(/\s*\(.*\)$/, '');
}

function knownType(vendorType: string): FieldType | undefined {
  const name = vendorTypeName(vendorType);
  return Object.hasOwn(typeMap, name) ? typeMap[name] : undefined;
}

/**
 * What describe fetches and the metadata cache keeps per module: the data dictionary answer and, for
 * each list-typed field, its lookup answer, as the vendor sent them.
 */
export interface StoredDictionary {
  dictionary: unknown;
  lookups: Record<string, unknown>;
}

export async function fetchDictionary(api: SpotlerApi, module: string): Promise<StoredDictionary> {
  assertModule(module);
  const dictionary = await api.call<{ fields?: unknown }>({
    method: 'GET',
    path: `datadictionary/${pathSegment(module, 'module')}`,
  });
  const lookups: Record<string, unknown> = {};
  await Promise.all(
    dictionaryEntries(dictionary, module).map(async (raw) => {
      const name = String(raw.name);
      if (listTypes.has(vendorTypeName(String(raw.type ?? 'string')))) {
        lookups[name] = await api.call<unknown>({
          method: 'GET',
          path: `lookup/${pathSegment(module, 'module')}/${pathSegment(name, 'field name')}`,
        });
      }
    }),
  );
  return { dictionary, lookups };
}

function dictionaryEntries(body: unknown, module: string): DictionaryField[] {
  const fields = body !== null && typeof body === 'object' ? (body as { fields?: unknown }).fields : undefined;
  if (!Array.isArray(fields)) {
    throw new CrmError('protocol', `${VENDOR_LABEL} GET /datadictionary/${module}: the answer has no "fields"`);
  }
  return (fields as DictionaryField[]).filter((f) => typeof f?.name === 'string');
}

/** The module's schema from a stored (or just fetched) dictionary. */
export function describeFromDictionary(module: string, stored: unknown): ModuleSchema {
  if (stored === null || typeof stored !== 'object') throw new Error('not a stored data dictionary');
  const { dictionary, lookups } = stored as Partial<StoredDictionary>;
  const fields = dictionaryEntries(dictionary, module).map((raw) => {
    const vendorType = String(raw.type ?? 'string');
    const options = listTypes.has(vendorTypeName(vendorType)) ? lookupOptions(lookups?.[String(raw.name)]) : null;
    return toField(raw, vendorType, options);
  });
  return {
    module,
    label: spotlerModules.find((m) => m.name === module)?.label ?? module,
    // The doc: every record type of its table "can be Created, Read, Updated and Deleted via the API".
    capabilities: { create: true, update: true, delete: true },
    labelFields: labelFields[module] ?? [],
    fields,
  };
}

/** A GET /lookup/{object}/{field} answer: items `{ "value": label, "id": stored value }` (doc "Lookup lists"). */
function lookupOptions(answer: unknown): FieldOption[] {
  const body = answer !== null && typeof answer === 'object' ? (answer as { list?: unknown; items?: unknown }) : {};
  const items = Array.isArray(body.list) ? body.list : Array.isArray(body.items) ? body.items : [];
  return (items as { value?: unknown; id?: unknown }[])
    .filter((i) => i && (i.id !== undefined || i.value !== undefined))
    .map((i) => ({ value: String(i.id ?? i.value), label: String(i.value ?? i.id) }));
}

function toField(raw: DictionaryField, vendorType: string, options: FieldOption[] | null): Field {
  const name = String(raw.name);
  // The record id is assigned by the CRM; records carry it as the string `id`.
  const known = knownType(vendorType);
  const type: FieldType = name === 'id' ? 'autogenerated' : (known ?? 'string');
  const references = typeof raw.references === 'string' ? raw.references : undefined;
  const listable = type !== 'multipicklist';
  return {
    name,
    label: typeof raw.label === 'string' && raw.label ? raw.label : name,
    type,
    required: raw.required === true,
    readOnly: raw.readonly === true || name === 'id',
    options,
    referenceTargets: type === 'reference' && references ? [references] : [],
    maxLength: typeof raw.maxlength === 'number' ? raw.maxlength : null,
    default: raw.default ?? null,
    filterable: listable,
    sortable: listable,
    ...(known === undefined && name !== 'id' ? { untyped: true } : {}),
    raw,
  };
}
