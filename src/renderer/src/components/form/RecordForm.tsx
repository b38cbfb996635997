import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrmRecord, Field, ModuleSchema, RecordData, RecordValue } from '../../../../shared/fields.ts';
import { isEmptyValue, sameValue } from '../../../../shared/values.ts';
import { isEditable, validateField, validateRecord } from '../../lib/validation.ts';
import { arrows } from '../../i18n/bidi.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { useLeaveGuard } from '../../state/leaveGuard.tsx';
import { ErrorBox, fieldMessages } from '../common/ErrorBox.tsx';
import {
  collapsedByDefault,
  createLayout,
  itemField,
  itemFields,
  recordLayout,
  type LayoutSection,
} from '../../../../shared/layout.ts';
import { FormItem, type ItemContext } from './FormItem.tsx';
import { useSectionPrefs } from './sectionPrefs.ts';

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
  /** Opens a linked record (another module's record view). */
  onOpenLinked?: (module: string, id: string) => void;
  /** Modules of this connection, so a link offers "Open" only where the app can show the record. */
  linkableModules?: ReadonlySet<string>;
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
  const fields = fieldMessages(error);
  if (fields && Object.keys(fields).length > 0) return { fieldErrors: fields, error };
  return { error };
}

/**
 * A form generated from describe, laid out by shared/layout.ts: the record's identity first, then
 * collapsible sections (open or closed as the user last chose for the module), read-only facts as text.
 * Required fields are marked, checked before anything is sent, and the vendor's own per-field errors are
 * shown on the fields they name.
 */
export function RecordForm({ connection, schema, base, mode, saving, onSave, onOpenLinked, linkableModules }: Props) {
  const { t } = useTranslation();
  const layout = useMemo(() => (mode === 'create' ? createLayout(schema) : recordLayout(schema)), [mode, schema]);
  const { choices, choose } = useSectionPrefs(connection, schema.module);
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
  // Sections open or close by what the record held when shown, not as the user types.
  const [initialChanges] = useState(changes);
  const startValues = useMemo(() => ({ ...base, ...initialChanges }), [base, initialChanges]);

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
  const errors = { ...clientErrors, ...serverErrors };
  const ctx: ItemContext = {
    connection,
    labelFields: schema.labelFields ?? [],
    values,
    errors,
    isChanged: (name) => name in changes && (mode === 'create' || !sameValue(base[name], changes[name])),
    setValue,
    openLinked: onOpenLinked ?? null,
    modules: linkableModules ?? new Set(),
  };
  const isOpen = (section: LayoutSection) =>
    // A message on a field is never hidden in a closed section.
    section.items.flatMap(itemFields).some((f) => errors[f.name] !== undefined) ||
    (choices[section.id] ?? !collapsedByDefault(section, startValues));

  return (
    <form className="record-form" onSubmit={(e) => void submit(e)} noValidate data-testid="record-form">
      {bannerError !== null && <ErrorBox error={bannerError} />}
      {unknownFieldErrors.map(([n, m]) => (
        <p key={n} className="field-error">
          {n}: {m}
        </p>
      ))}
      {layout.identity.length > 0 && (
        <div
          className="record-identity"
          data-testid="record-identity"
          role="group"
          aria-label={mode === 'create' ? t('record.requiredFields') : t('record.summary')}
        >
          {mode === 'create' && <h3 className="identity-title">{t('record.required')}</h3>}
          <div className="form-grid identity-grid">
            {layout.identity.map((item) => (
              <FormItem key={itemField(item).name} item={item} ctx={ctx} />
            ))}
          </div>
        </div>
      )}
      {layout.sections.length > 1 && (
        <div className="section-tools">
          <button type="button" onClick={() => choose(Object.fromEntries(layout.sections.map((s) => [s.id, true])))}>
            {t('record.expandAll')}
          </button>
          <button type="button" onClick={() => choose(Object.fromEntries(layout.sections.map((s) => [s.id, false])))}>
            {t('record.collapseAll')}
          </button>
        </div>
      )}
      {layout.sections.map((section) => (
        <FormSection
          key={section.id}
          section={section}
          open={isOpen(section)}
          onToggle={(open) => choose({ [section.id]: open })}
          ctx={ctx}
        />
      ))}
      <div className="form-actions sticky">
        <span className="muted">
          {dirty ? t('record.unsaved') : mode === 'create' ? t('record.newRecord') : t('record.noChanges')}
        </span>
        <button type="button" disabled={!dirty || saving} onClick={revert}>
          {t('record.revert')}
        </button>
        <button type="submit" className="primary" disabled={saving || (mode === 'edit' && !dirty)}>
          {saving ? t('common.saving') : mode === 'create' ? t('record.create') : t('common.save')}
        </button>
      </div>
    </form>
  );
}

/** A collapsible group of fields; the button says whether it is open, and keyboard order is visual order. */
function FormSection({
  section,
  open,
  onToggle,
  ctx,
}: {
  section: LayoutSection;
  open: boolean;
  onToggle: (open: boolean) => void;
  ctx: ItemContext;
}) {
  const { t } = useTranslation();
  const { dir, formats } = useLocale();
  // The two sections the layout makes itself are named here; the others carry the vendor's own names.
  const label =
    section.kind === 'details'
      ? t('record.sectionDetails')
      : section.kind === 'facts'
        ? t('record.sectionFacts')
        : section.label;
  // Not derived from the section id: group names hold spaces, and aria-controls is a list of ids.
  const bodyId = useId();
  const count = section.items.flatMap(itemFields).length;
  return (
    <section className={`form-section ${section.kind}`} data-section={section.id} aria-label={label}>
      <h3 className="section-title">
        <button type="button" aria-expanded={open} aria-controls={bodyId} onClick={() => onToggle(!open)}>
          <span className="chevron" aria-hidden="true">
            {open ? arrows(dir).expanded : arrows(dir).collapsed}
          </span>
          <span dir="auto">{label}</span>
          <span className="muted section-count">{formats.count(count)}</span>
        </button>
      </h3>
      <div id={bodyId} className="form-grid" hidden={!open}>
        {section.items.map((item) => (
          <FormItem key={itemField(item).name} item={item} ctx={ctx} short={section.kind === 'group'} />
        ))}
      </div>
    </section>
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
