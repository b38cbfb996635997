import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, type Language } from '../../../shared/i18n/index.ts';
import { useLocale } from './LocaleProvider.tsx';
import { systemLanguage } from './settings.ts';

/** The language picker in the top bar, and in Persian mode the calendar and digits switch. */
export function LanguageSettings() {
  const { t } = useTranslation();
  const { settings, language, update } = useLocale();
  const id = useId();
  const names: Record<Language, string> = {
    en: t('settings.languageNames.en'),
    fa: t('settings.languageNames.fa'),
  };
  return (
    <span className="language-settings">
      <label htmlFor={`${id}-lang`}>{t('settings.language')}</label>
      <select
        id={`${id}-lang`}
        data-testid="language"
        value={settings.choice}
        onChange={(e) => {
          const v = e.target.value;
          const choice = languages.find((l) => l === v) ?? 'system';
          update({ choice });
        }}
      >
        <option value="system">{t('settings.languageSystem', { name: names[systemLanguage()] })}</option>
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {names[l]}
          </option>
        ))}
      </select>
      {language === 'fa' && (
        <label className="switch">
          <input
            type="checkbox"
            data-testid="local-calendar"
            checked={settings.localCalendar}
            onChange={(e) => update({ localCalendar: e.target.checked })}
          />
          {t('settings.localCalendar')}
        </label>
      )}
    </span>
  );
}
