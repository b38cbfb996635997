import type { Field, FieldType } from '../../src/shared/fields.ts';

/** A described field with nothing special about it: optional, writable, no options or references. */
export const plainField = (name: string, type: FieldType, more: Partial<Field> = {}): Field => ({
  name,
  label: name,
  type,
  required: false,
  readOnly: false,
  options: null,
  referenceTargets: [],
  maxLength: null,
  default: null,
  ...more,
});
