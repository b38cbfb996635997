import { Rand } from '../common/random.ts';
import { company, isoDate, pastEpochSeconds, person, sentence } from '../common/people.ts';
import { CREATED_KEY } from './fields.ts';

/** A stored row: field-list key -> stored value (SmartSimple stores and returns every value as text). */
export type SsRow = Record<string, string>;

/** Record ids are large integers in SmartSimple ("6048788" in the doc); each module has its own range. */
export const ID_BASE = { company: 5_000_000, levelone: 6_000_000, user: 3_100_000 } as const;
export type SsModule = keyof typeof ID_BASE;

interface SimUser {
  id: string;
  first: string;
  last: string;
  email: string;
  /** The display value of a "Lookup - User" field (first and last name). */
  name: string;
}

function user(key: number, first: string, last: string, email: string): SimUser {
  return { id: String(ID_BASE.user + key), first, last, email, name: `${first} ${last}` };
}

/**
 * The instance's users: owners and "created by" of level-one records, and the records of the User record
 * type (a fixed set: the simulator takes no writes to users through the API).
 */
export const users: readonly SimUser[] = [
  user(1, 'Anna', 'de Vries', 'anna@simgrants.example'),
  user(2, 'José', 'García', 'jose@simgrants.example'),
  user(3, 'مریم', 'احمدی', 'maryam@simgrants.example'),
  user(4, 'Seán', "O'Reilly", 'sean@simgrants.example'),
  user(5, 'Zoë', 'Müller', 'zoe@simgrants.example'),
];

/** A user as a stored row of the User record type. */
export function userRow(seed: string, key: number): SsRow {
  const u = users[key - 1];
  if (!u) throw new Error(`no user ${key}`);
  const created = baseModifiedMs(seed, 'user', key) - 400 * 86_400_000;
  return {
    'sf_First Name': u.first,
    'sf_Last Name': u.last,
    sf_Email: u.email,
    [CREATED_KEY]: formatDateTime(created),
  };
}

/** `YYYY-MM-DD HH:MM:SS`, the doc's date-time format (sample response), in the instance's time (UTC here). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function baseModifiedMs(seed: string, module: SsModule, key: number): number {
  return pastEpochSeconds(new Rand(seed, 'smartsimple', module, key, 'modified')) * 1000;
}

function createdFor(r: Rand, modifiedMs: number): string {
  return formatDateTime(modifiedMs - r.int(0, 400) * 86_400_000 - r.int(0, 86_399) * 1000);
}

const industries = ['Healthcare', 'Education', 'Non-profit', 'Government', 'Arts', 'Research', 'Technology'];
const provinces = ['Noord-Holland', 'Bayern', 'Île-de-France', 'Ontario', 'تهران', ''];

export function generateCompany(seed: string, key: number): SsRow {
  const r = new Rand(seed, 'smartsimple', 'company', key);
  const c = company(r, r.chance(0.15));
  return {
    sf_Name: c.name,
    sf_Address: c.street,
    sf_City: c.city,
    'sf_State/Province': r.pick(provinces),
    sf_Country: c.country,
    'sf_Postal Code': c.zip,
    sf_Phone: r.chance(0.9) ? c.phone : '',
    'sf_Web Site': r.chance(0.8) ? c.website : '',
    cf_Industry: r.pick(industries),
    cf_Employees: String(c.employees),
    [CREATED_KEY]: createdFor(r, baseModifiedMs(seed, 'company', key)),
  };
}

const projectWords = ['Community', 'Youth', 'Clean Water', 'Digital', 'Heritage', 'Research', 'Mobility', 'Arts'];
const projectKinds = ['Programme', 'Initiative', 'Fund', 'Pilot', 'Study', 'Outreach'];

export function generateLevelOne(seed: string, key: number, companyCount: number): SsRow {
  const r = new Rand(seed, 'smartsimple', 'levelone', key);
  const p = person(r, r.chance(0.15));
  const start = isoDate(r, 2020, 2026);
  const end = r.chance(0.8) ? isoDate(r, Number(start.slice(0, 4)), 2026) : '';
  const creator = r.pick(users);
  const name = r.chance(0.1)
    ? company(r).name
    : `${r.pick(projectWords)} ${r.pick(projectKinds)} ${2019 + r.int(1, 7)}`;
  return {
    sf_Name: name,
    sf_Type: String(r.int(1, 3)),
    sf_Status: String(r.int(1, 5)),
    'sf_Start Date': start,
    'sf_End Date': end && end >= start ? end : '',
    sf_Customer: companyCount > 0 && r.chance(0.9) ? String(ID_BASE.company + r.int(1, companyCount)) : '',
    sf_Owner: r.pick(users).id,
    'cf_Requested Amount': (r.int(1000, 2_500_000) / 10).toFixed(2),
    'cf_Program Areas': r.some(['1', '2', '3', '4'], 3).sort().join(';'),
    'cf_Contact Email': r.chance(0.85) ? p.email : '',
    cf_Website: r.chance(0.5) ? `https://grants.example/${key}` : '',
    cf_Phone: r.chance(0.7) ? p.phone : '',
    cf_Summary: r.chance(0.8) ? sentence(r) : '',
    'cf_Is Renewal': r.chance(0.3) ? '1' : '0',
    cf_Score: r.chance(0.7) ? String(r.int(0, 100)) : '',
    'sf_Created By': creator.name,
    [CREATED_KEY]: createdFor(r, baseModifiedMs(seed, 'levelone', key)),
  };
}
