import { useTranslation } from 'react-i18next';
import type { Field, RecordValue } from '../../../../shared/fields.ts';
import { isEditableField, shortLabel, type LayoutItem } from '../../../../shared/layout.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { useLabels } from '../../queries/records.ts';
import { FieldWidget } from './FieldWidget.tsx';
import { LockedField } from './LockedField.tsx';

/** What every line of the form needs from the form itself. */
export interface ItemContext {
  connection: string;
  labelFields: readonly string[];
  values: Readonly<Record<string, RecordValue | undefined>>;
  errors: Readonly<Record<string, string>>;
  isChanged: (name: string) => boolean;
  setValue: (field: Field, value: RecordValue) => void;
  /** Opens a record of another module (a link's "Open"); null when the target cannot be opened here. */
  openLinked: ((module: string, id: string) => void) | null;
  /** Module ids this connection serves (a link opens only into one of them). */
  modules: ReadonlySet<string>;
}

interface Props {
  item: LayoutItem;
  ctx: ItemContext;
  /** Inside a group's section: "Locality", not "Visiting address: Locality". */
  short?: boolean;
}

/** One line of the form: an input, a read-only fact as text, or a link with its record's copies folded in. */
export function FormItem({ item, ctx, short = false }: Props) {
  if (item.kind === 'link') return <LinkLine item={item} ctx={ctx} />;
  const label = short ? shortLabel(item.field) : item.field.label;
  return isEditableField(item.field) ? (
    <EditableField field={item.field} label={label} ctx={ctx} />
  ) : (
    <Fact field={item.field} label={label} ctx={ctx} />
  );
}

function EditableField({
  field,
  label,
  ctx,
  className = '',
}: {
  field: Field;
  label: string;
  ctx: ItemContext;
  className?: string;
}) {
  const error = ctx.errors[field.name];
  const inputId = `f-${field.name}`;
  const helpId = field.help ? `help-${field.name}` : undefined;
  const labelClass =
    [field.required ? 'required' : '', ctx.labelFields.includes(field.name) ? 'label-field' : '']
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <div
      className={`form-field${ctx.isChanged(field.name) ? ' changed' : ''}${error ? ' has-error' : ''} ${className}`.trim()}
      data-field={field.name}
      data-type={field.type}
    >
      <label htmlFor={inputId} dir="auto" className={labelClass}>
        {label}
      </label>
      <FieldWidget
        connection={ctx.connection}
        field={field}
        value={ctx.values[field.name]}
        onChange={(v) => ctx.setValue(field, v)}
        invalid={error !== undefined}
        inputId={inputId}
        {...(helpId ? { describedBy: helpId } : {})}
      />
      {field.help && (
        <span className="field-help" id={helpId} dir="auto">
          {field.help}
        </span>
      )}
      {error && (
        <span className="field-error" role="alert" data-testid={`error-${field.name}`} dir="auto">
          {error}
        </span>
      )}
    </div>
  );
}

/** A read-only field: its label and value as compact text. */
function Fact({ field, label, ctx }: { field: Field; label: string; ctx: ItemContext }) {
  return (
    <div className="form-field fact" data-field={field.name} data-type={field.type} data-readonly="true">
      <span className="fact-label" dir="auto" title={field.help}>
        {label}
      </span>
      <LockedField
        connection={ctx.connection}
        field={field}
        value={ctx.values[field.name]}
        inputId={`f-${field.name}`}
        invalid={false}
      />
    </div>
  );
}

/**
 * A link to another record on one line, under the link's own name ("Relation manager"): the link
 * itself (editable when the vendor lets it be changed), a way to open the linked record, and the
 * read-only copies of its fields folded away.
 */
function LinkLine({ item, ctx }: { item: Extract<LayoutItem, { kind: 'link' }>; ctx: ItemContext }) {
  const { t } = useTranslation();
  const { formats } = useLocale();
  const { link, open, copies, label } = item;
  const openId = open ? ctx.values[open.name] : undefined;
  const target = open?.referenceTargets.find((m) => ctx.modules.has(m));
  const linked = ctx.openLinked !== null && target !== undefined && typeof openId === 'string' && openId !== '';
  // "Open" only for a record the vendor can find (a link may point where the user cannot go).
  const found = useLabels(ctx.connection, linked ? target : null, linked ? [openId] : []);
  const canOpen = linked && found.data?.[openId] !== undefined;
  const editable = isEditableField(link);
  return (
    <div className="link-line" data-link={label}>
      <div className="link-main">
        {editable ? (
          <EditableField field={link} label={label} ctx={ctx} className="link-field" />
        ) : (
          <Fact field={link} label={label} ctx={ctx} />
        )}
        {canOpen && (
          <button
            type="button"
            className="link-open"
            aria-label={t('record.open', { label })}
            title={t('record.open', { label })}
            onClick={() => ctx.openLinked?.(target, openId)}
          >
            {t('record.openButton')}
          </button>
        )}
      </div>
      {copies.length > 0 && (
        <details className="link-copies">
          <summary>{t('record.moreFrom', { count: copies.length, n: formats.count(copies.length), label })}</summary>
          <div className="copies-grid">
            {copies.map((f) => (
              <Fact key={f.name} field={f} label={shortLabel(f)} ctx={ctx} />
            ))}
          </div>
        </details>
      )}
    </div>
  );
}
