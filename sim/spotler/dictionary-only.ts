import { field as f, idField, notes, owner, ref, ro, stamps } from './field-parts.ts';
import type { SpotlerField, SpotlerObject } from './schema.ts';

/**
 * The record types of the doc's table that the simulator keeps no records of. Their data dictionary and
 * lookup lists answer like the simulated ones ("You can get all the fields for a record type"), so a
 * client can read every type's fields; their record endpoints answer an empty list (GET) or 404. The
 * doc names the types but none of their fields: the fields below are this simulator's choice, in the
 * same style as the account example (lower-case names, `...id` references, created/modified stamps).
 */
type DictionaryOnly = Omit<SpotlerObject, 'idBase'>;

const account = ref('accountid', 'Account', 'accounts');
const contact = ref('contactid', 'Contact', 'contacts');
const opportunity = ref('opportunityid', 'Opportunity', 'opportunities');
const campaign = ref('campaignid', 'Campaign', 'campaigns', true);
const title = (name: string, label: string) => f(name, label, 'string', { required: true, maxlength: 255 });

/**
 * Per object name: its record_type, its label and its own fields. Every type starts with `id`; all but
 * the opportunity history (whose rows are stamped by `changeddate`) end with the created/modified stamps.
 */
const table: Record<string, { recordType: string; label: string; fields: SpotlerField[]; stamped?: false }> = {
  activities: {
    recordType: 'activity',
    label: 'Activities',
    fields: [
      title('subject', 'Subject'),
      f('type', 'Type', 'lookup'),
      f('activitydate', 'Date', 'datetime'),
      f('duedate', 'Due Date', 'date'),
      account,
      contact,
      opportunity,
      owner,
      f('completed', 'Completed', 'boolean', { default: false }),
      notes,
    ],
  },
  campaigns: {
    recordType: 'campaign',
    label: 'Campaigns',
    fields: [
      title('name', 'Campaign Name'),
      f('type', 'Type', 'lookup'),
      f('status', 'Status', 'lookup'),
      f('startdate', 'Start Date', 'date'),
      f('enddate', 'End Date', 'date'),
      f('budget', 'Budget', 'currency'),
      owner,
      notes,
    ],
  },
  campaigndetails: {
    recordType: 'campaigndetail',
    label: 'Campaign Details',
    fields: [
      campaign,
      contact,
      account,
      ref('stageid', 'Stage', 'campaignstages'),
      f('response', 'Response', 'lookup'),
    ],
  },
  campaignstages: {
    recordType: 'campaignstage',
    label: 'Campaign Stages',
    fields: [
      campaign,
      f('name', 'Stage Name', 'string', { required: true, maxlength: 100 }),
      f('sequence', 'Sequence', 'integer'),
    ],
  },
  cases: {
    recordType: 'case',
    label: 'Cases',
    fields: [
      title('subject', 'Subject'),
      ref('accountid', 'Account', 'accounts', true),
      contact,
      f('status', 'Status', 'lookup'),
      f('priority', 'Priority', 'lookup'),
      owner,
      f('opendate', 'Opened', 'date'),
      f('closedate', 'Closed', 'date'),
      f('description', 'Description', 'text', { maxlength: 65_535 }),
    ],
  },
  documents: {
    recordType: 'document',
    label: 'Documents',
    fields: [
      title('name', 'Document Name'),
      f('filename', 'File Name', 'string', { maxlength: 255 }),
      f('filesize', 'File Size', 'integer', ro),
      account,
      contact,
      opportunity,
      owner,
    ],
  },
  opportunityhistories: {
    recordType: 'opportunityhistory',
    label: 'Opportunity Histories',
    stamped: false,
    fields: [
      ref('opportunityid', 'Opportunity', 'opportunities', true),
      f('stage', 'Stage', 'lookup'),
      f('probability', 'Probability', 'percent'),
      f('value', 'Value', 'currency'),
      f('changedby', 'Changed By', 'user', ro),
      f('changeddate', 'Changed', 'datetime', ro),
    ],
  },
  opportunity_lines: {
    recordType: 'opportunity_line',
    label: 'Opportunity Lines',
    fields: [
      ref('opportunityid', 'Opportunity', 'opportunities', true),
      title('product', 'Product'),
      f('quantity', 'Quantity', 'decimal'),
      f('price', 'Unit Price', 'currency'),
      f('discount', 'Discount', 'percent'),
      f('total', 'Total', 'currency', ro),
    ],
  },
};

export const dictionaryOnlyObjects: readonly DictionaryOnly[] = Object.entries(table).map(
  ([name, { recordType, label, fields, stamped }]) => ({
    name,
    recordType,
    label,
    fields: [idField, ...fields, ...(stamped === false ? [] : stamps)],
  }),
);

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
