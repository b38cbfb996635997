import { useEffect, useState, type FormEvent } from 'react';
import { CrmError } from '../../../../shared/errors.ts';
import type { CrmRecord, Field, ModuleSchema, RecordData, RecordValue } from '../../../../shared/fields.ts';
import { isEmptyValue, sameValue } from '../../../../shared/values.ts';
import { isEditable, validateField, validateRecord } from '../../lib/validation.ts';
import { useLeaveGuard } from '../../state/leaveGuard.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { FieldWidget } from './FieldWidget.tsx';

export interface SaveOutcome {
  /** Per-field messages from the vendor (CrmError.fields), shown on those fields. */
  fieldErrors?: Record<string, string>;
  error?: unknown;
}

interface Props {
  connection: string;
  schema: ModuleSchema;
  /** The record as stored (edit), or the values a new record starts from (create, clone). */
  base: Partial<CrmRecord>;
  mode: 'edit' | 'create';
  saving: boolean;
  onSave: (data: RecordData) => Promise<SaveOutcome>;
}

function defaultsOf(fields: readonly Field[]): Record<string, RecordValue> {
  const out: Record<string, RecordValue> = {};
  for (const f of fields) {
    const d = f.default;
    if (d === null || d === undefined) continue;
    if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') out[f.name] = d;
    else if (Array.isArray(d) && d.every((x) => typeof x === 'string')) out[f.name] = d;
  }
  return out;
}

/** Splits a vendor's refusal into messages on named fields and what is left for the form's banner. */
export function outcomeOf(error: unknown): SaveOutcome {
  if (error instanceof CrmError && error.fields && Object.keys(error.fields).length > 0) {
    return { fieldErrors: error.fields, error };
  }
  return { error };
}

/**
 * A form generated from describe: a widget per field, required fields marked, client-side validation
 * before anything is sent, and the vendor's own per-field errors shown on the fields they name.
 */
export function RecordForm({ connection, schema, base, mode, saving, onSave }: Props) {
  const [changes, setChanges] = useState<Record<string, RecordValue>>(() =>
    mode === 'create' ? { ...defaultsOf(schema.fields), ...stripIds(base) } : {},
  );
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [bannerError, setBannerError] = useState<unknown>(null);
  const { setDirty } = useLeaveGuard();
  const dirty = Object.keys(changes).length > 0 && (mode === 'create' || hasRealChange(base, changes));
  useEffect(() => {
    setDirty(dirty);
  }, [dirty, setDirty]);
  useEffect(() => () => setDirty(false), [setDirty]);

  const values: Record<string, RecordValue | undefined> = { ...base, ...changes };

  const setValue = (field: Field, v: RecordValue) => {
    setChanges((c) => ({ ...c, [field.name]: v }));
    setServerErrors((e) => withoutKey(e, field.name));
    if (clientErrors[field.name]) {
      const msg = validateField(field, v);
      setClientErrors((e) => (msg ? { ...e, [field.name]: msg } : withoutKey(e, field.name)));
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errors = validateRecord(schema.fields, values);
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const data: RecordData = {};
    for (const f of schema.fields) {
      if (!isEditable(f) || !(f.name in changes)) continue;
      const v = changes[f.name];
      if (v === undefined) continue;
      if (mode === 'create' && isEmptyValue(v)) continue;
      if (mode === 'edit' && sameValue(base[f.name], v)) continue;
      data[f.name] = v;
    }
    setBannerError(null);
    const outcome = await onSave(data);
    if (outcome.fieldErrors) setServerErrors(outcome.fieldErrors);
    if (outcome.error) setBannerError(outcome.error);
    if (!outcome.error) {
      setChanges({});
      setDirty(false);
    }
  };

  // Back to the stored values: messages about the dropped edits go with them.
  const revert = () => {
    setChanges({});
    setClientErrors({});
    setServerErrors({});
    setBannerError(null);
  };

  const unknownFieldErrors = Object.entries(serverErrors).filter(([n]) => !schema.fields.some((f) => f.name === n));

  return (
    <form className="record-form" onSubmit={(e) => void submit(e)} noValidate data-testid="record-form">
      {bannerError !== null && <ErrorBox error={bannerError} />}
      {unknownFieldErrors.map(([n, m]) => (
        <p key={n} className="field-error">
          {n}: {m}
        </p>
      ))}
      <div className="form-grid">
        {schema.fields.map((f) => {
          const error = serverErrors[f.name] ?? clientErrors[f.name];
          const inputId = `f-${f.name}`;
          const changed = f.name in changes && (mode === 'create' || !sameValue(base[f.name], changes[f.name]));
          return (
            <div
              key={f.name}
              className={`form-field${changed ? ' changed' : ''}${error ? ' has-error' : ''}`}
              data-field={f.name}
              data-type={f.type}
              data-readonly={isEditable(f) ? undefined : 'true'}
            >
              <label
                htmlFor={inputId}
                dir="auto"
                className={
                  [
                    f.required && isEditable(f) ? 'required' : '',
                    schema.labelFields?.includes(f.name) ? 'label-field' : '',
                  ]
                    .filter(Boolean)
                    .join(' ') || undefined
                }
              >
                {f.label}
              </label>
              <FieldWidget
                connection={connection}
                field={f}
                value={values[f.name]}
                onChange={(v) => setValue(f, v)}
                invalid={error !== undefined}
                inputId={inputId}
              />
              {error && (
                <span className="field-error" role="alert" data-testid={`error-${f.name}`} dir="auto">
                  {error}
                </span>
              )}
            </div>
          );
        })}
      </div>
      <div className="form-actions sticky">
        <span className="muted">{dirty ? 'Unsaved changes' : mode === 'create' ? 'New record' : 'No changes'}</span>
        <button type="button" disabled={!dirty || saving} onClick={revert}>
          Revert
        </button>
        <button type="submit" className="primary" disabled={saving || (mode === 'edit' && !dirty)}>
          {saving ? 'Saving…' : mode === 'create' ? 'Create' : 'Save'}
        </button>
      </div>
    </form>
  );
}

function withoutKey(o: Record<string, string>, key: string): Record<string, string> {
  const { [key]: _drop, ...rest } = o;
  return rest;
}

function stripIds(base: Partial<CrmRecord>): Record<string, RecordValue> {
  const out: Record<string, RecordValue> = {};
  for (const [k, v] of Object.entries(base)) if (k !== 'id' && v !== undefined) out[k] = v;
  return out;
}

function hasRealChange(base: Partial<CrmRecord>, changes: Record<string, RecordValue>): boolean {
  return Object.entries(changes).some(([k, v]) => !sameValue(base[k], v));
}
