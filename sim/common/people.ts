import { Rand } from './random.ts';

/**
 * Realistic values for seeded records. Lists deliberately include non-ASCII names, Persian text, and
 * values with quotes, commas, apostrophes, newlines and formula-like prefixes, so every layer (query
 * escaping, CSV, XLSX, right-to-left rendering) meets them in ordinary data.
 */
const firstNames = [
  'Anna',
  'Jan',
  'Pieter',
  'Sophie',
  'Lars',
  'Émilie',
  'José',
  'Zoë',
  'Jürgen',
  'Søren',
  'Chloé',
  'Mateo',
  'Olivia',
  'Noah',
  'Liam',
  'Emma',
  'Fatima',
  'Yusuf',
  'Aiko',
  'Wei',
  'Priya',
  'Arjun',
  "D'Arcy",
  'Seán',
  'Małgorzata',
  'Björn',
  'Ana',
  'Lucía',
  'Mohammed',
  'Sara',
];
const lastNames = [
  'de Vries',
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Müller',
  'Schröder',
  "O'Reilly",
  'García',
  'Núñez',
  'Ødegaard',
  'Kowalski',
  'Nakamura',
  'Chen',
  'Patel',
  'Okafor',
  'Dubois',
  'Rossi',
  'Andersson',
  'Novák',
  'van den Berg',
  'Smith',
  'Johnson',
  'Brown',
  'Nguyễn',
  'Łukasz',
  "D'Angelo",
  'Fernández',
];
const persianFirst = ['علی', 'مریم', 'رضا', 'زهرا', 'حسین', 'فاطمه', 'محمد', 'سارا', 'امیر', 'نرگس'];
const persianLast = ['احمدی', 'محمدی', 'حسینی', 'رضایی', 'کریمی', 'موسوی', 'جعفری', 'صادقی', 'نوری', 'کاظمی'];
const companyStems = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Tyrell',
  'Cyberdyne',
  'Nordwind',
  'Zuiderzee',
  'Fjällräven',
  'Café Noir',
  'Brückner',
  'Société Générale du Nord',
  'Dunder Mifflin',
  'Soylent',
  'Wonka',
  'Gringotts',
  'Oceanic',
  'Massive Dynamic',
  'Aperture',
  'Black Mesa',
];
const companySuffixes = [' B.V.', ' GmbH', ' Ltd', ' Inc.', ' & Co', ' S.A.', ' AB', ' LLC', ' N.V.', ''];
const persianCompanies = ['پارس تجارت', 'صنایع نوین', 'آریا سیستم', 'بازرگانی ایران', 'فناوران سپهر'];
const oddCompanies = [
  'Smith, Jones and "Partners"',
  "O'Reilly & Sons",
  '=SUM(A1:A9) Holdings',
  '+31 Trading',
  '-Minus Design',
  '@Home Interiors',
  'Line\nBreak Logistics',
  "x' or 1=1 --",
  '100% Organic',
  'Under_score Labs',
  'Star * Systems',
];
const streets = ['Main Street', 'Keizersgracht', 'Hauptstraße', 'Rue de la Paix', 'Calle Mayor', 'Baker Street'];
const cities = [
  'Amsterdam',
  'Rotterdam',
  'Berlin',
  'München',
  'Paris',
  'Madrid',
  'London',
  'Tehran',
  'Zürich',
  'Kraków',
];
const countries = ['Netherlands', 'Germany', 'France', 'Spain', 'United Kingdom', 'Iran', 'Switzerland', 'Poland'];
const domains = ['example.com', 'example.org', 'example.net', 'mail.example', 'bedrijf.example'];
const words = [
  'quarterly',
  'review',
  'renewal',
  'budget',
  'meeting',
  'follow-up',
  'proposal',
  'contract',
  'pilot',
  'rollout',
  'training',
  'support',
  'migration',
  'invoice',
  'discount',
  'upsell',
  'workshop',
];

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  mobile: string;
  title: string;
}
export interface Company {
  name: string;
  website: string;
  phone: string;
  email: string;
  street: string;
  city: string;
  zip: string;
  country: string;
  employees: number;
  revenue: number;
  description: string;
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '')
    .toLowerCase() || 'user';

export function person(r: Rand, persian = false): Person {
  const firstName = persian && r.chance(0.6) ? r.pick(persianFirst) : r.pick(firstNames);
  const lastName = persian && r.chance(0.6) ? r.pick(persianLast) : r.pick(lastNames);
  const n = r.int(1, 999);
  return {
    firstName,
    lastName,
    email: `${ascii(firstName)}.${ascii(lastName)}${n}@${r.pick(domains)}`,
    phone: `+31 20 ${r.int(100, 999)} ${r.int(1000, 9999)}`,
    mobile: `+31 6 ${r.int(1000, 9999)} ${r.int(1000, 9999)}`,
    title: r.pick(['CEO', 'CFO', 'Sales Manager', 'Buyer', 'Engineer', 'Office Manager', 'Consultant']),
  };
}

export function company(r: Rand, persian = false): Company {
  const name =
    persian && r.chance(0.5)
      ? r.pick(persianCompanies)
      : r.chance(0.08)
        ? r.pick(oddCompanies)
        : r.pick(companyStems) + r.pick(companySuffixes);
  const slug = ascii(name).slice(0, 20);
  const city = r.pick(cities);
  return {
    name,
    website: `https://www.${slug}.example`,
    phone: `+31 ${r.int(10, 99)} ${r.int(100, 999)} ${r.int(1000, 9999)}`,
    email: `info@${slug}.example`,
    street: `${r.pick(streets)} ${r.int(1, 250)}`,
    city,
    zip: `${r.int(1000, 9999)} ${String.fromCharCode(65 + r.int(0, 25))}${String.fromCharCode(65 + r.int(0, 25))}`,
    country: r.pick(countries),
    employees: r.int(1, 5000),
    revenue: Math.round(r.next() * 10_000_000) / 100,
    description: sentence(r),
  };
}

export function sentence(r: Rand): string {
  const n = r.int(3, 9);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(r.pick(words));
  let s = parts.join(' ');
  s = s.charAt(0).toUpperCase() + s.slice(1) + '.';
  if (r.chance(0.1)) s += '\nSecond line, with "quotes", commas and an apostrophe\'s mark.';
  return s;
}

/** A date between 2019-01-01 and 2026-10-31 as YYYY-MM-DD. */
export function isoDate(r: Rand, fromYear = 2019, toYear = 2026): string {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear, 9, 31);
  return new Date(start + Math.floor(r.next() * (end - start))).toISOString().slice(0, 10);
}

/** Seconds since the epoch, spread over the two years before 2026-11-01, for "last modified". */
export function pastEpochSeconds(r: Rand): number {
  const end = Date.UTC(2026, 10, 1) / 1000;
  return Math.floor(end - r.next() * 2 * 365 * 86400);
}
