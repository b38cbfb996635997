import i18next, { type i18n, type TFunction } from 'i18next';
import { en } from './en.ts';
import { fa } from './fa.ts';
import { fallbackLanguage, type Language } from './languages.ts';

export { directionOf, fallbackLanguage, languages, matchLanguage, type Language } from './languages.ts';

export const resources = { en: { translation: en }, fa: { translation: fa } } as const;

/**
 * A ready i18next instance over the catalogs, in `language`. Synchronous (the catalogs are bundled), so
 * the CLI and the first render have their messages at once. Values are not HTML-escaped: React escapes
 * what it renders, and the CLI prints plain text.
 */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: language,
    fallbackLng: fallbackLanguage,
    supportedLngs: ['en', 'fa'],
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

export type Translate = TFunction;
