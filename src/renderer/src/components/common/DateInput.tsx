import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isoToJalali, parseTypedDate } from '../../../../shared/i18n/jalali.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import type { Formats } from '../../i18n/formats.ts';

interface Props {
  /** `YYYY-MM-DD`, or '' for none: what the app stores and sends, whatever is shown. */
  value: string;
  onChange: (iso: string) => void;
  id?: string;
  name?: string;
  'aria-label'?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  placeholder?: string;
  title?: string;
  autoFocus?: boolean;
  disabled?: boolean;
  required?: boolean;
  className?: string;
  onBlur?: () => void;
  onKeyDown?: React.KeyboardEventHandler<HTMLInputElement>;
}

/** The value shown for an ISO date in the calendar and digits on screen (text input form). */
export function displayDate(iso: string, formats: Formats): string {
  if (iso === '') return '';
  const j = formats.calendar === 'persian' ? isoToJalali(iso) : null;
  const text = j ? `${j.year}/${String(j.month).padStart(2, '0')}/${String(j.day).padStart(2, '0')}` : iso;
  return formats.digits(text);
}

/**
 * A date field. In English (or Persian with the Gregorian calendar) it is the browser's date input. With
 * the Solar Hijri calendar on, it is a text field that shows the date as ۱۴۰۵/۰۳/۲۱ and reads what a
 * Persian user types (Persian, Arabic or Latin digits; / - or . between parts), handing on the ISO date.
 * Text that is not a date yet is kept on screen, marked invalid, and not handed on.
 */
export function DateInput({ value, onChange, placeholder, ...rest }: Props) {
  const { formats } = useLocale();
  const { t } = useTranslation();
  const [draft, setDraft] = useState<{ text: string; for: string } | null>(null);
  if (formats.calendar !== 'persian') {
    return (
      <input
        {...rest}
        type="date"
        value={value}
        {...(placeholder ? { placeholder } : {})}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  const shown = draft && draft.for === value ? draft.text : displayDate(value, formats);
  const invalid = shown.trim() !== '' && parseTypedDate(shown, 'persian') === null;
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      dir="ltr"
      data-calendar="persian"
      placeholder={placeholder ?? t('dateInput.placeholder')}
      value={shown}
      aria-invalid={rest['aria-invalid'] || invalid || undefined}
      title={invalid ? t('dateInput.invalid') : rest.title}
      onChange={(e) => {
        const text = e.target.value;
        const iso = text.trim() === '' ? '' : parseTypedDate(text, 'persian');
        if (iso !== null && iso !== value) {
          setDraft({ text, for: iso });
          onChange(iso);
        } else setDraft({ text, for: value });
      }}
    />
  );
}
