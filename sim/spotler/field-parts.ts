import type { SpotlerField, SpotlerFieldType } from './schema.ts';

/** The pieces every record type's data dictionary is built from (schema.ts, dictionary-only.ts). */
export const field = (
  name: string,
  label: string,
  type: SpotlerFieldType,
  extra: Partial<Omit<SpotlerField, 'name' | 'label' | 'type'>> = {},
): SpotlerField => ({ name, label, type, required: false, readonly: false, ...extra });

export const ro = { readonly: true };

/** A reference to a record of `references`. */
export const ref = (name: string, label: string, references: string, required = false): SpotlerField =>
  field(name, label, 'reference', { references, required });

export const idField = field('id', 'ID', 'integer', ro);
export const owner = field('ownerid', 'Owner', 'user');
export const notes = field('notes', 'Notes', 'text', { maxlength: 65_535 });
export const stamps = [
  field('createddate', 'Created', 'datetime', ro),
  field('modifieddate', 'Modified', 'datetime', ro),
];
