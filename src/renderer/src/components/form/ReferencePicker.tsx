import { useTranslation } from 'react-i18next';
import { useEffect, useId, useState } from 'react';
import type { Field } from '../../../../shared/fields.ts';
import { useModules } from '../../queries/modules.ts';
import { useLabels, useLookup } from '../../queries/records.ts';

interface Props {
  connection: string;
  field: Field;
  value: string | null;
  onChange: (id: string | null) => void;
  invalid: boolean;
  inputId: string;
}

/**
 * An async search picker: typing asks `records.lookup` of the target module (debounced); the chosen id is
 * shown by its label from `records.labels`. A field that may point at several modules offers a choice.
 */
export function ReferencePicker({ connection, field, value, onChange, invalid, inputId }: Props) {
  const [target, setTarget] = useState(field.referenceTargets[0] ?? null);
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  const [open, setOpen] = useState(false);
  const listId = useId();
  useEffect(() => {
    const t = setTimeout(() => setDebounced(text), 250);
    return () => clearTimeout(t);
  }, [text]);
  const { t: tr } = useTranslation();
  const modules = useModules(field.referenceTargets.length > 1 ? connection : null);
  const moduleLabel = (id: string) => modules.data?.find((m) => m.name === id)?.label ?? id;
  const label = useLabels(connection, target, value ? [value] : []);
  const results = useLookup(connection, target, debounced, open);
  const current = value ? (label.data?.[value] ?? value) : '';

  return (
    <div className="reference-picker" data-testid={`picker-${field.name}`} data-value={value ?? ''}>
      {field.referenceTargets.length > 1 && (
        <select
          aria-label={tr('record.targetModule', { field: field.label })}
          value={target ?? ''}
          onChange={(e) => setTarget(e.target.value)}
        >
          {field.referenceTargets.map((t) => (
            <option key={t} value={t}>
              {moduleLabel(t)}
            </option>
          ))}
        </select>
      )}
      <input
        id={inputId}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-invalid={invalid}
        dir="auto"
        placeholder={current || tr('record.search')}
        value={open ? text : current}
        onFocus={() => {
          setOpen(true);
          setText('');
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      />
      {value && !field.required && (
        <button
          type="button"
          className="icon"
          aria-label={tr('record.clear', { field: field.label })}
          onClick={() => onChange(null)}
        >
          ×
        </button>
      )}
      {open && (
        <ul id={listId} role="listbox" className="picker-list">
          {results.isFetching && !results.data && <li className="muted">{tr('record.searching')}</li>}
          {results.isError && <li className="bad">{tr('record.searchFailed')}</li>}
          {results.data?.length === 0 && <li className="muted">{tr('record.noMatches')}</li>}
          {results.data?.map((r) => (
            <li
              key={r.id}
              role="option"
              aria-selected={r.id === value}
              dir="auto"
              onMouseDown={(e) => {
                e.preventDefault();
                onChange(r.id);
                setOpen(false);
              }}
            >
              {r.label} <span className="muted mono">#{r.id}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
