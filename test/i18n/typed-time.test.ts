import { describe, expect, it } from 'vitest';
import { parseTypedDateTime, parseTypedTime, timeText } from '../../src/shared/i18n/typed-time.ts';

describe('typed times', () => {
  it('reads Latin, Persian and Arabic digits, with or without seconds', () => {
    expect(parseTypedTime('14:30')).toEqual({ hour: 14, minute: 30, second: null });
    expect(parseTypedTime('۱۴:۳۰')).toEqual({ hour: 14, minute: 30, second: null });
    expect(parseTypedTime('٩:٠٥:٠٧')).toEqual({ hour: 9, minute: 5, second: 7 });
    expect(parseTypedTime(' 7 : 5 ')).toEqual({ hour: 7, minute: 5, second: null });
  });

  it('refuses what is not a time of day', () => {
    for (const text of ['', '24:00', '12:60', '12:30:60', '1430', '12:', 'ab:cd', '۱۲:۳۰ ب.ظ'])
      expect(parseTypedTime(text), text).toBeNull();
  });

  it('writes HH:MM, or HH:MM:SS when seconds were typed', () => {
    expect(timeText({ hour: 9, minute: 5, second: null })).toBe('09:05');
    expect(timeText({ hour: 9, minute: 5, second: 0 })).toBe('09:05:00');
  });
});

describe('typed date-times', () => {
  it('reads a Solar Hijri date and a time in Persian digits', () => {
    expect(parseTypedDateTime('۱۴۰۵/۰۳/۲۱ ۱۴:۳۰', 'persian')).toEqual({
      date: '2026-06-11',
      time: { hour: 14, minute: 30, second: null },
    });
    expect(parseTypedDateTime('١٤٠٥-٣-٢١، ٨:٠٥:٠٩', 'persian')).toEqual({
      date: '2026-06-11',
      time: { hour: 8, minute: 5, second: 9 },
    });
    // Nowruz 1405 is 21 March 2026.
    expect(parseTypedDateTime('1405.1.1T00:00', 'persian')?.date).toBe('2026-03-21');
  });

  it('reads a Gregorian date and time when the calendar is Gregorian', () => {
    expect(parseTypedDateTime('2026-06-11 14:30', 'gregory')).toEqual({
      date: '2026-06-11',
      time: { hour: 14, minute: 30, second: null },
    });
  });

  it('takes a date alone as midnight', () => {
    expect(parseTypedDateTime('۱۴۰۵/۰۳/۲۱', 'persian')).toEqual({
      date: '2026-06-11',
      time: { hour: 0, minute: 0, second: null },
    });
  });

  it('refuses a date or a time that is not real', () => {
    for (const text of ['', '۱۴۰۵/۱۲/۳۰ ۱۰:۰۰', '۱۴۰۵/۰۳/۲۱ ۲۵:۰۰', '۱۴۰۵/۰۳ ۱۰:۰۰', 'tomorrow 10:00', '۱۰:۰۰'])
      expect(parseTypedDateTime(text, 'persian'), text).toBeNull();
    // 1403 is a leap year: its Esfand has 30 days.
    expect(parseTypedDateTime('۱۴۰۳/۱۲/۳۰ ۱۰:۰۰', 'persian')?.date).toBe('2025-03-20');
  });
});
