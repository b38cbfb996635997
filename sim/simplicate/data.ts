import { Rand } from '../common/random.ts';
import { company, isoDate, pastEpochSeconds, person, sentence } from '../common/people.ts';
import { encodeId, formatDateTime } from './ids.ts';
import type { Lookups } from './lookups.ts';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The four modules the simulator serves, with their id prefix (`organization:abc...`). */
export const simModules = {
  'crm/organization': { prefix: 'organization', web: 'crm/organizations' },
  'crm/person': { prefix: 'person', web: 'crm/persons' },
  'sales/sales': { prefix: 'sales', web: 'sales/sales' },
  'projects/project': { prefix: 'project', web: 'projects/projects' },
} as const;
export type SimModuleId = keyof typeof simModules;
export const isSimModule = (m: string): m is SimModuleId => Object.hasOwn(simModules, m);

const countryCodes: Record<string, string> = {
  Netherlands: 'NL',
  Germany: 'DE',
  France: 'FR',
  Spain: 'ES',
  'United Kingdom': 'GB',
  Iran: 'IR',
  Switzerland: 'CH',
  Poland: 'PL',
};

export interface DataContext {
  seed: string;
  size: number;
  lookups: Lookups;
}

export const recordId = (ctx: DataContext, module: SimModuleId, key: number) =>
  encodeId(simModules[module].prefix, ctx.seed, module, key);

/** When the seeded row was last modified: spread over the two years before 2026-11-01. */
export function baseModifiedMs(ctx: DataContext, module: SimModuleId, key: number): number {
  return pastEpochSeconds(new Rand(ctx.seed, module, key, 'modified')) * 1000;
}

function createdAt(ctx: DataContext, module: SimModuleId, key: number): string {
  const modified = baseModifiedMs(ctx, module, key);
  const r = new Rand(ctx.seed, module, key, 'created');
  return formatDateTime(modified - r.int(0, 400) * 86_400_000 - r.int(0, 86_399) * 1000);
}

/** A key of another module's seeded rows, for references between modules. */
const refKey = (ctx: DataContext, key: number, salt: number) => ((key * salt) % ctx.size) + 1;

