import { describe, expect, it } from 'vitest';
import { parseLocalNumber, toLatinDigits } from '../../src/shared/i18n/digits.ts';
import {
  daysToJalali,
  isJalaliLeapYear,
  isoToJalali,
  jalaliToDays,
  jalaliToIso,
  parseTypedDate,
} from '../../src/shared/i18n/jalali.ts';

const DAY_MS = 86_400_000;
const isoOf = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);

/** Intl's own Solar Hijri parts of a day (ICU's `persian` calendar), with Latin digits to compare. */
const intlParts = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});
function intlJalali(days: number) {
  const parts = Object.fromEntries(intlParts.formatToParts(new Date(days * DAY_MS)).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}
/** What a Persian user sees for that day (Persian digits), as Intl writes it. */
const intlPersian = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-arabext', {
  timeZone: 'UTC',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

// 1 Farvardin 1300 to the last day of 1501: every day a CRM date is likely to hold, and far beyond.
const first = Date.UTC(1921, 2, 21) / DAY_MS;
const last = Date.UTC(2123, 2, 20) / DAY_MS;

describe('Solar Hijri conversion', () => {
  it('agrees with Intl on every day from 1300 to 1501', () => {
    const wrong: string[] = [];
    for (let d = first; d <= last; d++) {
      const mine = daysToJalali(d);
      const theirs = intlJalali(d);
      if (mine.year !== theirs.year || mine.month !== theirs.month || mine.day !== theirs.day)
        wrong.push(`${isoOf(d)}: ${JSON.stringify(mine)} vs ${JSON.stringify(theirs)}`);
      if (wrong.length > 5) break;
    }
    expect(wrong).toEqual([]);
  });

  it('round-trips: Intl-formatted Persian text typed back gives the same ISO day', () => {
    for (let d = first; d <= last; d += 13) {
      const shown = intlPersian.format(new Date(d * DAY_MS));
      expect(parseTypedDate(shown, 'persian'), shown).toBe(isoOf(d));
      expect(jalaliToDays(daysToJalali(d))).toBe(d);
    }
  });

  it('knows known dates and leap years', () => {
    expect(isoToJalali('2026-03-21')).toEqual({ year: 1405, month: 1, day: 1 });
    expect(jalaliToIso({ year: 1403, month: 12, day: 30 })).toBe('2025-03-20');
    expect(isJalaliLeapYear(1403)).toBe(true);
    expect(isJalaliLeapYear(1404)).toBe(false);
    expect(isoToJalali('2026-02-30')).toBeNull();
  });

  it('reads what a Persian user types: Persian, Arabic or Latin digits, / - or . between parts', () => {
    expect(parseTypedDate('۱۴۰۵/۰۳/۲۱', 'persian')).toBe('2026-06-11');
    expect(parseTypedDate('١٤٠٥-٣-٢١', 'persian')).toBe('2026-06-11');
    expect(parseTypedDate(' 1405.3.21 ', 'persian')).toBe('2026-06-11');
    expect(parseTypedDate('2026/6/11', 'gregory')).toBe('2026-06-11');
    expect(parseTypedDate('۲۰۲۶-۰۶-۱۱', 'gregory')).toBe('2026-06-11');
  });

  it('refuses what is not a date', () => {
    for (const text of ['', '۱۴۰۴/۱۲/۳۰', '1405/13/01', '1405/07/31', '1405/3', 'tomorrow', '1502/01/01']) {
      expect(parseTypedDate(text, 'persian'), text).toBeNull();
    }
    expect(parseTypedDate('2026-02-30', 'gregory')).toBeNull();
  });
});

describe('typed digits', () => {
  it('turns Persian and Arabic digits and separators into Latin ones', () => {
    expect(toLatinDigits('۱۲۳٫۵ و ٤٥٦')).toBe('123.5 و 456');
    expect(parseLocalNumber('۱٬۲۳۴٫۵')).toBe(1234.5);
    expect(parseLocalNumber('-٤٢')).toBe(-42);
    expect(parseLocalNumber('۱۲a')).toBeNull();
  });
});
