import type { SpotlerField, SpotlerFieldType, SpotlerObject } from './schema.ts';

/**
 * The record types of the doc's table that the simulator keeps no records of. Their data dictionary and
 * lookup lists answer like the simulated ones ("You can get all the fields for a record type"), so a
 * client can read every type's fields; their record endpoints answer an empty list (GET) or 404. The
 * doc names the types but none of their fields: the fields below are this simulator's choice, in the
 * same style as the account example (lower-case names, `...id` references, created/modified stamps).
 */
type DictionaryOnly = Omit<SpotlerObject, 'idBase'>;

const f = (
  name: string,
  label: string,
  type: SpotlerFieldType,
  extra: Partial<Omit<SpotlerField, 'name' | 'label' | 'type'>> = {},
): SpotlerField => ({ name, label, type, required: false, readonly: false, ...extra });
const ro = { readonly: true };
const id = f('id', 'ID', 'integer', ro);
const stamps = [f('createddate', 'Created', 'datetime', ro), f('modifieddate', 'Modified', 'datetime', ro)];
const ref = (name: string, label: string, references: string, required = false) =>
  f(name, label, 'reference', { references, required });

export const dictionaryOnlyObjects: readonly DictionaryOnly[] = [
  {
    name: 'activities',
    recordType: 'activity',
    label: 'Activities',
    fields: [
      id,
      f('subject', 'Subject', 'string', { required: true, maxlength: 255 }),
      f('type', 'Type', 'lookup'),
      f('activitydate', 'Date', 'datetime'),
      f('duedate', 'Due Date', 'date'),
      ref('accountid', 'Account', 'accounts'),
      ref('contactid', 'Contact', 'contacts'),
      ref('opportunityid', 'Opportunity', 'opportunities'),
      f('ownerid', 'Owner', 'user'),
      f('completed', 'Completed', 'boolean', { default: false }),
      f('notes', 'Notes', 'text', { maxlength: 65_535 }),
      ...stamps,
    ],
  },
  {
    name: 'campaigns',
    recordType: 'campaign',
    label: 'Campaigns',
    fields: [
      id,
      f('name', 'Campaign Name', 'string', { required: true, maxlength: 255 }),
      f('type', 'Type', 'lookup'),
      f('status', 'Status', 'lookup'),
      f('startdate', 'Start Date', 'date'),
      f('enddate', 'End Date', 'date'),
      f('budget', 'Budget', 'currency'),
      f('ownerid', 'Owner', 'user'),
      f('notes', 'Notes', 'text', { maxlength: 65_535 }),
      ...stamps,
    ],
  },
  {
    name: 'campaigndetails',
    recordType: 'campaigndetail',
    label: 'Campaign Details',
    fields: [
      id,
      ref('campaignid', 'Campaign', 'campaigns', true),
      ref('contactid', 'Contact', 'contacts'),
      ref('accountid', 'Account', 'accounts'),
      ref('stageid', 'Stage', 'campaignstages'),
      f('response', 'Response', 'lookup'),
      ...stamps,
    ],
  },
  {
    name: 'campaignstages',
    recordType: 'campaignstage',
    label: 'Campaign Stages',
    fields: [
      id,
      ref('campaignid', 'Campaign', 'campaigns', true),
      f('name', 'Stage Name', 'string', { required: true, maxlength: 100 }),
      f('sequence', 'Sequence', 'integer'),
      ...stamps,
    ],
  },
  {
    name: 'cases',
    recordType: 'case',
    label: 'Cases',
    fields: [
      id,
      f('subject', 'Subject', 'string', { required: true, maxlength: 255 }),
      ref('accountid', 'Account', 'accounts', true),
      ref('contactid', 'Contact', 'contacts'),
      f('status', 'Status', 'lookup'),
      f('priority', 'Priority', 'lookup'),
      f('ownerid', 'Owner', 'user'),
      f('opendate', 'Opened', 'date'),
      f('closedate', 'Closed', 'date'),
      f('description', 'Description', 'text', { maxlength: 65_535 }),
      ...stamps,
    ],
  },
  {
    name: 'documents',
    recordType: 'document',
    label: 'Documents',
    fields: [
      id,
      f('name', 'Document Name', 'string', { required: true, maxlength: 255 }),
      f('filename', 'File Name', 'string', { maxlength: 255 }),
      f('filesize', 'File Size', 'integer', ro),
      ref('accountid', 'Account', 'accounts'),
      ref('contactid', 'Contact', 'contacts'),
      ref('opportunityid', 'Opportunity', 'opportunities'),
      f('ownerid', 'Owner', 'user'),
      ...stamps,
    ],
  },
  {
    name: 'opportunityhistories',
    recordType: 'opportunityhistory',
    label: 'Opportunity Histories',
    fields: [
      id,
      ref('opportunityid', 'Opportunity', 'opportunities', true),
      f('stage', 'Stage', 'lookup'),
      f('probability', 'Probability', 'percent'),
      f('value', 'Value', 'currency'),
      f('changedby', 'Changed By', 'user', ro),
      f('changeddate', 'Changed', 'datetime', ro),
    ],
  },
  {
    name: 'opportunity_lines',
    recordType: 'opportunity_line',
    label: 'Opportunity Lines',
    fields: [
      id,
      ref('opportunityid', 'Opportunity', 'opportunities', true),
      f('product', 'Product', 'string', { required: true, maxlength: 255 }),
      f('quantity', 'Quantity', 'decimal'),
      f('price', 'Unit Price', 'currency'),
      f('discount', 'Discount', 'percent'),
      f('total', 'Total', 'currency', ro),
      ...stamps,
    ],
  },
];

/** Their lookup lists, keyed by "object/field" like the simulated types' lists. */
export const dictionaryOnlyLookups: Readonly<Record<string, readonly string[]>> = {
  'activities/type': ['Call', 'Meeting', 'Email', 'Task', 'Note'],
  'campaigns/type': ['Email', 'Event', 'Webinar', 'Direct Mail'],
  'campaigns/status': ['Planned', 'Active', 'Completed', 'Cancelled'],
  'campaigndetails/response': ['None', 'Opened', 'Clicked', 'Replied', 'Unsubscribed'],
  'cases/status': ['Open', 'In Progress', 'Waiting', 'Closed'],
  'cases/priority': ['Low', 'Normal', 'High', 'Urgent'],
  'opportunityhistories/stage': ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed'],
};
