import { useTranslation } from 'react-i18next';
import { parseTypedDateTime, parseTypedTime, timeText } from '../../../../shared/i18n/typed-time.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { displayDate } from './DateInput.tsx';
import { NativeInput, TypedInput, type TypedInputProps } from './TypedInput.tsx';

const two = (n: number) => String(n).padStart(2, '0');

/** An instant as the local wall clock shows it: `YYYY-MM-DD` and `HH:MM`, or null when it is not one. */
export function localParts(iso: string): { date: string; time: string } | null {
  if (iso === '') return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return {
    date: `${String(d.getFullYear()).padStart(4, '0')}-${two(d.getMonth() + 1)}-${two(d.getDate())}`,
    time: `${two(d.getHours())}:${two(d.getMinutes())}`,
  };
}

/** A local wall-clock date and time as the ISO instant a date-time field holds (`…Z`, no milliseconds). */
export function instantOf(date: string, hour: number, minute: number, second: number): string | null {
  const [y, m, d] = date.split('-').map(Number);
  const at = new Date(y ?? NaN, (m ?? NaN) - 1, d ?? NaN, hour, minute, second);
  return Number.isNaN(at.getTime()) ? null : at.toISOString().replace(/\.000Z$/, 'Z');
}

/** The browser's `datetime-local` text of an instant, or '' when it is not one. */
function toLocalInput(iso: string): string {
  const parts = localParts(iso);
  return parts ? `${parts.date}T${parts.time}` : '';
}

function fromLocalInput(text: string): string {
  if (text === '') return '';
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * A date-time field (`value` is an ISO instant; what the user sees and types is the local wall clock).
 * The browser's `datetime-local` input in English; with the Solar Hijri calendar on, a text field that
 * shows ۱۴۰۵/۰۳/۲۱ ۱۴:۳۰ and reads a Solar Hijri date and a time in any digits.
 */
export function DateTimeInput(props: TypedInputProps) {
  const { formats } = useLocale();
  const { t } = useTranslation();
  if (formats.calendar !== 'persian') {
    return <NativeInput {...props} type="datetime-local" toInput={toLocalInput} fromInput={fromLocalInput} />;
  }
  const { placeholder, ...rest } = props;
  return (
    <TypedInput
      {...rest}
      calendar="persian"
      placeholder={placeholder ?? t('dateTimeInput.placeholder')}
      parse={(text) => {
        const typed = parseTypedDateTime(text, 'persian');
        if (!typed) return null;
        const { hour, minute, second } = typed.time;
        return instantOf(typed.date, hour, minute, second ?? 0);
      }}
      display={(iso) => {
        const parts = localParts(iso);
        return parts ? `${displayDate(parts.date, formats)} ${formats.digits(parts.time)}` : iso;
      }}
      readBack={(iso) => formats.dateTime(iso)}
      invalidMessage={t('dateTimeInput.invalid')}
    />
  );
}

/**
 * A time-of-day field (`value` is `HH:MM` or `HH:MM:SS`). The browser's time input in English; in
 * Persian mode a text field that shows the time in Persian digits and reads any digits.
 */
export function TimeInput(props: TypedInputProps) {
  const { formats } = useLocale();
  const { t } = useTranslation();
  if (formats.calendar !== 'persian') return <NativeInput {...props} type="time" />;
  const { placeholder, ...rest } = props;
  return (
    <TypedInput
      {...rest}
      calendar="persian"
      placeholder={placeholder ?? t('timeInput.placeholder')}
      parse={(text) => {
        const typed = parseTypedTime(text);
        return typed ? timeText(typed) : null;
      }}
      display={(time) => formats.digits(time)}
      readBack={(time) => formats.digits(time)}
      invalidMessage={t('timeInput.invalid')}
    />
  );
}
