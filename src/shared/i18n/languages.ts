/** The languages the app speaks, and which way each is written. */
export const languages = ['en', 'fa'] as const;
export type Language = (typeof languages)[number];

export const fallbackLanguage: Language = 'en';

export function directionOf(language: Language): 'ltr' | 'rtl' {
  return language === 'fa' ? 'rtl' : 'ltr';
}

/**
 * The language for a locale tag as the OS or a user gives it: a BCP 47 tag (`fa-IR`, `en-US`) or a
 * POSIX locale (`fa_IR.UTF-8`, `C`). Null when it names none we have.
 */
export function matchLanguage(tag: string | undefined | null): Language | null {
  if (!tag) return null;
  const primary =
    tag
      .trim()
      .toLowerCase()
      .split(/[-_.@]/)[0] ?? '';
  // Persian is also tagged `per` / `pes` (ISO 639-2/3) on some systems.
  if (primary === 'fa' || primary === 'per' || primary === 'pes') return 'fa';
  if (primary === 'en') return 'en';
  return null;
}
