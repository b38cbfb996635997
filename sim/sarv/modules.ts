/**
 * The field metadata of the SarvCRM modules the simulator serves, in SarvCRM's own (SuiteCRM-derived)
 * vocabulary. GetModuleFields renders these with the keys docs/vendors.md lists (name, label, type,
 * default_value, id_name, group, len, options, related_module, calculated, required), labels in fa_IR or
 * en_US.
 */
export type SarvType =
  | 'id'
  | 'name'
  | 'varchar'
  | 'text'
  | 'enum'
  | 'multienum'
  | 'relate'
  | 'bool'
  | 'currency'
  | 'int'
  | 'decimal'
  | 'date'
  | 'datetime'
  | 'email'
  | 'phone'
  | 'url';

export interface Label {
  fa: string;
  en: string;
}
export interface SarvOption extends Label {
  key: string;
}

export interface SarvFieldSpec {
  name: string;
  type: SarvType;
  label: Label;
  len?: number;
  required?: boolean;
  options?: SarvOption[];
  /** For `relate` and `id` reference fields. */
  relatedModule?: string;
  /** For a `relate` display field: the id field it names. */
  idName?: string;
  /** Derived by the server (phone raw/country code): never stored from input. */
  calculated?: boolean;
  /** Set by the server only (id, audit fields): ignored on Save, as SuiteCRM does. */
  system?: boolean;
  defaultValue?: string;
  group?: string;
}

export interface SarvModuleSpec {
  name: string;
  /** The MySQL table name queries may prefix columns with (`accounts.date_entered`, per the doc). */
  table: string;
  label: Label;
  fields: SarvFieldSpec[];
}

const opt = (key: string, fa: string, en: string): SarvOption => ({ key, fa, en });

/** Fields every module carries (SuiteCRM's audit columns plus Sarv's flat phone fields). */
function common(): SarvFieldSpec[] {
  return [
    { name: 'id', type: 'id', label: { fa: 'شناسه', en: 'ID' }, len: 36, system: true },
    { name: 'date_entered', type: 'datetime', label: { fa: 'تاریخ ایجاد', en: 'Date Created' }, system: true },
    { name: 'date_modified', type: 'datetime', label: { fa: 'تاریخ ویرایش', en: 'Date Modified' }, system: true },
    {
      name: 'created_by',
      type: 'id',
      label: { fa: 'ایجاد کننده', en: 'Created By' },
      relatedModule: 'Users',
      system: true,
    },
    {
      name: 'assigned_user_id',
      type: 'id',
      label: { fa: 'شناسه کاربر مسئول', en: 'Assigned User Id' },
      relatedModule: 'Users',
    },
    {
      name: 'assigned_user_name',
      type: 'relate',
      label: { fa: 'کاربر مسئول', en: 'Assigned to' },
      relatedModule: 'Users',
      idName: 'assigned_user_id',
    },
    { name: 'description', type: 'text', label: { fa: 'توضیحات', en: 'Description' } },
  ];
}

/** docs/vendors.md: phone numbers come back as flat fields; Save takes them as the doc's `numbers` list. */
function phones(): SarvFieldSpec[] {
  const g = 'phones';
  return [
    { name: 'primary_number', type: 'phone', label: { fa: 'شماره اصلی', en: 'Primary Number' }, len: 30, group: g },
    {
      name: 'primary_number_raw',
      type: 'varchar',
      label: { fa: 'شماره اصلی (خام)', en: 'Primary Number (raw)' },
      len: 30,
      group: g,
      calculated: true,
    },
    {
      name: 'primary_number_country_code',
      type: 'varchar',
      label: { fa: 'کد کشور', en: 'Country Code' },
      len: 6,
      group: g,
      calculated: true,
    },
    { name: 'sms_number', type: 'phone', label: { fa: 'شماره پیامک', en: 'SMS Number' }, len: 30, group: g },
    { name: 'fax_number', type: 'phone', label: { fa: 'شماره فکس', en: 'Fax Number' }, len: 30, group: g },
  ];
}

const leadSources = [
  opt('Cold Call', 'تماس سرد', 'Cold Call'),
  opt('Existing Customer', 'مشتری فعلی', 'Existing Customer'),
  opt('Conference', 'همایش', 'Conference'),
  opt('Web Site', 'وب سایت', 'Web Site'),
  opt('Email', 'ایمیل', 'Email'),
  opt('Other', 'سایر', 'Other'),
];

