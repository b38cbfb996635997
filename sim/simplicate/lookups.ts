import { lookupId } from './ids.ts';

/**
 * The small lists a Simplicate environment is configured with (employees, relation types, sales
 * statuses, custom field definitions). Records embed them as `{id, name}` or `{id, label}` objects, and
 * writes refer to them by id (`progress_id`, `relation_manager.id`).
 */
export interface Lookups {
  employees: { id: string; person_id: string; name: string }[];
  relationTypes: { id: string; label: string; color: string; type: string }[];
  industries: { id: string; name: string }[];
  organizationSizes: { id: string; name: string }[];
  salesProgress: { id: string; label: string; color: string; chance_to_score: number; position: number }[];
  salesStatuses: { id: string; label: string }[];
  salesSources: { id: string; name: string }[];
  projectStatuses: { id: string; label: string; color: string }[];
  customFields: Record<string, CustomFieldDef[]>;
}

export interface CustomFieldOption {
  id: string;
  label: string;
  value: string;
  position: number;
}

/** One custom field definition, as the *customfields endpoints list it. */
export interface CustomFieldDef {
  id: string;
  name: string;
  label: string;
  render_type: 'textfield' | 'textarea' | 'dropdown' | 'radio' | 'checkbox' | 'date';
  value_type: 'Text' | 'Integer' | 'Decimal' | 'Date' | 'Time' | 'DateTime';
  mandatory: boolean;
  filterable: boolean;
  searchable: boolean;
  position: number;
  options: CustomFieldOption[];
  custom_field_group: { id: string; name: string };
}

export function buildLookups(seed: string): Lookups {
  const employeeNames = [
    'Anna de Vries',
    'Jürgen Müller',
    "Seán O'Reilly",
    'Priya Patel',
    'مریم کریمی',
    'Lars Andersson',
  ];
  const field = (
    module: string,
    position: number,
    def: Omit<CustomFieldDef, 'id' | 'position' | 'options' | 'custom_field_group' | 'searchable' | 'filterable'> & {
      options?: string[];
    },
  ): CustomFieldDef => ({
    ...def,
    id: lookupId('customfield', seed, `${module}/${def.name}`),
    position,
    filterable: true,
    searchable: true,
    options: (def.options ?? []).map((v, i) => ({
      id: lookupId('customfieldoption', seed, `${module}/${def.name}/${v}`),
      label: v,
      value: v,
      position: i + 1,
    })),
    custom_field_group: { id: lookupId('customfieldgroup', seed, module), name: 'Extra' },
  });
  return {
    employees: employeeNames.map((name) => ({
      id: lookupId('employee', seed, name),
      person_id: lookupId('person', seed, `employee ${name}`),
      name,
    })),
    relationTypes: [
      { label: 'Customer', color: '#2ecc71' },
      { label: 'Prospect', color: '#3498db' },
      { label: 'Supplier', color: '#e67e22' },
      { label: 'Partner', color: '#9b59b6' },
    ].map((t) => ({ ...t, id: lookupId('relationtype', seed, t.label), type: 'organization' })),
    industries: ['ICT', 'Retail', 'Healthcare', 'Construction', 'Education', 'Finance'].map((name) => ({
      id: lookupId('industry', seed, name),
      name,
    })),
    organizationSizes: ['1-10', '11-50', '51-200', '201-1000', '1000+'].map((name) => ({
      id: lookupId('organizationsize', seed, name),
      name,
    })),
    salesProgress: ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Closing'].map((label, i) => ({
      id: lookupId('salesprogress', seed, label),
      label,
      color: '#7f8c8d',
      chance_to_score: (i + 1) * 20,
      position: i + 1,
    })),
    salesStatuses: ['Open', 'Won', 'Lost'].map((label) => ({ id: lookupId('salesstatus', seed, label), label })),
    salesSources: ['Website', 'Referral', 'Trade fair', 'Cold call'].map((name) => ({
      id: lookupId('salessource', seed, name),
      name,
    })),
    projectStatuses: [
      { label: 'Active', color: '#2ecc71' },
      { label: 'On hold', color: '#f1c40f' },
      { label: 'Closed', color: '#95a5a6' },
    ].map((s) => ({ ...s, id: lookupId('projectstatus', seed, s.label) })),
    customFields: {
      'crm/organization': [
        field('crm/organization', 1, {
          name: 'external_link',
          label: 'External link',
          render_type: 'textfield',
          value_type: 'Text',
          mandatory: false,
        }),
        field('crm/organization', 2, {
          name: 'part_of_country',
          label: 'Part of country',
          render_type: 'dropdown',
          value_type: 'Text',
          mandatory: false,
          options: ['North', 'East', 'South', 'West', 'Centre'],
        }),
      ],
      'crm/person': [
        field('crm/person', 1, {
          name: 'shoe_size',
          label: 'Shoe size',
          render_type: 'textfield',
          value_type: 'Integer',
          mandatory: false,
        }),
      ],
      'sales/sales': [
        field('sales/sales', 1, {
          name: 'lead_score',
          label: 'Lead score',
          render_type: 'textfield',
          value_type: 'Decimal',
          mandatory: false,
        }),
      ],
      // A mandatory custom field (the 2023-04 changelog added `mandatory` to custom fields).
      'projects/project': [
        field('projects/project', 1, {
          name: 'cost_center',
          label: 'Cost center',
          render_type: 'textfield',
          value_type: 'Text',
          mandatory: true,
        }),
      ],
    },
  };
}
