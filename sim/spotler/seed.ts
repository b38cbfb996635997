import { company, isoDate, pastEpochSeconds, person, sentence } from '../common/people.ts';
import { Rand } from '../common/random.ts';
import { lookupLists, objectByName, users } from './schema.ts';

/** A stored record in the vendor's own field names (ids as numbers, date-times "YYYY-MM-DD HH:MM:SS"). */
export type SpotlerRow = Record<string, unknown>;

/** The doc's date-time format: "2018-09-17 11:29:59" (no zone; the simulator keeps UTC). */
export function vendorDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function vendorDateTimeToMs(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

const pickList = (r: Rand, key: string) => r.pick(lookupLists[key] ?? ['']);
const maybe = <T>(r: Rand, p: number, v: T): T | null => (r.chance(p) ? v : null);

/** Id of the record with 1-based key `key` in `object`. */
export function idOf(object: string, key: number): number {
  return (objectByName(object)?.idBase ?? 0) + key;
}

/** The generator of record `key`; its first draw is the record's modifieddate (seconds). */
function rowRand(object: string, seed: string, key: number): { r: Rand; modifiedSec: number } {
  const r = new Rand(seed, 'spotler', object, key);
  return { r, modifiedSec: pastEpochSeconds(r) };
}

/** The seeded modifieddate of record `key`, in epoch seconds, without generating the rest of it. */
export function seededModifiedSec(object: string, seed: string, key: number): number {
  return rowRand(object, seed, key).modifiedSec;
}

/** Generates the seeded record `key` (1-based) of `object`, references pointing inside `size`. */
export function generateRow(object: string, seed: string, key: number, size: number): SpotlerRow {
  const { r, modifiedSec } = rowRand(object, seed, key);
  const createdSec = modifiedSec - r.int(0, 400 * 86400);
  const stamps = {
    createddate: vendorDateTime(createdSec * 1000),
    modifieddate: vendorDateTime(modifiedSec * 1000),
  };
  const owner = r.pick(users).id;
  const refKey = (salt: number) => ((key * 7919 + salt) % size) + 1;
  if (object === 'accounts') {
    const c = company(r, r.chance(0.15));
    return {
      id: idOf(object, key),
      name: c.name,
      addressline: maybe(r, 0.8, c.street),
      addresscity: c.city,
      'addresscounty/state': r.chance(0.3) ? '' : null,
      'addresspostcode/zip': c.zip,
      addresscountry: c.country,
      ownerid: owner,
      source: r.chance(0.7) ? pickList(r, 'accounts/source') : '',
      notes: maybe(r, 0.5, c.description),
      slaid: r.chance(0.5) ? 125357 : 0,
      phone: maybe(r, 0.8, c.phone),
      website: maybe(r, 0.7, c.website),
      email: maybe(r, 0.7, c.email),
      type: maybe(r, 0.9, pickList(r, 'accounts/type')),
      sector: maybe(r, 0.8, pickList(r, 'accounts/sector')),
      tags: r.some(lookupLists['accounts/tags'] ?? [], 3),
      creditlimit: maybe(r, 0.6, Math.round(r.next() * 5_000_000) / 100),
      employees: maybe(r, 0.7, c.employees),
      vatregistered: r.chance(0.6),
      lastcontactdate: maybe(r, 0.6, isoDate(r)),
      ...stamps,
    };
  }
  if (object === 'contacts') {
    const p = person(r, r.chance(0.15));
    const c = company(r);
    return {
      id: idOf(object, key),
      accountid: idOf('accounts', refKey(1)),
      title: maybe(r, 0.7, pickList(r, 'contacts/title')),
      forename: p.firstName,
      surname: p.lastName,
      jobtitle: p.title,
      email: p.email,
      phone: maybe(r, 0.7, p.phone),
      mobile: maybe(r, 0.6, p.mobile),
      addressline: maybe(r, 0.5, c.street),
      addresscity: c.city,
      'addresscounty/state': '',
      'addresspostcode/zip': c.zip,
      addresscountry: c.country,
      ownerid: owner,
      emailoptin: r.chance(0.4),
      dateofbirth: maybe(r, 0.3, isoDate(r, 1950, 2004)),
      notes: maybe(r, 0.3, sentence(r)),
      ...stamps,
    };
  }
  // opportunities
  const value = Math.round(r.next() * 25_000_000) / 100;
  return {
    id: idOf(object, key),
    name: `${r.pick(['Renewal', 'Upgrade', 'New licences', 'Consultancy', 'Support contract', 'Pilot'])} ${key}`,
    accountid: idOf('accounts', refKey(3)),
    contactid: maybe(r, 0.8, idOf('contacts', refKey(5))),
    ownerid: owner,
    stage: pickList(r, 'opportunities/stage'),
    status: pickList(r, 'opportunities/status'),
    probability: r.int(0, 10) * 10,
    value,
    closedate: isoDate(r, 2024, 2027),
    source: maybe(r, 0.6, pickList(r, 'opportunities/source')),
    description: maybe(r, 0.6, sentence(r)),
    ...stamps,
  };
}

/** Opportunity lines for `?lines=true` (the doc's example shape). */
export function generateLines(seed: string, opportunityId: number): SpotlerRow[] {
  const r = new Rand(seed, 'spotler', 'lines', opportunityId);
  const n = r.int(0, 3);
  const lines: SpotlerRow[] = [];
  for (let i = 1; i <= n; i++) {
    lines.push({
      id: opportunityId * 10 + i,
      opportunityid: opportunityId,
      product: r.pick(['User Subscription', 'Onboarding', 'Training day', 'Premium Support']),
      quantity: r.int(1, 50),
      unitprice: r.int(20, 900),
    });
  }
  return lines;
}
