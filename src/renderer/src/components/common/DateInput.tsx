import { useTranslation } from 'react-i18next';
import { isoToJalali, parseTypedDate } from '../../../../shared/i18n/jalali.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import type { Formats } from '../../i18n/formats.ts';
import { NativeInput, TypedInput, type TypedInputProps } from './TypedInput.tsx';

/** The value shown for an ISO date in the calendar and digits on screen (text input form). */
export function displayDate(iso: string, formats: Formats): string {
  if (iso === '') return '';
  const j = formats.calendar === 'persian' ? isoToJalali(iso) : null;
  const text = j ? `${j.year}/${String(j.month).padStart(2, '0')}/${String(j.day).padStart(2, '0')}` : iso;
  return formats.digits(text);
}

/**
 * A date field (`value` is `YYYY-MM-DD`). In English (or Persian with the Gregorian calendar) it is the
 * browser's date input. With the Solar Hijri calendar on, it is a text field that shows the date as
 * ۱۴۰۵/۰۳/۲۱ and reads what a Persian user types (Persian, Arabic or Latin digits; / - or . between
 * parts), handing on the ISO date.
 */
export function DateInput(props: TypedInputProps) {
  const { formats } = useLocale();
  const { t } = useTranslation();
  if (formats.calendar !== 'persian') return <NativeInput {...props} type="date" />;
  const { placeholder, ...rest } = props;
  return (
    <TypedInput
      {...rest}
      calendar="persian"
      placeholder={placeholder ?? t('dateInput.placeholder')}
      parse={(text) => parseTypedDate(text, 'persian')}
      display={(iso) => displayDate(iso, formats)}
      readBack={(iso) => formats.date(iso)}
      invalidMessage={t('dateInput.invalid')}
    />
  );
}
