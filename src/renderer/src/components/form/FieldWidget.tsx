import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Field, RecordValue } from '../../../../shared/fields.ts';
import { parseLocalNumber } from '../../../../shared/i18n/digits.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { DateInput } from '../common/DateInput.tsx';
import { DateTimeInput, TimeInput } from '../common/DateTimeInput.tsx';
import { isEditable } from '../../lib/validation.ts';
import { LockedField } from './LockedField.tsx';
import { ReferencePicker } from './ReferencePicker.tsx';

export interface WidgetProps {
  connection: string;
  field: Field;
  value: RecordValue | undefined;
  onChange: (value: RecordValue) => void;
  invalid: boolean;
  inputId: string;
  autoFocus?: boolean;
  /** Id of the field's help text, read out with the input. */
  describedBy?: string;
}

const textInputTypes: Partial<Record<Field['type'], string>> = {
  string: 'text',
  email: 'email',
  phone: 'tel',
  url: 'url',
  password: 'password',
};

const asText = (v: RecordValue | undefined) =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);

/** One input per normalized field type; read-only and auto fields are shown but locked. */
export function FieldWidget({
  connection,
  field,
  value,
  onChange,
  invalid,
  inputId,
  autoFocus,
  describedBy,
}: WidgetProps) {
  const { t } = useTranslation();
  const { formats } = useLocale();
  const common = { id: inputId, 'aria-invalid': invalid, 'aria-describedby': describedBy, autoFocus, name: field.name };
  if (!isEditable(field)) {
    return <LockedField connection={connection} field={field} value={value} inputId={inputId} invalid={invalid} />;
  }
  switch (field.type) {
    case 'text':
      return (
        <textarea
          {...common}
          dir="auto"
          rows={3}
          maxLength={field.maxLength ?? undefined}
          value={asText(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'integer':
    case 'decimal':
    case 'currency':
    case 'percent':
      return (
        <span className="with-unit">
          {formats.calendar === 'persian' ? (
            <LocalNumberInput common={common} value={value} onChange={onChange} digits={(s) => formats.digits(s)} />
          ) : (
            <input
              {...common}
              type="number"
              step={field.type === 'integer' ? 1 : 'any'}
              value={typeof value === 'number' ? String(value) : asText(value)}
              onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
            />
          )}
          {field.type === 'percent' && <span className="unit">%</span>}
          {field.type === 'currency' && field.format && <span className="unit">{field.format}</span>}
        </span>
      );
    case 'boolean':
      return (
        <input
          {...common}
          type="checkbox"
          checked={value === true || value === 'true' || value === '1'}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case 'date':
      return (
        <DateInput
          {...common}
          {...(field.format ? { title: t('record.vendorFormat', { format: field.format }) } : {})}
          value={asText(value).slice(0, 10)}
          onChange={(iso) => onChange(iso === '' ? null : iso)}
        />
      );
    case 'datetime':
      return (
        <DateTimeInput
          {...common}
          value={typeof value === 'string' ? value : ''}
          onChange={(iso) => onChange(iso === '' ? null : iso)}
        />
      );
    case 'time':
      return <TimeInput {...common} value={asText(value)} onChange={(time) => onChange(time === '' ? null : time)} />;
    case 'picklist':
      return (
        <select
          {...common}
          dir="auto"
          value={asText(value)}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">{field.required ? t('record.choose') : '—'}</option>
          {field.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {typeof value === 'string' && value !== '' && !field.options?.some((o) => o.value === value) && (
            <option value={value}>{value}</option>
          )}
        </select>
      );
    case 'multipicklist': {
      const selected = Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? [value] : [];
      return (
        <div className="multi" role="group" id={inputId} aria-invalid={invalid} data-name={field.name}>
          {field.options?.map((o) => (
            <label key={o.value} dir="auto">
              <input
                type="checkbox"
                name={field.name}
                value={o.value}
                checked={selected.includes(o.value)}
                onChange={(e) =>
                  onChange(e.target.checked ? [...selected, o.value] : selected.filter((s) => s !== o.value))
                }
              />
              {o.label}
            </label>
          ))}
        </div>
      );
    }
    case 'reference':
    case 'owner':
      if (field.referenceTargets.length > 0) {
        return (
          <ReferencePicker
            connection={connection}
            field={field}
            value={typeof value === 'string' && value !== '' ? value : null}
            onChange={onChange}
            invalid={invalid}
            inputId={inputId}
          />
        );
      }
      if (field.options && field.options.length > 0) {
        return (
          <select
            {...common}
            value={asText(value)}
            onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
          >
            <option value="">—</option>
            {field.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        );
      }
      return <input {...common} dir="auto" value={asText(value)} onChange={(e) => onChange(e.target.value)} />;
    default:
      return (
        <input
          {...common}
          dir="auto"
          type={textInputTypes[field.type] ?? 'text'}
          maxLength={field.maxLength ?? undefined}
          value={asText(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

interface LocalNumberProps {
  common: { id: string; name: string; autoFocus: boolean | undefined; 'aria-invalid': boolean };
  value: RecordValue | undefined;
  onChange: (value: RecordValue) => void;
  digits: (latin: string) => string;
}

/**
 * A number typed in Persian mode: a browser number input refuses Persian and Arabic digits, so this is a
 * text input that shows the value in Persian digits and reads any digits back into a number. Text that
 * is not a number yet stays on screen, marked invalid, and is not handed on.
 */
function LocalNumberInput({ common, value, onChange, digits }: LocalNumberProps) {
  const shown = typeof value === 'number' ? digits(String(value)) : typeof value === 'string' ? value : '';
  const [draft, setDraft] = useState<{ text: string; for: string } | null>(null);
  const text = draft && draft.for === shown ? draft.text : shown;
  const invalid = text.trim() !== '' && parseLocalNumber(text) === null;
  return (
    <input
      {...common}
      type="text"
      inputMode="decimal"
      dir="ltr"
      aria-invalid={common['aria-invalid'] || invalid}
      value={text}
      onChange={(e) => {
        const next = e.target.value;
        const n = next.trim() === '' ? null : parseLocalNumber(next);
        if (next.trim() === '') {
          setDraft(null);
          onChange(null);
        } else if (n !== null) {
          setDraft({ text: next, for: digits(String(n)) });
          onChange(n);
        } else setDraft({ text: next, for: shown });
      }}
    />
  );
}
