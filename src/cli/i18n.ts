import type { i18n } from 'i18next';
import { createI18n, fallbackLanguage, languages, matchLanguage, type Language } from '../shared/i18n/index.ts';

/**
 * The CLI's language: `--lang` (anywhere on the line), else CRM_LANG, else the POSIX locale (LC_ALL,
 * LC_MESSAGES, LANG, in that order of precedence), else English. Only messages and help are translated:
 * `--json` output, error kinds and exit codes are the same in every language.
 */
let current: i18n = createI18n(fallbackLanguage);

/** The translator of this run (English until `useCliLanguage`). */
export function cli(): i18n {
  return current;
}

export function useCliLanguage(language: Language): void {
  if (current.language !== language) current = createI18n(language);
}

/** The language picked, or the refused `--lang` value (and the language to say so in). */
export type LanguagePick =
  { ok: true; language: Language; argv: string[] } | { ok: false; value: string; language: Language };

/** Takes `--lang X` / `--lang=X` out of argv and picks the language; an unknown `--lang` is refused. */
export function pickLanguage(argv: readonly string[], env: NodeJS.ProcessEnv): LanguagePick {
  const rest: string[] = [];
  let given: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--lang') {
      given = argv[i + 1] ?? '';
      i++;
    } else if (arg.startsWith('--lang=')) given = arg.slice('--lang='.length);
    else rest.push(arg);
  }
  if (given !== undefined) {
    const language = matchLanguage(given);
    return language ? { ok: true, language, argv: rest } : { ok: false, value: given, language: envLanguage(env) };
  }
  return { ok: true, language: envLanguage(env), argv: rest };
}

function envLanguage(env: NodeJS.ProcessEnv): Language {
  return matchLanguage(env['CRM_LANG'] || env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG']) ?? fallbackLanguage;
}

export const languageList = languages.join(', ');

/** A catalog text found by a key built at run time (command and option names), or undefined. */
export function lookup(key: string, values: Record<string, string> = {}): string | undefined {
  const t = cli();
  // The typed `t` takes only literal keys; this one is checked to exist first.
  return t.exists(key) ? String(t.t(key as never, values as never)) : undefined;
}
