import type { FieldOption } from '../../../shared/fields.ts';
import type { SwaggerModule } from '../../../../vendor-data/simplicate-fields.generated.ts';
import { isJsonObject, type JsonObject } from './records.ts';
import { buildModuleModel, customFieldFrom, type CustomFieldDefinition, type ModuleModel } from './schema.ts';

/**
 * What Simplicate's describe fetches and the metadata cache keeps per module: the `*customfields`
 * entries as the vendor sent them, and the options of each lookup field (null where the API key may
 * not read the list). The standard fields come from the swagger table and are not cached.
 */
export interface StoredMetadata {
  customFields: JsonObject[];
  /** Keyed by the field's read path (lookups.ts). */
  lookups: Record<string, FieldOption[] | null>;
}

function optionsFrom(value: unknown): FieldOption[] | null {
  if (value === null) return null;
  if (!Array.isArray(value)) throw new Error('lookup options are not a list');
  return value.map((o: unknown) => {
    if (!isJsonObject(o) || typeof o.value !== 'string' || typeof o.label !== 'string') {
      throw new Error('a lookup option has no value or label');
    }
    return { value: o.value, label: o.label };
  });
}

/** Reads a stored entry back (throws on anything it does not recognise, so the cache fetches again). */
export function modelFromStored(mod: SwaggerModule, raw: unknown): ModuleModel {
  if (!isJsonObject(raw) || !Array.isArray(raw.customFields) || !isJsonObject(raw.lookups)) {
    throw new Error('not a stored Simplicate metadata entry');
  }
  const customFields: CustomFieldDefinition[] = [];
  for (const row of raw.customFields) {
    const def = isJsonObject(row) ? customFieldFrom(row) : undefined;
    if (def) customFields.push(def);
  }
  const options = new Map<string, FieldOption[]>();
  for (const [path, value] of Object.entries(raw.lookups)) {
    const list = optionsFrom(value);
    if (list) options.set(path, list);
  }
  return buildModuleModel(mod, customFields, options);
}
