import type { SwaggerLeaf } from '../../vendor-data/simplicate-fields.generated.ts';
import type { Json, JsonObject, SimModuleId } from './data.ts';
import type { CustomFieldDef, Lookups } from './lookups.ts';

/**
 * Validates a POST/PUT body against the module's write model (the swagger's Post* model) and applies it
 * to a stored row. Errors are collected as Simplicate words them ("No country code given in the
 * visiting_address property", simplicate-api-v2.txt "Response Format"): each names `the <path> property`.
 */
export interface WriteContext {
  module: SimModuleId;
  writeFields: readonly SwaggerLeaf[];
  customFields: readonly CustomFieldDef[];
  lookups: Lookups;
  /** Whether a record id of crm/organization or crm/person exists (for organization_id, person_id). */
  exists(module: 'crm/organization' | 'crm/person', id: string): boolean;
  creating: boolean;
}

type LookupItem = { id: string } & Record<string, Json>;

/** Objects the write model sets by id (`relation_manager.id`) or by an `X_id` key (`progress_id`). */
function lookupTargets(L: Lookups): Record<string, { objectKey: string; items: LookupItem[] }> {
  return {
    'relation_manager.id': { objectKey: 'relation_manager', items: L.employees },
    'relation_type.id': { objectKey: 'relation_type', items: L.relationTypes },
    'industry.id': { objectKey: 'industry', items: L.industries },
    'organizationsize.id': { objectKey: 'organizationsize', items: L.organizationSizes },
    responsible_employee_id: { objectKey: 'responsible_employee', items: L.employees },
    progress_id: { objectKey: 'progress', items: L.salesProgress },
    status_id: { objectKey: 'status', items: L.salesStatuses },
    source_id: { objectKey: 'source', items: L.salesSources },
    project_manager_id: { objectKey: 'project_manager', items: L.employees },
    project_status_id: { objectKey: 'project_status', items: L.projectStatuses },
  };
}

/**
 * Mandatory on create. crm/person family_name is from the doc's changelog (2023-08 on POST; 2023-09 made
 * it optional on PUT). Organizations and projects cannot exist without their name in the application
 * either; the changelog does not list them, so the connector's describe does not mark them required
 * and learns it from this refusal.
 */
const mandatoryOnCreate: Partial<Record<SimModuleId, string[]>> = {
  'crm/person': ['family_name'],
  'crm/organization': ['name'],
  'projects/project': ['name'],
};

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function setPath(row: JsonObject, path: string, value: Json): void {
  const segs = path.split('.');
  let cur = row;
  for (const seg of segs.slice(0, -1)) {
    const next = cur[seg];
    cur = cur[seg] = isObject(next) ? next : {};
  }
  cur[segs[segs.length - 1] ?? path] = value;
}

