/**
 * Fields that hold the id of one of Simplicate's configured lists, and the endpoint that lists them
 * (swagger paths /crm/relationtype, /sales/salesprogress, ...). describe turns them into picklists whose
 * option values are the ids that writes take (`relation_type: {id}`, `progress_id`).
 */
export interface LookupSource {
  /** Path after /api/v2. */
  path: string;
  /** The property that names an entry for people. */
  labelKey: 'label' | 'name';
}

export const lookupSources: Readonly<Record<string, LookupSource>> = {
  'relation_type.id': { path: 'crm/relationtype', labelKey: 'label' },
  'industry.id': { path: 'crm/industry', labelKey: 'name' },
  'organizationsize.id': { path: 'crm/organizationsize', labelKey: 'name' },
  'progress.id': { path: 'sales/salesprogress', labelKey: 'label' },
  'status.id': { path: 'sales/salesstatus', labelKey: 'label' },
  'source.id': { path: 'sales/salessource', labelKey: 'name' },
  'project_status.id': { path: 'projects/projectstatus', labelKey: 'label' },
  'relation_manager.id': { path: 'hrm/employee', labelKey: 'name' },
  'responsible_employee.id': { path: 'hrm/employee', labelKey: 'name' },
  'project_manager.id': { path: 'hrm/employee', labelKey: 'name' },
};
