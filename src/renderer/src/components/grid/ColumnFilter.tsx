import { useState } from 'react';
import type { Field } from '../../../../shared/fields.ts';
import { filterKindFor, type ColumnFilterValue } from './filters.ts';

interface Props {
  field: Field;
  value: ColumnFilterValue | undefined;
  onChange: (value: ColumnFilterValue | undefined) => void;
}

/** The filter cell under a column header; its widget follows the field type. */
export function ColumnFilter({ field, value, onChange }: Props) {
  const kind = filterKindFor(field);
  const label = `Filter ${field.label}`;
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
        <option value="">any</option>
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  }
  if (kind === 'range') {
    const inputType =
      field.type === 'date' ? 'date' : field.type === 'time' ? 'time' : field.type === 'datetime' ? 'date' : 'number';
    const from = value?.kind === 'range' ? value.from : '';
    const to = value?.kind === 'range' ? value.to : '';
    const set = (f: string, t: string) =>
      onChange(f === '' && t === '' ? undefined : { kind: 'range', from: f, to: t });
    return (
      <span className="range-filter">
        <DeferredInput
          type={inputType}
          aria-label={`${label} from`}
          placeholder="from"
          value={from}
          onCommit={(v) => set(v, to)}
        />
        <DeferredInput
          type={inputType}
          aria-label={`${label} to`}
          placeholder="to"
          value={to}
          onCommit={(v) => set(from, v)}
        />
      </span>
    );
  }
  if (kind === 'values') {
    const selected = value?.kind === 'values' ? value.values : [];
    const shown = selected.length === 0 ? 'any' : `${selected.length} selected`;
    return (
      <details className="values-filter">
        <summary aria-label={`${label}: ${shown}`}>{shown}</summary>
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
          aria-label={`${label} operator`}
          value={op}
          onChange={(e) => {
            const nextOp = e.target.value as 'contains' | 'startswith' | '=';
            onChange(text === '' ? { kind: 'text', op: nextOp, text: '' } : { kind: 'text', op: nextOp, text });
          }}
        >
          <option value="contains">∋</option>
          <option value="startswith">a…</option>
          <option value="=">=</option>
        </select>
        <DeferredInput
          type="text"
          aria-label={label}
          placeholder="filter"
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
  value: string;
  placeholder: string;
  'aria-label': string;
  onCommit: (v: string) => void;
}

/** An input that sends its value on Enter or blur, so typing does not fire one request per key. */
function DeferredInput({ value, onCommit, ...rest }: DeferredProps) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    setDraft(value);
  }
  return (
    <input
      {...rest}
      dir="auto"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => draft !== value && onCommit(draft)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onCommit(draft);
        if (e.key === 'Escape') setDraft(value);
      }}
    />
  );
}
