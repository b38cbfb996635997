import type { Language } from '../../../shared/i18n/index.ts';

/**
 * Intl formatters for one language and calendar choice. English: Gregorian, Latin digits, the OS's
 * English variant (en-GB keeps its day-first dates). Persian: Solar Hijri and Persian digits, or with
 * `localCalendar` off Gregorian and Latin digits. Only for display: values sent to vendors and exported
 * keep their own format.
 */
export class Formats {
  readonly language: Language;
  readonly localCalendar: boolean;
  /** The BCP 47 tag every formatter here uses. */
  readonly locale: string;
  readonly calendar: 'persian' | 'gregory';
  private readonly numberFmt: Intl.NumberFormat;
  private readonly moneyFmt: Intl.NumberFormat;
  private readonly dateFmt: Intl.DateTimeFormat;
  private readonly dateTimeFmt: Intl.DateTimeFormat;
  private readonly integerFmt: Intl.NumberFormat;

  constructor(language: Language, localCalendar: boolean, systemTag?: string) {
    this.language = language;
    this.localCalendar = localCalendar;
    const persian = language === 'fa' && localCalendar;
    this.calendar = persian ? 'persian' : 'gregory';
    const base = language === 'fa' ? 'fa-IR' : englishTag(systemTag);
    this.locale = `${base}-u-ca-${this.calendar}-nu-${persian ? 'arabext' : 'latn'}`;
    this.numberFmt = new Intl.NumberFormat(this.locale, { maximumFractionDigits: 6 });
    this.integerFmt = new Intl.NumberFormat(this.locale, { maximumFractionDigits: 0, useGrouping: false });
    this.moneyFmt = new Intl.NumberFormat(this.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    this.dateFmt = new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone: 'UTC' });
    this.dateTimeFmt = new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' });
  }

  number(n: number): string {
    return this.numberFmt.format(n);
  }

  /** A count or an id-like number in messages: the language's digits, no grouping. */
  count(n: number): string {
    return this.integerFmt.format(n);
  }

  money(n: number): string {
    return this.moneyFmt.format(n);
  }

  /** A calendar date (`YYYY-MM-DD`, no time zone); the text itself when it is not one. */
  date(iso: string): string {
    const d = new Date(`${iso}T00:00:00Z`);
    return Number.isNaN(d.getTime()) ? iso : this.dateFmt.format(d);
  }

  /** An instant, in the user's time zone; the text itself when it is not one. */
  dateTime(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : this.dateTimeFmt.format(d);
  }

  /** Latin digits in `text` written in this language's digits (for ids, counts already formatted). */
  digits(text: string): string {
    if (this.locale.includes('-nu-latn')) return text;
    return text.replace(/\d/g, (d) => this.integerFmt.format(Number(d)));
  }
}

function englishTag(systemTag: string | undefined): string {
  if (!systemTag) return 'en-US';
  try {
    const tag = Intl.getCanonicalLocales(systemTag)[0] ?? 'en-US';
    return tag.toLowerCase().startsWith('en') ? (tag.split('-u-')[0] ?? 'en-US') : 'en-US';
  } catch {
    return 'en-US';
  }
}