const accounts: SarvModuleSpec = {
  name: 'Accounts',
  table: 'accounts',
  label: { fa: 'حساب ها', en: 'Accounts' },
  fields: [
    ...common(),
    { name: 'name', type: 'name', label: { fa: 'نام', en: 'Name' }, len: 150, required: true },
    {
      name: 'account_type',
      type: 'enum',
      label: { fa: 'نوع', en: 'Type' },
      options: [
        opt('Customer', 'مشتری', 'Customer'),
        opt('Partner', 'شریک', 'Partner'),
        opt('Prospect', 'مشتری بالقوه', 'Prospect'),
        opt('Competitor', 'رقیب', 'Competitor'),
        opt('Other', 'سایر', 'Other'),
      ],
      defaultValue: 'Prospect',
    },
    {
      name: 'industry',
      type: 'enum',
      label: { fa: 'صنعت', en: 'Industry' },
      options: [
        opt('Banking', 'بانکداری', 'Banking'),
        opt('Technology', 'فناوری', 'Technology'),
        opt('Retail', 'خرده فروشی', 'Retail'),
        opt('Manufacturing', 'تولید', 'Manufacturing'),
        opt('Education', 'آموزش', 'Education'),
      ],
    },
    {
      name: 'services',
      type: 'multienum',
      label: { fa: 'خدمات', en: 'Services' },
      options: [
        opt('support', 'پشتیبانی', 'Support'),
        opt('training', 'آموزش', 'Training'),
        opt('hosting', 'میزبانی', 'Hosting'),
        opt('consulting', 'مشاوره', 'Consulting'),
      ],
    },
    { name: 'annual_revenue', type: 'currency', label: { fa: 'درآمد سالانه', en: 'Annual Revenue' }, len: 26 },
    { name: 'employees', type: 'int', label: { fa: 'تعداد کارکنان', en: 'Employees' }, len: 11 },
    { name: 'website', type: 'url', label: { fa: 'وب سایت', en: 'Website' }, len: 255 },
    { name: 'email1', type: 'email', label: { fa: 'ایمیل', en: 'Email' }, len: 100 },
    ...phones(),
    {
      name: 'billing_address_street',
      type: 'varchar',
      label: { fa: 'نشانی', en: 'Billing Street' },
      len: 150,
      group: 'billing_address',
    },
    {
      name: 'billing_address_city',
      type: 'varchar',
      label: { fa: 'شهر', en: 'Billing City' },
      len: 100,
      group: 'billing_address',
    },
    {
      name: 'billing_address_country',
      type: 'varchar',
      label: { fa: 'کشور', en: 'Billing Country' },
      len: 100,
      group: 'billing_address',
    },
    { name: 'is_vip', type: 'bool', label: { fa: 'مشتری ویژه', en: 'VIP' }, defaultValue: '0' },
    { name: 'date_established', type: 'date', label: { fa: 'تاریخ تاسیس', en: 'Established' } },
  ],
};

const contacts: SarvModuleSpec = {
  name: 'Contacts',
  table: 'contacts',
  label: { fa: 'افراد', en: 'Contacts' },
  fields: [
    ...common(),
    { name: 'first_name', type: 'varchar', label: { fa: 'نام', en: 'First Name' }, len: 100 },
    { name: 'last_name', type: 'varchar', label: { fa: 'نام خانوادگی', en: 'Last Name' }, len: 100, required: true },
    { name: 'title', type: 'varchar', label: { fa: 'سمت', en: 'Title' }, len: 100 },
    { name: 'account_id', type: 'id', label: { fa: 'شناسه حساب', en: 'Account Id' }, relatedModule: 'Accounts' },
    {
      name: 'account_name',
      type: 'relate',
      label: { fa: 'نام حساب', en: 'Account Name' },
      relatedModule: 'Accounts',
      idName: 'account_id',
    },
    { name: 'email1', type: 'email', label: { fa: 'ایمیل', en: 'Email' }, len: 100 },
    ...phones(),
    { name: 'birthdate', type: 'date', label: { fa: 'تاریخ تولد', en: 'Birthdate' } },
    { name: 'lead_source', type: 'enum', label: { fa: 'منبع', en: 'Lead Source' }, options: leadSources },
    { name: 'do_not_call', type: 'bool', label: { fa: 'تماس نگیرید', en: 'Do Not Call' }, defaultValue: '0' },
  ],
};

