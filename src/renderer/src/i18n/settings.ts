import { languages, matchLanguage, type Language } from '../../../shared/i18n/index.ts';
import { loadJson, saveJson } from '../lib/storage.ts';

/** The user's language choice ('system': follow the OS) and whether Persian mode uses its own calendar. */
export interface LocaleSettings {
  choice: Language | 'system';
  /** Solar Hijri dates and Persian digits in Persian mode (Gregorian, Latin digits when off). */
  localCalendar: boolean;
}

const KEY = 'crm-desk:locale';
const defaults: LocaleSettings = { choice: 'system', localCalendar: true };

function isSettings(v: unknown): v is LocaleSettings {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const choiceOk = s.choice === 'system' || languages.some((l) => l === s.choice);
  return choiceOk && typeof s.localCalendar === 'boolean';
}

export function loadLocaleSettings(): LocaleSettings {
  return loadJson(KEY, defaults, isSettings);
}

export function saveLocaleSettings(settings: LocaleSettings): void {
  saveJson(KEY, settings);
}

/** The OS language as the browser reports it (navigator.languages in order), English when none fits. */
export function systemLanguage(): Language {
  const tags = typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
  for (const tag of tags) {
    const lang = matchLanguage(tag);
    if (lang) return lang;
  }
  return 'en';
}

export function resolveLanguage(settings: LocaleSettings): Language {
  return settings.choice === 'system' ? systemLanguage() : settings.choice;
}
