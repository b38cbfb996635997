import type { Field, RecordValue } from '../../../../shared/fields.ts';
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

/** ISO date-time -> the local "YYYY-MM-DDTHH:MM" a datetime-local input shows. */
function toLocalInput(value: RecordValue | undefined): string {
  if (typeof value !== 'string' || value === '') return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(text: string): string | null {
  if (text === '') return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.000Z$/, 'Z');
}

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
          <input
            {...common}
            type="number"
            step={field.type === 'integer' ? 1 : 'any'}
            value={typeof value === 'number' ? String(value) : asText(value)}
            onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
          />
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
        <input
          {...common}
          type="date"
          title={field.format ? `Vendor format: ${field.format}` : undefined}
          value={asText(value).slice(0, 10)}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        />
      );
    case 'datetime':
      return (
        <input
          {...common}
          type="datetime-local"
          value={toLocalInput(value)}
          onChange={(e) => onChange(fromLocalInput(e.target.value))}
        />
      );
    case 'time':
      return (
        <input
          {...common}
          type="time"
          step={1}
          value={asText(value)}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        />
      );
    case 'picklist':
      return (
        <select
          {...common}
          dir="auto"
          value={asText(value)}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">{field.required ? 'Choose…' : '—'}</option>
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