const leads: SarvModuleSpec = {
  name: 'Leads',
  table: 'leads',
  label: { fa: 'سرنخ', en: 'Leads' },
  fields: [
    ...common(),
    { name: 'first_name', type: 'varchar', label: { fa: 'نام', en: 'First Name' }, len: 100 },
    { name: 'last_name', type: 'varchar', label: { fa: 'نام خانوادگی', en: 'Last Name' }, len: 100, required: true },
    {
      name: 'type',
      type: 'enum',
      label: { fa: 'نوع', en: 'Type' },
      options: [opt('Individual', 'حقیقی', 'Individual'), opt('Organization', 'حقوقی', 'Organization')],
      defaultValue: 'Individual',
    },
    {
      name: 'status',
      type: 'enum',
      label: { fa: 'وضعیت', en: 'Status' },
      required: true,
      // The doc's GetModuleFields sample: New / Converted / Expired.
      options: [
        opt('New', 'جدید', 'New'),
        opt('Converted', 'تبدیل شده', 'Converted'),
        opt('Expired', 'منقضی شده', 'Expired'),
      ],
      defaultValue: 'New',
    },
    { name: 'lead_source', type: 'enum', label: { fa: 'منبع', en: 'Lead Source' }, options: leadSources },
    { name: 'account_name', type: 'varchar', label: { fa: 'نام شرکت', en: 'Company' }, len: 150 },
    { name: 'email1', type: 'email', label: { fa: 'ایمیل', en: 'Email' }, len: 100 },
    ...phones(),
    { name: 'next_call', type: 'datetime', label: { fa: 'تماس بعدی', en: 'Next Call' } },
  ],
};

const opportunities: SarvModuleSpec = {
  name: 'Opportunities',
  table: 'opportunities',
  label: { fa: 'فرصت ها', en: 'Opportunities' },
  fields: [
    ...common(),
    { name: 'name', type: 'name', label: { fa: 'نام فرصت', en: 'Opportunity Name' }, len: 150, required: true },
    { name: 'account_id', type: 'id', label: { fa: 'شناسه حساب', en: 'Account Id' }, relatedModule: 'Accounts' },
    {
      name: 'account_name',
      type: 'relate',
      label: { fa: 'نام حساب', en: 'Account Name' },
      relatedModule: 'Accounts',
      idName: 'account_id',
    },
    { name: 'amount', type: 'currency', label: { fa: 'مبلغ', en: 'Amount' }, len: 26, required: true },
    {
      name: 'sales_stage',
      type: 'enum',
      label: { fa: 'مرحله فروش', en: 'Sales Stage' },
      required: true,
      options: [
        opt('Prospecting', 'شناسایی', 'Prospecting'),
        opt('Qualification', 'ارزیابی', 'Qualification'),
        opt('Proposal', 'پیشنهاد', 'Proposal'),
        opt('Negotiation', 'مذاکره', 'Negotiation'),
        opt('Closed Won', 'برنده', 'Closed Won'),
        opt('Closed Lost', 'از دست رفته', 'Closed Lost'),
      ],
      defaultValue: 'Prospecting',
    },
    { name: 'probability', type: 'int', label: { fa: 'احتمال (%)', en: 'Probability (%)' }, len: 3 },
    { name: 'date_closed', type: 'date', label: { fa: 'تاریخ بستن', en: 'Expected Close Date' }, required: true },
    { name: 'lead_source', type: 'enum', label: { fa: 'منبع', en: 'Lead Source' }, options: leadSources },
    { name: 'next_step', type: 'varchar', label: { fa: 'قدم بعدی', en: 'Next Step' }, len: 100 },
  ],
};

export const sarvModules: readonly SarvModuleSpec[] = [accounts, contacts, leads, opportunities];

export function moduleSpec(name: string): SarvModuleSpec | undefined {
  return sarvModules.find((m) => m.name === name);
}

/** Whether the field is a real column (a `relate` display field is joined in, not stored). */
export function isColumn(f: SarvFieldSpec): boolean {
  return f.type !== 'relate';
}

/** The seeded users records are assigned to. */
export const sarvUsers = [
  { id: '1', user_name: 'admin', name: 'مدیر سیستم' },
  { id: 'c1d2e3f4-0000-4000-8000-000000000002', user_name: 'sara', name: 'سارا احمدی' },
  { id: 'c1d2e3f4-0000-4000-8000-000000000003', user_name: 'jan', name: 'Jan de Vries' },
] as const;
