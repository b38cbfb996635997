/**
 * Mandatory fields. The swagger marks nothing `required` (docs/vendors.md, "Simplicate"), so
 * this small hand-written table carries what the text doc's changelog says:
 *   2023-08 "Updated POST|PUT api/v2/crm/person making the field: family_name mandatory"
 *   2023-09 "Updated PUT api/v2/crm/person/{id} making the field: family_name not mandatory"
 * i.e. family_name is required when a person is created. Custom fields carry their own `mandatory`
 * flag (2023-04 "Added mandatory boolean for customfields") and are read from the *customfields endpoints.
 */
export const mandatoryOnCreate: Readonly<Record<string, readonly string[]>> = {
  'crm/person': ['family_name'],
};

/** Field(s) that name a record for people (reference pickers, titles). */
export const labelFields: Readonly<Record<string, readonly string[]>> = {
  'crm/organization': ['name'],
  'crm/person': ['full_name'],
  'sales/sales': ['subject'],
  'projects/project': ['name'],
};
