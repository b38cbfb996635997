import { Rand, hashString } from '../common/random.ts';
import { company, isoDate, person, sentence } from '../common/people.ts';
import { sarvUsers } from './modules.ts';
import { dbDatetime, encodeMulti, phoneColumns, type DbRow } from './values.ts';

/**
 * Seeded rows, generated from (seed, module, key). Persian names and companies are mixed in (Sarv is an
 * Iranian CRM); references point at other seeded rows through `refId`.
 */
export function seededRow(
  seed: string,
  module: string,
  key: number,
  size: number,
  refId: (module: string, key: number) => string,
): DbRow {
  const r = new Rand(seed, 'sarv', module, key);
  const owner = r.pick(sarvUsers).id;
  // Created up to two years before its last change.
  const entered = seededModifiedMs(seed, module, key) - r.int(0, 730) * 86400_000 - r.int(0, 86399) * 1000;
  const base: DbRow = {
    date_entered: dbDatetime(entered),
    created_by: owner,
    assigned_user_id: owner,
    description: r.chance(0.7) ? sentence(r) : null,
  };
  const accountRef = () => (size > 0 && r.chance(0.85) ? refId('Accounts', r.int(1, size)) : null);
  switch (module) {
    case 'Accounts': {
      const c = company(r, true);
      return {
        ...base,
        name: c.name,
        account_type: r.pick(['Customer', 'Partner', 'Prospect', 'Competitor', 'Other']),
        industry: r.chance(0.8) ? r.pick(['Banking', 'Technology', 'Retail', 'Manufacturing', 'Education']) : null,
        services: encodeMulti(r.some(['support', 'training', 'hosting', 'consulting'], 3)),
        annual_revenue: c.revenue,
        employees: c.employees,
        website: c.website,
        email1: c.email,
        ...phoneColumns(c.phone),
        sms_number: null,
        fax_number: r.chance(0.3) ? c.phone.replace(/\d$/, '9') : null,
        billing_address_street: c.street,
        billing_address_city: c.city,
        billing_address_country: c.country,
        is_vip: r.chance(0.2) ? 1 : 0,
        date_established: isoDate(r, 1990, 2024),
      };
    }
    case 'Contacts': {
      const p = person(r, true);
      return {
        ...base,
        first_name: p.firstName,
        last_name: p.lastName,
        title: p.title,
        account_id: accountRef(),
        email1: p.email,
        ...phoneColumns(p.phone),
        sms_number: p.mobile,
        fax_number: null,
        birthdate: r.chance(0.6) ? isoDate(r, 1960, 2004) : null,
        lead_source: r.pick(['Cold Call', 'Existing Customer', 'Conference', 'Web Site', 'Email', 'Other']),
        do_not_call: r.chance(0.1) ? 1 : 0,
      };
    }
    case 'Leads': {
      const p = person(r, true);
      const c = company(r, true);
      return {
        ...base,
        first_name: p.firstName,
        last_name: p.lastName,
        type: r.pick(['Individual', 'Organization']),
        status: r.pick(['New', 'Converted', 'Expired']),
        lead_source: r.pick(['Cold Call', 'Conference', 'Web Site', 'Email', 'Other']),
        account_name: r.chance(0.7) ? c.name : null,
        email1: p.email,
        ...phoneColumns(p.mobile),
        sms_number: p.mobile,
        fax_number: null,
      };
    }
    case 'Opportunities': {
      const c = company(r, true);
      return {
        ...base,
        name: `${c.name} - ${r.pick(['تمدید قرارداد', 'Renewal', 'New license', 'پروژه جدید', 'Upgrade'])}`,
        account_id: accountRef(),
        amount: Math.round(r.next() * 500_000_00) / 100,
        sales_stage: r.pick(['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost']),
        probability: r.int(0, 10) * 10,
        date_closed: isoDate(r, 2025, 2027),
        lead_source: r.chance(0.5) ? r.pick(['Cold Call', 'Conference', 'Web Site']) : null,
        next_step: r.chance(0.5) ? sentence(r).slice(0, 100) : null,
        primary_number: null,
        primary_number_raw: null,
        primary_number_country_code: null,
        sms_number: null,
        fax_number: null,
      };
    }
    default:
      throw new Error(`no seed for module ${module}`);
  }
}

/** Base "last modified" of a seeded row: after its creation, before 2026-11-01. */
export function seededModifiedMs(seed: string, module: string, key: number): number {
  const h = hashString(`${seed}/${module}/${key}/modified`);
  return Date.UTC(2026, 9, 31) - (h % (300 * 86400)) * 1000;
}
