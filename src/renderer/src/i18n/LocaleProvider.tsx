import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { directionOf, type Language } from '../../../shared/i18n/index.ts';
import { setCurrentFormats } from '../lib/format.ts';
import { Formats } from './formats.ts';
import { i18n } from './instance.ts';
import { loadLocaleSettings, resolveLanguage, saveLocaleSettings, type LocaleSettings } from './settings.ts';

interface Locale {
  settings: LocaleSettings;
  language: Language;
  dir: 'ltr' | 'rtl';
  formats: Formats;
  update: (patch: Partial<LocaleSettings>) => void;
}

const Context = createContext<Locale | null>(null);

/**
 * The language, direction and formats of the whole UI. A change applies at once (no restart): i18next
 * switches catalogs, <html> gets the new lang and dir (the CSS is written in logical properties, so
 * the chrome mirrors), and every formatter is rebuilt.
 */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState(loadLocaleSettings);
  const language = resolveLanguage(settings);
  const dir = directionOf(language);
  const formats = useMemo(
    () =>
      new Formats(language, settings.localCalendar, typeof navigator === 'undefined' ? undefined : navigator.language),
    [language, settings.localCalendar],
  );
  // Set during render, before children format anything: plain helpers read the same formats.
  setCurrentFormats(formats);
  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = dir;
    document.title = i18n.t('app.brand');
  }, [language, dir]);
  const value = useMemo<Locale>(
    () => ({
      settings,
      language,
      dir,
      formats,
      update: (patch) => {
        const next = { ...settings, ...patch };
        saveLocaleSettings(next);
        setSettings(next);
        void i18n.changeLanguage(resolveLanguage(next));
      },
    }),
    [settings, language, dir, formats],
  );
  return (
    <I18nextProvider i18n={i18n}>
      <Context.Provider value={value}>{children}</Context.Provider>
    </I18nextProvider>
  );
}

export function useLocale(): Locale {
  const locale = useContext(Context);
  if (!locale) throw new Error('useLocale outside LocaleProvider');
  return locale;
}
