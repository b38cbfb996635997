import type { Field, RecordValue } from '../../../shared/fields.ts';

/** The user's locale drives every number and date shown (never the vendor's). */
const locale = typeof navigator !== 'undefined' ? navigator.language : 'en-US';
const numberFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
const moneyFmt = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

/** Readable text for a cell or a locked field; references are resolved by the caller. */
export function formatValue(field: Field, value: RecordValue | undefined, labels?: Record<string, string>): string {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value)) return value.map((v) => optionLabel(field, v)).join(', ');
  switch (field.type) {
    case 'boolean':
      return value === true || value === 'true' || value === '1' ? '✓' : '✗';
    case 'integer':
    case 'decimal':
      return typeof value === 'number' ? numberFmt.format(value) : String(value);
    case 'currency':
      return typeof value === 'number'
        ? `${moneyFmt.format(value)}${field.format ? ` ${field.format}` : ''}`
        : String(value);
    case 'percent':
      return typeof value === 'number' ? `${numberFmt.format(value)} %` : String(value);
    case 'date': {
      const d = new Date(`${String(value)}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? String(value) : dateFmt.format(d);
    }
    case 'datetime': {
      const d = new Date(String(value));
      return Number.isNaN(d.getTime()) ? String(value) : dateTimeFmt.format(d);
    }
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

export function formatTimestamp(iso: string | null): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}
