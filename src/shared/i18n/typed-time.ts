import { toLatinDigits } from './digits.ts';
import { parseTypedDate } from './jalali.ts';

/** A time of day as typed: hours 0–23, minutes and seconds 0–59; `second` is null when none was typed. */
export interface TypedTime {
  hour: number;
  minute: number;
  second: number | null;
}

const TIME = /^(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2}))?$/;

/** `H:MM` or `H:MM:SS` in Latin, Persian or Arabic digits, or null when it is not a real time of day. */
export function parseTypedTime(text: string): TypedTime | null {
  const m = TIME.exec(toLatinDigits(text).trim());
  if (!m) return null;
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  const second = m[3] === undefined ? null : Number(m[3]);
  if (hour > 23 || minute > 59 || (second !== null && second > 59)) return null;
  return { hour, minute, second };
}

const two = (n: number) => String(n).padStart(2, '0');

/** `HH:MM`, or `HH:MM:SS` when seconds were typed: the form time fields hold. */
export function timeText({ hour, minute, second }: TypedTime): string {
  return second === null ? `${two(hour)}:${two(minute)}` : `${two(hour)}:${two(minute)}:${two(second)}`;
}

/** A date with a time of day, as typed into a date-time field (the time is on the wall clock). */
export interface TypedDateTime {
  /** `YYYY-MM-DD` (Gregorian). */
  date: string;
  time: TypedTime;
}

// The time at the end, after a space, a `T` or a comma (Latin or Arabic).
const TIME_AT_END = /(?:^|\s+|\s*[T,،]\s*)(\d{1,2}\s*:\s*\d{1,2}(?:\s*:\s*\d{1,2})?)\s*$/;

/**
 * A date and a time as a user types them: the date as `parseTypedDate` reads it (Solar Hijri with
 * `calendar: 'persian'`), then the time (`۱۴۰۵/۰۳/۲۱ ۱۴:۳۰`). A date alone is midnight. Null when
 * either part is not real.
 */
export function parseTypedDateTime(text: string, calendar: 'persian' | 'gregory'): TypedDateTime | null {
  const latin = toLatinDigits(text).trim();
  const m = TIME_AT_END.exec(latin);
  const datePart = m ? latin.slice(0, m.index) : latin;
  const time = m ? parseTypedTime(m[1] ?? '') : { hour: 0, minute: 0, second: null };
  const date = parseTypedDate(datePart, calendar);
  return date !== null && time !== null ? { date, time } : null;
}
