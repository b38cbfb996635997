import type { Field, RecordValue } from '../../../shared/fields.ts';
import { Formats } from '../i18n/formats.ts';
import { i18n } from '../i18n/instance.ts';

/**
 * The formats of the language on screen (set by LocaleProvider on every render). Plain helpers read it
 * here; components may pass their own `useLocale().formats`.
 */
let current = new Formats('en', false);

export function setCurrentFormats(formats: Formats): void {
  current = formats;
}

export function currentFormats(): Formats {
  return current;
}

/** Readable text for a cell or a locked field; references are resolved by the caller. */
export function formatValue(
  field: Field,
  value: RecordValue | undefined,
  labels?: Record<string, string>,
  fmt: Formats = current,
): string {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value)) return value.map((v) => optionLabel(field, v)).join(i18n.t('common.listSeparator'));
  switch (field.type) {
    case 'boolean':
      return value === true || value === 'true' || value === '1' ? i18n.t('values.yes') : i18n.t('values.no');
    case 'integer':
    case 'decimal':
      return typeof value === 'number' ? fmt.number(value) : String(value);
    case 'currency':
      if (typeof value !== 'number') return String(value);
      return field.format
        ? i18n.t('values.money', { amount: fmt.money(value), currency: field.format })
        : fmt.money(value);
    case 'percent':
      return typeof value === 'number' ? i18n.t('values.percent', { n: fmt.number(value) }) : String(value);
    case 'date':
      return fmt.date(String(value));
    case 'datetime':
      return fmt.dateTime(String(value));
    case 'picklist':
      return optionLabel(field, String(value));
    case 'reference':
    case 'owner':
      return labels?.[String(value)] ?? optionLabel(field, String(value));
    case 'password':
      return '••••••';
    default:
      return String(value);
  }
}

function optionLabel(field: Field, value: string): string {
  return field.options?.find((o) => o.value === value)?.label ?? value;
}

export function formatTimestamp(iso: string | null, fmt: Formats = current): string {
  if (!iso) return i18n.t('common.never');
  return fmt.dateTime(iso);
}
