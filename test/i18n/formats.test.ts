import { describe, expect, it } from 'vitest';
import { Formats } from '../../src/renderer/src/i18n/formats.ts';

describe('formats for the language on screen', () => {
  it('English: Gregorian dates and Latin digits, in the OS English variant', () => {
    const us = new Formats('en', true, 'en-US');
    expect(us.date('2026-06-11')).toBe('Jun 11, 2026');
    expect(us.number(1234.5)).toBe('1,234.5');
    expect(us.count(1405)).toBe('1405');
    expect(new Formats('en', true, 'en-GB').date('2026-06-11')).toBe('11 Jun 2026');
    // An OS in another language still gets English formats in English mode.
    expect(new Formats('en', true, 'de-DE').number(1234.5)).toBe('1,234.5');
  });

  it('Persian: Solar Hijri dates and Persian digits, or Gregorian and Latin when turned off', () => {
    const local = new Formats('fa', true);
    expect(local.date('2026-06-11')).toBe('۲۱ خرداد ۱۴۰۵');
    expect(local.number(1234.5)).toBe('۱٬۲۳۴٫۵');
    expect(local.digits('rows 1–25')).toBe('rows ۱–۲۵');
    const off = new Formats('fa', false);
    expect(off.date('2026-06-11')).toMatch(/2026/);
    expect(off.date('2026-06-11')).not.toMatch(/[۰-۹]/);
    expect(off.number(1234.5)).toBe('1,234.5');
    expect(off.digits('25')).toBe('25');
  });

  it('leaves text that is not a date as it is', () => {
    expect(new Formats('fa', true).date('soon')).toBe('soon');
    expect(new Formats('en', true).dateTime('')).toBe('');
  });
});
