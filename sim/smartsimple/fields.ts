/**
 * The fields of the simulated SmartSimple instance, keyed as a SmartConnect field list names them:
 * `sf_<standard field name>` and `cf_<custom field name>` (doc, "Field List Syntax"). Custom fields also
 * have a numeric field id, which a field list may use instead of the name (`cf_1234501`).
 */

/** Field types as the instance's field settings name them (what Get Meta reports). */
export type SsFieldType =
  | 'Text - Single Line'
  | 'Text - Multiple Lines'
  | 'Select One - Combo Box'
  | 'Select Many - Check Boxes'
  | 'Check Box'
  | 'Date'
  | 'Date and Time'
  | 'Number'
  | 'Currency'
  | 'Email'
  | 'Phone'
  | 'Web Link'
  | 'Lookup - Company'
  | 'Lookup - User'
  | 'System';

export interface SsField {
  /** The field list key: `sf_Name`, `cf_Requested Amount`. */
  key: string;
  /** Numeric id of a custom field (`cf_<id>` addresses it too); internal column name for standard ones. */
  id: string;
  type: SsFieldType;
  mandatory?: boolean;
  /** Maintained by the system: an update leaves it alone. */
  readonly?: boolean;
  /** `value=label;value=label`, the doc's option syntax ("1=Yes;2=No"). */
  options?: string;
  maxlength?: number;
  defaultvalue?: string;
}

export const MODIFIED_KEY = 'sf_Modified Date';
export const CREATED_KEY = 'sf_Created Date';

/**
 * Company fields. docs/vendors.md ("SmartSimple"): typed metadata (Get Meta) exists for UTA levels only;
 * Company fields are field-list names whose values are strings. Types here only drive comparisons.
 */
export const companyFields: readonly SsField[] = [
  { key: 'sf_Name', id: 'name', type: 'Text - Single Line', mandatory: true, maxlength: 200 },
  { key: 'sf_Address', id: 'address', type: 'Text - Single Line' },
  { key: 'sf_City', id: 'city', type: 'Text - Single Line' },
  { key: 'sf_State/Province', id: 'state', type: 'Text - Single Line' },
  { key: 'sf_Country', id: 'country', type: 'Text - Single Line' },
  { key: 'sf_Postal Code', id: 'postalcode', type: 'Text - Single Line' },
  { key: 'sf_Phone', id: 'phone', type: 'Phone' },
  { key: 'sf_Web Site', id: 'website', type: 'Web Link' },
  { key: 'cf_Industry', id: '1220301', type: 'Text - Single Line' },
  { key: 'cf_Employees', id: '1220302', type: 'Number' },
  { key: CREATED_KEY, id: 'createddate', type: 'Date and Time', readonly: true },
  { key: MODIFIED_KEY, id: 'modifieddate', type: 'Date and Time', readonly: true },
];

export const levelOneFields: readonly SsField[] = [
  { key: 'sf_Name', id: 'name', type: 'Text - Single Line', mandatory: true, maxlength: 200 },
  {
    key: 'sf_Type',
    id: 'typeid',
    type: 'Select One - Combo Box',
    options: '1=Grant;2=Loan;3=Scholarship',
    defaultvalue: '1',
  },
  {
    key: 'sf_Status',
    id: 'statusid',
    type: 'Select One - Combo Box',
    options: '1=Draft;2=Submitted;3=Under Review;4=Approved;5=Declined',
    defaultvalue: '1',
  },
  { key: 'sf_Start Date', id: 'startdate', type: 'Date' },
  { key: 'sf_End Date', id: 'enddate', type: 'Date' },
  { key: 'sf_Customer', id: 'companyid', type: 'Lookup - Company' },
  { key: 'sf_Owner', id: 'ownerid', type: 'Lookup - User' },
  { key: 'cf_Requested Amount', id: '1230101', type: 'Currency', mandatory: true },
  {
    key: 'cf_Program Areas',
    id: '1230102',
    type: 'Select Many - Check Boxes',
    options: '1=Health;2=Education;3=Environment;4=Arts & Culture',
  },
  { key: 'cf_Contact Email', id: '1230103', type: 'Email', maxlength: 150 },
  { key: 'cf_Website', id: '1230104', type: 'Web Link' },
  { key: 'cf_Phone', id: '1230105', type: 'Phone' },
  { key: 'cf_Summary', id: '1230106', type: 'Text - Multiple Lines', maxlength: 4000 },
  { key: 'cf_Is Renewal', id: '1230107', type: 'Check Box', defaultvalue: '0' },
  { key: 'cf_Score', id: '1230108', type: 'Number' },
  { key: 'sf_Created By', id: 'createdby', type: 'System', readonly: true },
  { key: CREATED_KEY, id: 'createddate', type: 'Date and Time', readonly: true },
  { key: MODIFIED_KEY, id: 'modifieddate', type: 'Date and Time', readonly: true },
];

/**
 * User fields. docs/vendors.md ("SmartSimple"): User fields, like Company fields, are field-list names
 * whose values are strings (no Get Meta).
 */
export const userFields: readonly SsField[] = [
  { key: 'sf_First Name', id: 'firstname', type: 'Text - Single Line', mandatory: true, maxlength: 100 },
  { key: 'sf_Last Name', id: 'lastname', type: 'Text - Single Line', mandatory: true, maxlength: 100 },
  { key: 'sf_Email', id: 'email', type: 'Email', maxlength: 150 },
  { key: CREATED_KEY, id: 'createddate', type: 'Date and Time', readonly: true },
  { key: MODIFIED_KEY, id: 'modifieddate', type: 'Date and Time', readonly: true },
];

/** Level 2 exists only in Get Meta's answer (docs/vendors.md: the answer is nested by level). */
export const levelTwoFields: readonly SsField[] = [
  { key: 'sf_Name', id: 'name', type: 'Text - Single Line', mandatory: true },
  { key: 'cf_Milestone Date', id: '1240101', type: 'Date' },
];

export function parseOptions(spec: string | undefined): { value: string; label: string }[] {
  if (!spec) return [];
  return spec.split(';').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0 ? { value: pair, label: pair } : { value: pair.slice(0, eq), label: pair.slice(eq + 1) };
  });
}

/** Finds a field by its field-list key, or a custom field by `cf_<id>` (doc: the id may be used too). */
export function findField(fields: readonly SsField[], key: string): SsField | undefined {
  return fields.find((f) => f.key === key) ?? fields.find((f) => f.key.startsWith('cf_') && `cf_${f.id}` === key);
}
