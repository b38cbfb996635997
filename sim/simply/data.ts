import { Rand } from '../common/random.ts';
import { company, isoDate, pastEpochSeconds, person, sentence } from '../common/people.ts';
import { MULTI_SEPARATOR, picklists, type ModuleSpec } from './schema.ts';

/** vtiger keeps every value as a string; the webservice answers strings too (docs/vendors.md). */
export type VtRow = Record<string, string>;

/** The seeded users (Users module keys 1..n); key 1 is the API user. */
export const seededUsers = [
  { user_name: 'admin', first_name: 'Ada', last_name: 'Admin', email1: 'admin@simply.example', is_admin: '1' },
  { user_name: 'sanne', first_name: 'Sanne', last_name: 'de Vries', email1: 'sanne@simply.example', is_admin: '0' },
  { user_name: 'reza', first_name: 'رضا', last_name: 'کریمی', email1: 'reza@simply.example', is_admin: '0' },
  { user_name: 'chloe', first_name: 'Chloé', last_name: "O'Reilly", email1: 'chloe@simply.example', is_admin: '0' },
] as const;

export interface GenContext {
  seed: string;
  /** Seeded records per entity module (references point inside this range). */
  size: number;
  prefixOf(module: string): string;
}

/** "YYYY-MM-DD HH:MM:SS" in UTC, vtiger's database format. */
export function vtDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Milliseconds of the seeded last modification of a record, cheap to compute without the row. */
export function seededModifiedMs(seed: string, module: string, key: number): number {
  return pastEpochSeconds(new Rand(seed, module, key, 'modified')) * 1000;
}

export function generateRow(spec: ModuleSpec, key: number, ctx: GenContext): VtRow {
  const r = new Rand(ctx.seed, spec.name, key);
  if (spec.name === 'Users') return userRow(key);
  const modifiedMs = seededModifiedMs(ctx.seed, spec.name, key);
  const createdMs = modifiedMs - r.int(0, 400) * 86_400_000;
  const ref = (module: string) => `${ctx.prefixOf(module)}x${r.int(1, Math.max(1, ctx.size))}`;
  const userId = `${ctx.prefixOf('Users')}x${r.int(1, seededUsers.length)}`;
  const common: VtRow = {
    assigned_user_id: userId,
    createdtime: vtDateTime(createdMs),
    modifiedby: userId,
    description: r.chance(0.7) ? sentence(r) : '',
  };
  const persian = r.chance(0.15);
  switch (spec.name) {
    case 'Accounts': {
      const c = company(r, persian);
      return {
        accountname: c.name,
        account_no: `ACC${key}`,
        website: c.website,
        phone: c.phone,
        email1: c.email,
        account_id: r.chance(0.1) ? ref('Accounts') : '',
        employees: String(c.employees),
        industry: r.pick(picklists.industry),
        accounttype: r.pick(picklists.accounttype),
        rating: r.chance(0.8) ? r.pick(picklists.rating) : '',
        annual_revenue: c.revenue.toFixed(8),
        emailoptout: r.chance(0.2) ? '1' : '0',
        cf_851: r.some(picklists.interests, 3).join(MULTI_SEPARATOR),
        cf_853: r.chance(0.7) ? isoDate(r) : '',
        bill_street: c.street,
        bill_city: c.city,
        bill_code: c.zip,
        bill_country: c.country,
        ...common,
      };
    }
    case 'Contacts': {
      const p = person(r, persian);
      return {
        contact_no: `CON${key}`,
        salutationtype: r.pick(picklists.salutationtype),
        firstname: p.firstName,
        lastname: p.lastName,
        account_id: r.chance(0.9) ? ref('Accounts') : '',
        title: p.title,
        email: p.email,
        phone: p.phone,
        mobile: p.mobile,
        birthday: r.chance(0.5) ? isoDate(r, 1950, 2003) : '',
        leadsource: r.pick(picklists.leadsource),
        emailoptout: r.chance(0.2) ? '1' : '0',
        donotcall: r.chance(0.1) ? '1' : '0',
        mailingcity: company(r).city,
        mailingcountry: company(r).country,
        ...common,
      };
    }
    case 'Leads': {
      const p = person(r, persian);
      const c = company(r, persian);
      return {
        lead_no: `LEA${key}`,
        salutationtype: r.pick(picklists.salutationtype),
        firstname: p.firstName,
        lastname: p.lastName,
        company: c.name,
        designation: p.title,
        email: p.email,
        phone: p.phone,
        mobile: p.mobile,
        website: c.website,
        leadsource: r.pick(picklists.leadsource),
        leadstatus: r.pick(picklists.leadstatus),
        industry: r.pick(picklists.industry),
        rating: r.chance(0.6) ? r.pick(picklists.rating) : '',
        annualrevenue: c.revenue.toFixed(8),
        noofemployees: String(c.employees),
        emailoptout: r.chance(0.2) ? '1' : '0',
        city: c.city,
        country: c.country,
        ...common,
      };
    }
    case 'Potentials': {
      const c = company(r, persian);
      return {
        potentialname: `${c.name} – ${r.pick(['renewal', 'expansion', 'pilot', 'new licence', 'support contract'])}`,
        potential_no: `POT${key}`,
        related_to: ref('Accounts'),
        contact_id: r.chance(0.7) ? ref('Contacts') : '',
        amount: (r.int(500, 250_000) + r.int(0, 99) / 100).toFixed(8),
        closingdate: isoDate(r, 2024, 2027),
        sales_stage: r.pick(picklists.sales_stage),
        probability: String(r.int(0, 20) * 5) + '.000',
        opportunity_type: r.pick(picklists.opportunity_type),
        leadsource: r.pick(picklists.leadsource),
        nextstep: r.chance(0.5) ? (sentence(r).split('\n')[0] ?? '') : '',
        ...common,
      };
    }
    default:
      return { ...common };
  }
}

function userRow(key: number): VtRow {
  const u = seededUsers[key - 1] ?? seededUsers[1];
  return { ...u, user_name: key <= seededUsers.length ? u.user_name : `user${key}`, status: 'Active' };
}
