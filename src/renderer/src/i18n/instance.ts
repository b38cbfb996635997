import { createI18n } from '../../../shared/i18n/index.ts';
import { loadLocaleSettings, resolveLanguage } from './settings.ts';

/**
 * The renderer's one i18next instance, in the remembered (or the OS) language from the first render on.
 * Components read it through react-i18next; plain functions (validation) through `i18n.t`.
 */
export const i18n = createI18n(resolveLanguage(loadLocaleSettings()));