function checkType(leaf: SwaggerLeaf, value: Json): string | undefined {
  if (value === null) return undefined;
  const p = `the ${leaf.path} property`;
  if (leaf.type === 'boolean' && typeof value !== 'boolean') return `Invalid value for ${p}: expected a boolean`;
  if (leaf.type === 'integer' && !Number.isInteger(value)) return `Invalid value for ${p}: expected an integer`;
  if (leaf.type === 'number' && typeof value !== 'number') return `Invalid value for ${p}: expected a number`;
  if (leaf.type === 'string' && typeof value !== 'string') return `Invalid value for ${p}: expected a string`;
  if (leaf.enum && typeof value === 'string' && !leaf.enum.includes(value)) {
    return `Invalid value for ${p}: expected one of ${leaf.enum.join(', ')}`;
  }
  if (/(_date|date_of_birth)$/.test(leaf.path) && typeof value === 'string' && value !== '' && !isDate(value)) {
    return `Invalid value for ${p}: expected a date as YYYY-MM-DD`;
  }
  return undefined;
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

function customValue(def: CustomFieldDef, value: Json): { value?: string; error?: string } {
  const p = `the custom_fields.${def.name} property`;
  if (value === null || value === '') return { value: '' };
  if (typeof value === 'object') return { error: `Invalid value for ${p}` };
  const s = String(value);
  if (def.options.length) {
    const opt = def.options.find((o) => o.id === s || o.value === s);
    return opt ? { value: opt.value } : { error: `Invalid value for ${p}: not one of its options` };
  }
  if (def.value_type === 'Integer' && !/^-?\d+$/.test(s))
    return { error: `Invalid value for ${p}: expected an integer` };
  if (def.value_type === 'Decimal' && !/^-?\d+(\.\d+)?$/.test(s))
    return { error: `Invalid value for ${p}: expected a number` };
  if (def.value_type === 'Date' && !isDate(s))
    return { error: `Invalid value for ${p}: expected a date as YYYY-MM-DD` };
  return { value: s };
}

/** Applies `body` to `row` (mutating it); returns the error messages, empty when it was valid. */
export function applyWrite(ctx: WriteContext, row: JsonObject, body: unknown): string[] {
  if (!isObject(body)) return ['The request body must be a JSON object'];
  const errors: string[] = [];
  const leaves = new Map(ctx.writeFields.map((f) => [f.path, f]));
  const prefixes = new Set(ctx.writeFields.flatMap((f) => f.path.split('.').slice(0, -1)));
  const targets = lookupTargets(ctx.lookups);

  const visit = (obj: JsonObject, prefix: string) => {
    for (const [key, value] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (path === 'custom_fields') {
        applyCustomFields(ctx, row, value, errors);
        continue;
      }
      if (isObject(value) && prefixes.has(path)) {
        visit(value, path);
        continue;
      }
      const leaf = leaves.get(path);
      if (!leaf) {
        errors.push(`Unknown property: the ${path} property does not exist`);
        continue;
      }
      const typeError = checkType(leaf, value);
      if (typeError) {
        errors.push(typeError);
        continue;
      }
      const target = targets[path];
      if (target) {
        const item = value === null ? null : target.items.find((i) => i.id === value);
        if (item === undefined) errors.push(`Invalid value for the ${path} property: no such id`);
        else row[target.objectKey] = item === null ? null : { ...item };
        continue;
      }
      if ((path === 'organization_id' || path === 'person_id') && typeof value === 'string' && value !== '') {
        const mod = path === 'organization_id' ? 'crm/organization' : 'crm/person';
        if (!ctx.exists(mod, value)) {
          errors.push(`Invalid value for the ${path} property: no such ${mod.slice(4)}`);
          continue;
        }
      }
      setPath(row, path, value);
    }
  };
  visit(body, '');

  if (ctx.creating) {
    for (const name of mandatoryOnCreate[ctx.module] ?? []) {
      const v = row[name];
      if (v === undefined || v === null || v === '')
        errors.push(`No value given for the ${name} property, which is mandatory`);
    }
    const values = Array.isArray(row.custom_fields) ? row.custom_fields : [];
    for (const def of ctx.customFields) {
      if (!def.mandatory) continue;
      const hit = values.find((c) => isObject(c) && c.name === def.name);
      if (!isObject(hit) || hit.value === '' || hit.value === null) {
        errors.push(`No value given for the custom_fields.${def.name} property, which is mandatory`);
      }
    }
  }
  if (ctx.module === 'crm/person' && errors.length === 0) {
    row.full_name = [row.first_name, row.family_name_prefix, row.family_name].filter((x) => x).join(' ');
  }
  return errors;
}

function applyCustomFields(ctx: WriteContext, row: JsonObject, value: Json, errors: string[]): void {
  if (!Array.isArray(value)) {
    errors.push('Invalid value for the custom_fields property: expected a list of {name, value}');
    return;
  }
  const current = (Array.isArray(row.custom_fields) ? row.custom_fields : []).filter(isObject);
  for (const item of value) {
    if (!isObject(item) || typeof item.name !== 'string') {
      errors.push('Invalid value for the custom_fields property: expected a list of {name, value}');
      continue;
    }
    const def = ctx.customFields.find((d) => d.name === item.name);
    if (!def) {
      errors.push(`Unknown property: the custom_fields.${item.name} property does not exist`);
      continue;
    }
    const v = customValue(def, item.value ?? null);
    if (v.error !== undefined) {
      errors.push(v.error);
      continue;
    }
    const existing = current.find((c) => c.name === def.name);
    if (existing) existing.value = v.value ?? '';
    else current.push({ name: def.name, value: v.value ?? '' });
  }
  row.custom_fields = current;
}
