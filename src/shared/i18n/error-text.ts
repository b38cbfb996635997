import type { i18n } from 'i18next';
import { CrmError, type CrmErrorData, type ErrorKind, type ErrorText } from '../errors.ts';
import type { Catalog } from './en.ts';
import { createI18n } from './index.ts';

/**
 * Errors our own code writes (not the vendor) carry their message as a catalog key and values
 * (`errors.service.*`), besides its English text in `message`: the UI and the CLI say them in the
 * user's language, a vendor's message is shown as it was sent.
 */
type PluralBase<K extends string> = K extends `${infer Base}_${'one' | 'other'}` ? Base : K;
export type ServiceTextKey = `errors.service.${PluralBase<keyof Catalog['errors']['service'] & string>}`;
type Values = Record<string, string | number>;

export function serviceText(key: ServiceTextKey, values?: Values): ErrorText {
  return values ? { key, values } : { key };
}

let english: i18n | undefined;

function say(t: i18n, text: ErrorText): string | undefined {
  const values = text.values ?? {};
  return t.exists(text.key, values) ? String(t.t(text.key as never, values as never)) : undefined;
}

/** A catalog text in English (the `message` every such error keeps). */
export function inEnglish(text: ErrorText): string {
  english ??= createI18n('en');
  return say(english, text) ?? text.key;
}

type Extra = Omit<NonNullable<ConstructorParameters<typeof CrmError>[2]>, 'text'>;

/**
 * An error of our own: the English message from the catalog and the key to say it in another language
 * (per-field messages of our own go in `fields` in English and in `fieldTexts` as texts).
 */
export function serviceError(kind: ErrorKind, key: ServiceTextKey, values?: Values, extra: Extra = {}): CrmError {
  const text = serviceText(key, values);
  return new CrmError(kind, inEnglish(text), { ...extra, text });
}

/** A refusal with one message of our own per field: `field: message; …` in English, each field's text kept. */
export function fieldsError(
  kind: ErrorKind,
  problems: Record<string, ErrorText>,
  extra: Omit<Extra, 'fields' | 'fieldTexts'> = {},
): CrmError {
  const fields = Object.fromEntries(Object.entries(problems).map(([name, text]) => [name, inEnglish(text)]));
  const message = Object.entries(fields)
    .map(([name, text]) => `${name}: ${text}`)
    .join('; ');
  return new CrmError(kind, message, { ...extra, fields, fieldTexts: problems });
}

/**
 * An error's message and per-field messages in `t`'s language: texts of our own translated, the rest
 * (a vendor's words) exactly as received. A message built from per-field texts is built again from
 * their translations.
 */
export function localizedError(data: CrmErrorData, t: i18n): { message: string; fields?: Record<string, string> } {
  const fields = data.fields
    ? Object.fromEntries(
        Object.entries(data.fields).map(([name, message]) => {
          const text = data.fieldTexts?.[name];
          return [name, (text && say(t, text)) ?? message];
        }),
      )
    : undefined;
  let message = (data.text && say(t, data.text)) ?? data.message;
  if (!data.text && data.fieldTexts && fields) {
    message = Object.entries(fields)
      .map(([field, text]) => t.t('common.fieldMessage', { field, message: text }))
      .join(t.t('common.detailSeparator'));
  }
  return fields ? { message, fields } : { message };
}