/** Generates seeded row `key` of `module` in Simplicate's GET shape (derived parts added on output). */
export function generateRow(ctx: DataContext, module: SimModuleId, key: number): JsonObject {
  const r = new Rand(ctx.seed, module, key);
  const L = ctx.lookups;
  const base = {
    id: recordId(ctx, module, key),
    created_at: createdAt(ctx, module, key),
  };
  const webUrl = `https://demo.simplicate.example/${simModules[module].web}/view/id/${base.id}`;
  if (module === 'crm/organization') {
    const c = company(r, key % 7 === 0);
    const address = {
      id: `address:${base.id.slice(13)}`,
      type: 'visiting',
      line_1: c.street,
      postal_code: c.zip,
      locality: c.city,
      country: c.country,
      country_code: countryCodes[c.country] ?? 'NL',
    };
    const cf: JsonObject[] = [];
    if (r.chance(0.6)) cf.push({ name: 'external_link', value: `https://docs.example/${key}` });
    if (r.chance(0.7))
      cf.push({ name: 'part_of_country', value: r.pick(['North', 'East', 'South', 'West', 'Centre']) });
    return {
      ...base,
      name: c.name,
      coc_code: String(r.int(10_000_000, 99_999_999)),
      vat_number: `NL${r.int(100_000_000, 999_999_999)}B01`,
      email: c.email,
      phone: c.phone,
      url: c.website,
      note: c.description,
      linkedin_url: r.chance(0.3) ? `https://www.linkedin.com/company/${key}` : null,
      has_different_postal_address: false,
      is_active: r.chance(0.9),
      relation_number: String(1000 + key),
      bank_account: r.chance(0.5) ? `NL${r.int(10, 99)}BANK0${r.int(100_000_000, 999_999_999)}` : null,
      allow_autocollect: r.chance(0.2),
      visiting_address: address,
      postal_address: { ...address, type: 'postal' },
      relation_type: r.pick(L.relationTypes),
      relation_manager: r.pick(L.employees),
      industry: r.pick(L.industries),
      organizationsize: r.pick(L.organizationSizes),
      simplicate_url: webUrl,
      custom_fields: cf,
    };
  }
  if (module === 'crm/person') {
    const p = person(r, key % 9 === 0);
    const prefix = r.chance(0.15) ? r.pick(['van', 'de', 'van der']) : null;
    const cf: JsonObject[] = r.chance(0.5) ? [{ name: 'shoe_size', value: String(r.int(36, 47)) }] : [];
    return {
      ...base,
      first_name: p.firstName,
      family_name_prefix: prefix,
      family_name: p.lastName,
      full_name: [p.firstName, prefix, p.lastName].filter(Boolean).join(' '),
      initials: `${p.firstName.charAt(0)}.`,
      gender: r.pick(['Male', 'Female', 'Unknown']),
      email: p.email,
      phone: p.phone,
      date_of_birth: r.chance(0.7) ? isoDate(r, 1950, 2004) : null,
      note: r.chance(0.4) ? sentence(r) : null,
      website_url: null,
      linkedin_url: r.chance(0.3) ? `https://www.linkedin.com/in/p${key}` : null,
      relation_number: String(5000 + key),
      is_active: r.chance(0.92),
      relation_type: r.pick(L.relationTypes),
      relation_manager: r.pick(L.employees),
      simplicate_url: webUrl,
      custom_fields: cf,
    };
  }
  if (module === 'sales/sales') {
    const progress = r.pick(L.salesProgress);
    const start = isoDate(r, 2023, 2026);
    return {
      ...base,
      subject: `${r.pick(['Licence', 'Consultancy', 'Support contract', 'Rollout', 'Pilot'])} ${sentence(r).split(' ')[0]?.replace('.', '') ?? ''} #${key}`,
      organization_id: recordId(ctx, 'crm/organization', refKey(ctx, key, 7)),
      person_id: r.chance(0.5) ? recordId(ctx, 'crm/person', refKey(ctx, key, 11)) : null,
      responsible_employee: r.pick(L.employees),
      progress,
      status: r.pick(L.salesStatuses),
      source: r.pick(L.salesSources),
      start_date: start,
      expected_closing_date: r.chance(0.8) ? isoDate(r, Number(start.slice(0, 4)), 2026) : null,
      expected_revenue: Math.round(r.next() * 5_000_000) / 100,
      chance_to_score: progress.chance_to_score,
      note: r.chance(0.5) ? sentence(r) : null,
      status_updated_at: base.created_at,
      simplicate_url: webUrl,
      custom_fields: r.chance(0.5) ? [{ name: 'lead_score', value: String(r.int(0, 1000) / 10) }] : [],
    };
  }
  const start = isoDate(r, 2022, 2026);
  return {
    ...base,
    name: `${r.pick(['Website', 'ERP migration', 'Audit', 'Training', 'Data platform'])} ${key}`,
    project_number: `P${String(key).padStart(5, '0')}`,
    organization_id: recordId(ctx, 'crm/organization', refKey(ctx, key, 13)),
    person_id: null,
    project_manager: r.pick(L.employees),
    project_status: r.pick(L.projectStatuses),
    billable: r.chance(0.85),
    can_register_mileage: r.chance(0.3),
    start_date: start,
    end_date: r.chance(0.6) ? isoDate(r, Number(start.slice(0, 4)), 2026) : null,
    note: r.chance(0.4) ? sentence(r) : null,
    invoice_reference: r.chance(0.3) ? `PO-${r.int(1000, 9999)}` : null,
    simplicate_url: webUrl,
    custom_fields: [{ name: 'cost_center', value: r.pick(['CC-100', 'CC-200', 'CC-300']) }],
  };
}
