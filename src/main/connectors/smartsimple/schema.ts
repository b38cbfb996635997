import type { Field, FieldOption, FieldType } from '../../../shared/fields.ts';

/**
 * Field metadata. docs/vendors.md ("SmartSimple"): typed metadata (Get Meta) exists for UTA levels only and
 * nests its answer by level (`{"levelone":{"fields":[{"id","name",...}]}}`); Company and User fields are
 * field-list names whose values are strings.
 */
export interface MetaField {
  id: string;
  name: string;
  caption: string;
  fieldtype: string;
  isstandard: boolean;
  required: boolean;
  readonly: boolean;
  options: string;
  maxlength: number | null;
  defaultvalue: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const flag = (v: unknown) => v === true || v === 1 || v === '1' || v === 'true';

/** Reads the level's fields out of a Get Meta answer (other levels in it are ignored). */
export function readMeta(body: unknown, level: string): MetaField[] {
  if (typeof body !== 'object' || body === null) return [];
  const node = (body as Record<string, unknown>)[level];
  const fields = typeof node === 'object' && node !== null ? (node as { fields?: unknown }).fields : undefined;
  if (!Array.isArray(fields)) return [];
  return fields
    .filter((f): f is Record<string, unknown> => typeof f === 'object' && f !== null)
    .map((f) => {
      const max = Number(str(f.maxlength));
      return {
        id: str(f.id),
        name: str(f.name),
        caption: str(f.caption) || str(f.name),
        fieldtype: str(f.fieldtype ?? f.type),
        isstandard: flag(f.isstandard),
        required: flag(f.required ?? f.mandatory),
        readonly: flag(f.readonly),
        options: str(f.options),
        maxlength: Number.isInteger(max) && max > 0 ? max : null,
        defaultvalue: str(f.defaultvalue),
      };
    });
}

/** Doc, "Using Update Functions": options are defined as `value=caption` pairs ("1=Yes;2=No"). */
export function parseOptions(spec: string): FieldOption[] | null {
  if (spec.trim() === '') return null;
  return spec.split(';').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0 ? { value: pair, label: pair } : { value: pair.slice(0, eq), label: pair.slice(eq + 1) };
  });
}

/** SmartSimple field types (as Get Meta names them) to normalized types and reference targets. */
function mapType(fieldtype: string): { type: FieldType; targets: string[]; readOnly?: boolean } {
  const t = fieldtype.toLowerCase();
  if (t.startsWith('select one')) return { type: 'picklist', targets: [] };
  if (t.startsWith('select many')) return { type: 'multipicklist', targets: [] };
  if (t === 'check box' || t === 'checkbox') return { type: 'boolean', targets: [] };
  if (t === 'date and time') return { type: 'datetime', targets: [] };
  if (t === 'date') return { type: 'date', targets: [] };
  if (t === 'number') return { type: 'decimal', targets: [] };
  if (t === 'currency') return { type: 'currency', targets: [] };
  if (t === 'email') return { type: 'email', targets: [] };
  if (t === 'phone') return { type: 'phone', targets: [] };
  if (t === 'web link') return { type: 'url', targets: [] };
  if (t === 'text - multiple lines') return { type: 'text', targets: [] };
  if (t === 'lookup - company') return { type: 'reference', targets: ['company'] };
  if (t === 'lookup - user') return { type: 'owner', targets: ['user'] };
  if (t === 'system') return { type: 'string', targets: [], readOnly: true };
  return { type: 'string', targets: [] };
}

/** Finds a field-list key's metadata: `sf_<standard name>`, `cf_<custom name>` or `cf_<custom id>`. */
export function metaFor(key: string, meta: readonly MetaField[]): MetaField | undefined {
  const name = key.slice(3);
  if (key.startsWith('sf_')) return meta.find((m) => m.isstandard && m.name === name);
  if (key.startsWith('cf_')) return meta.find((m) => !m.isstandard && (m.name === name || m.id === name));
  return undefined;
}

function defaultOf(type: FieldType, raw: string): Field['default'] {
  if (raw === '') return null;
  if (type === 'boolean') return raw === '1';
  if (type === 'decimal' || type === 'currency') return Number.isFinite(Number(raw)) ? Number(raw) : null;
  if (type === 'multipicklist') return raw.split(';');
  return raw;
}

/**
 * Standard fields a module without Get Meta still demands on create. docs/vendors.md ("SmartSimple"): Get
 * Meta exists for UTA levels only, so nothing describes a company's fields; a company cannot be created
 * without its Name (the Update function answers "is required" for it), so the connector states it.
 */
const MANDATORY_WITHOUT_META: Readonly<Record<string, readonly string[]>> = { company: ['sf_Name'] };

/** True when `key` is a standard field `module` requires though no metadata says so. */
export function mandatoryWithoutMeta(module: string, key: string): boolean {
  return MANDATORY_WITHOUT_META[module]?.includes(key) ?? false;
}

/**
 * One normalized field per field-list key. The field's name is its field-list key, as SmartConnect
 * returns it (keyformat 0). A field is writable only if the Update function's field list holds it.
 * `required` is used when there is no metadata (see mandatoryWithoutMeta).
 */
export function buildField(key: string, meta: MetaField | undefined, writable: boolean, required = false): Field {
  const label = meta?.caption || key.replace(/^(sf|cf)_/, '');
  if (!meta) {
    return {
      name: key,
      label,
      type: 'string',
      required,
      readOnly: !writable,
      options: null,
      referenceTargets: [],
      maxLength: null,
      default: null,
      filterable: true,
      sortable: true,
    };
  }
  const mapped = mapType(meta.fieldtype);
  const options = mapped.type === 'picklist' || mapped.type === 'multipicklist' ? parseOptions(meta.options) : null;
  return {
    name: key,
    label,
    type: mapped.type,
    required: meta.required,
    readOnly: !writable || meta.readonly || mapped.readOnly === true,
    options,
    referenceTargets: mapped.targets,
    maxLength: meta.maxlength,
    default: defaultOf(mapped.type, meta.defaultvalue),
    filterable: true,
    sortable: true,
    raw: meta,
  };
}
