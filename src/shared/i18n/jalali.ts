import { toLatinDigits } from './digits.ts';

/**
 * The Solar Hijri (Persian) calendar, arithmetic form: the same rule as ICU's `persian` calendar (which
 * Intl uses), so a date converted here and one formatted by Intl agree. A year's leap day follows a
 * 33-year cycle: day 1 of year y is 365·(y−1) + ⌊(8y + 21) / 33⌋ days after day 1 of year 1, which is
 * 19 March 622 (Julian) = day −492268 counted from 1970-01-01.
 */
const EPOCH_DAY = -492268;
/**
 * From 1502 on, ICU moves some leap days a year later than the 33-year rule puts them (it follows the
 * astronomical calendar there), so the rule is only used up to 1501 (March 2123): later dates are not
 * converted (shown in ISO, refused when typed).
 */
export const MAX_JALALI_YEAR = 1501;
const DAY_MS = 86_400_000;

export interface JalaliDate {
  year: number;
  month: number;
  day: number;
}

function yearStart(year: number): number {
  return 365 * (year - 1) + Math.floor((8 * year + 21) / 33);
}

function monthStart(month: number): number {
  return month <= 6 ? 31 * (month - 1) : 30 * (month - 1) + 6;
}

export function isJalaliLeapYear(year: number): boolean {
  return yearStart(year + 1) - yearStart(year) === 366;
}

export function jalaliMonthLength(year: number, month: number): number {
  if (month <= 6) return 31;
  if (month <= 11) return 30;
  return isJalaliLeapYear(year) ? 30 : 29;
}

/** Days since 1970-01-01 of a Solar Hijri date (no range check: see `isValidJalali`). */
export function jalaliToDays({ year, month, day }: JalaliDate): number {
  return EPOCH_DAY + yearStart(year) + monthStart(month) + day - 1;
}

export function daysToJalali(days: number): JalaliDate {
  const sinceEpoch = days - EPOCH_DAY;
  let year = 1 + Math.floor((33 * sinceEpoch + 3) / 12053);
  // The estimate can be one year off at a year's edge.
  if (sinceEpoch < yearStart(year)) year -= 1;
  else if (sinceEpoch >= yearStart(year + 1)) year += 1;
  const dayOfYear = sinceEpoch - yearStart(year);
  const month = dayOfYear < 186 ? Math.floor(dayOfYear / 31) + 1 : Math.floor((dayOfYear - 6) / 30) + 1;
  return { year, month, day: dayOfYear - monthStart(month) + 1 };
}

export function isValidJalali({ year, month, day }: JalaliDate): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= MAX_JALALI_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= jalaliMonthLength(year, month)
  );
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` (Gregorian) of a Solar Hijri date. */
export function jalaliToIso(date: JalaliDate): string {
  const d = new Date(jalaliToDays(date) * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** The Solar Hijri date of a `YYYY-MM-DD` Gregorian date, or null when it is not one. */
export function isoToJalali(iso: string): JalaliDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCDate() !== Number(m[3]) || back.getUTCMonth() !== Number(m[2]) - 1) return null;
  const date = daysToJalali(Math.floor(ms / DAY_MS));
  return isValidJalali(date) ? date : null;
}

/**
 * A date as a user types it into a date field: year, month and day separated by `/`, `-` or `.`, in Latin,
 * Persian or Arabic digits. With `calendar: 'persian'` it is read as Solar Hijri (۱۴۰۵/۳/۲۱), else as
 * Gregorian. Returns the ISO date, or null when the text is not a real date.
 */
export function parseTypedDate(text: string, calendar: 'persian' | 'gregory'): string | null {
  const m = /^\s*(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$/.exec(toLatinDigits(text));
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (calendar === 'persian') {
    const date = { year, month, day };
    return isValidJalali(date) ? jalaliToIso(date) : null;
  }
  const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return year >= 1 && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : null;
}
