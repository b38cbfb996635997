import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../../../shared/fields.ts';
import { toLatinDigits } from '../../../../shared/i18n/digits.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { DateInput } from '../common/DateInput.tsx';
import { TimeInput } from '../common/DateTimeInput.tsx';
import { filterKindFor, type ColumnFilterValue } from './filters.ts';

interface Props {
  field: Field;
  value: ColumnFilterValue | undefined;
  onChange: (value: ColumnFilterValue | undefined) => void;
}

/** The filter cell under a column header; its widget follows the field type. */
export function ColumnFilter({ field, value, onChange }: Props) {
  const { t } = useTranslation();
  const { formats } = useLocale();
  const kind = filterKindFor(field);
  const label = t('filter.label', { field: field.label });
  if (kind === 'bool') {
    return (
      <select
        aria-label={label}
        value={value?.kind === 'bool' ? value.value : ''}
        onChange={(e) => {
          const v = e.target.value;
          onChange(v === 'true' || v === 'false' ? { kind: 'bool', value: v } : undefined);
        }}
      >
        <option value="">{t('filter.any')}</option>
        <option value="true">{t('filter.yes')}</option>
        <option value="false">{t('filter.no')}</option>
      </select>
    );
  }
  if (kind === 'range') {
    const from = value?.kind === 'range' ? value.from : '';
    const to = value?.kind === 'range' ? value.to : '';
    const set = (f: string, t: string) =>
      onChange(f === '' && t === '' ? undefined : { kind: 'range', from: f, to: t });
    const ends = [
      { key: 'from', text: from, label: t('filter.fromLabel', { field: field.label }), hint: t('filter.from') },
      { key: 'to', text: to, label: t('filter.toLabel', { field: field.label }), hint: t('filter.to') },
    ] as const;
    return (
      <span className="range-filter">
        {ends.map((end) => {
          const commit = (v: string) => (end.key === 'from' ? set(v, to) : set(from, v));
          if (field.type === 'date' || field.type === 'datetime') {
            return (
              <DeferredDate
                key={end.key}
                aria-label={end.label}
                placeholder={end.hint}
                value={end.text}
                onCommit={commit}
              />
            );
          }
          if (field.type === 'time') {
            return (
              <DeferredTime
                key={end.key}
                aria-label={end.label}
                placeholder={end.hint}
                value={end.text}
                onCommit={commit}
              />
            );
          }
          // Numbers are typed as text so Persian and Arabic digits are accepted; sent with Latin digits.
          return (
            <DeferredInput
              key={end.key}
              type="text"
              inputMode="decimal"
              aria-label={end.label}
              placeholder={end.hint}
              value={formats.digits(end.text)}
              onCommit={(v) => commit(toLatinDigits(v).trim())}
            />
          );
        })}
      </span>
    );
  }
  if (kind === 'values') {
    const selected = value?.kind === 'values' ? value.values : [];
    const shown =
      selected.length === 0
        ? t('filter.any')
        : t('filter.selected', { count: selected.length, n: formats.count(selected.length) });
    return (
      <details className="values-filter">
        <summary aria-label={t('common.fieldMessage', { field: label, message: shown })}>{shown}</summary>
        <div className="values-popup" role="group" aria-label={label}>
          {field.options?.map((o) => (
            <label key={o.value} dir="auto">
              <input
                type="checkbox"
                checked={selected.includes(o.value)}
                onChange={(e) => {
                  const next = e.target.checked ? [...selected, o.value] : selected.filter((s) => s !== o.value);
                  onChange(next.length ? { kind: 'values', values: next } : undefined);
                }}
              />
              {o.label}
            </label>
          ))}
        </div>
      </details>
    );
  }
  if (kind === 'text') {
    const op = value?.kind === 'text' ? value.op : 'contains';
    const text = value?.kind === 'text' ? value.text : '';
    return (
      <span className="text-filter">
        <select
          aria-label={t('filter.operatorLabel', { field: field.label })}
          value={op}
          onChange={(e) => {
            const nextOp = e.target.value as 'contains' | 'startswith' | '=';
            onChange(text === '' ? { kind: 'text', op: nextOp, text: '' } : { kind: 'text', op: nextOp, text });
          }}
        >
          <option value="contains">{t('filter.opContains')}</option>
          <option value="startswith">{t('filter.opStartsWith')}</option>
          <option value="=">{t('filter.opEquals')}</option>
        </select>
        <DeferredInput
          type="text"
          aria-label={label}
          placeholder={t('filter.text')}
          value={text}
          onCommit={(v) => onChange(v === '' ? undefined : { kind: 'text', op, text: v })}
        />
      </span>
    );
  }
  return null;
}

interface DeferredProps {
  type: string;
  inputMode?: 'decimal' | undefined;
  value: string;
  placeholder: string;
  'aria-label': string;
  onCommit: (v: string) => void;
}

/** Sends on Enter or blur, so typing does not fire one request per key; Escape puts the value back. */
function useDeferred(value: string, onCommit: (v: string) => void) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    setDraft(value);
  }
  return {
    draft,
    setDraft,
    onBlur: () => draft !== value && onCommit(draft),
    onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'Enter') onCommit(draft);
      if (e.key === 'Escape') setDraft(value);
    },
  };
}

function DeferredInput({ value, onCommit, inputMode, ...rest }: DeferredProps) {
  const { draft, setDraft, onBlur, onKeyDown } = useDeferred(value, onCommit);
  return (
    <input
      {...rest}
      {...(inputMode ? { inputMode } : {})}
      dir="auto"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={onBlur}
      onKeyDown={onKeyDown}
    />
  );
}

/** A date end of a range filter: typed in the calendar on screen, sent as an ISO date. */
function DeferredDate({ value, onCommit, ...rest }: Omit<DeferredProps, 'type'>) {
  const { draft, setDraft, onBlur, onKeyDown } = useDeferred(value, onCommit);
  return <DateInput {...rest} value={draft} onChange={setDraft} onBlur={onBlur} onKeyDown={onKeyDown} />;
}

/** A time end of a range filter: typed in the digits on screen, sent as `HH:MM[:SS]`. */
function DeferredTime({ value, onCommit, ...rest }: Omit<DeferredProps, 'type'>) {
  const { draft, setDraft, onBlur, onKeyDown } = useDeferred(value, onCommit);
  return <TimeInput {...rest} value={draft} onChange={setDraft} onBlur={onBlur} onKeyDown={onKeyDown} />;
}
