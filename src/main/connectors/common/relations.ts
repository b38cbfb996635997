import type { Field, ModuleSchema } from '../../../shared/fields.ts';
import type { Relation } from '../../../shared/relations.ts';

/**
 * The relations of `module` read from the vendor's own reference metadata: every reference field of a
 * module in `schemas` that may point at `module`, queried in reverse. `accept` lets a vendor folder keep
 * only the fields its API can filter on by the linked id.
 */
export function reverseReferences(
  module: string,
  schemas: readonly ModuleSchema[],
  accept: (field: Field, schema: ModuleSchema) => boolean = () => true,
): Relation[] {
  const found: { schema: ModuleSchema; field: Field }[] = [];
  for (const schema of schemas) {
    for (const field of schema.fields) {
      if (field.type !== 'reference' || !field.referenceTargets.includes(module)) continue;
      if (field.filterable === false || !accept(field, schema)) continue;
      found.push({ schema, field });
    }
  }
  const perModule = new Map<string, number>();
  for (const { schema } of found) perModule.set(schema.module, (perModule.get(schema.module) ?? 0) + 1);
  return found.map(({ schema, field }) => {
    const name = schema.label ?? schema.module;
    // Two links from the same module (Simply's parent account, a project's two organizations) are told apart.
    const label =
      (perModule.get(schema.module) ?? 0) > 1 || schema.module === module ? `${name} (${field.label})` : name;
    return { module: schema.module, field: field.name, label };
  });
}
