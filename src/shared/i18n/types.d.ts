import type { en } from './en.ts';

// Typed keys: `t('grid.nosuch')` is a type error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
