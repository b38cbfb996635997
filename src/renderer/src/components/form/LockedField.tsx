import { useTranslation } from 'react-i18next';
import type { Field, RecordValue } from '../../../../shared/fields.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { formatValue } from '../../lib/format.ts';
import { useLabels } from '../../queries/records.ts';

interface Props {
  connection: string;
  field: Field;
  value: RecordValue | undefined;
  inputId: string;
  invalid: boolean;
}

/**
 * A read-only or automatic field, shown as compact text (not a disabled input). A reference (e.g. "Last
 * Modified By") shows the label of the record it points at, as the grid does, with the raw id in the
 * tooltip.
 */
export function LockedField({ connection, field, value, inputId, invalid }: Props) {
  const { t } = useTranslation();
  const { formats } = useLocale();
  const isRef = field.type === 'reference' || field.type === 'owner';
  const ids = isRef && typeof value === 'string' && value !== '' ? [value] : [];
  const labels = useLabels(connection, isRef ? (field.referenceTargets[0] ?? null) : null, ids);
  const text = formatValue(field, value, labels.data, formats);
  return (
    <span
      id={inputId}
      data-name={field.name}
      aria-invalid={invalid || undefined}
      dir="auto"
      className={`fact-value${text === '' ? ' empty' : ''}`}
      title={ids[0] !== undefined && text !== ids[0] ? t('record.readOnlyId', { id: ids[0] }) : t('record.readOnly')}
    >
      {text === '' ? '—' : text}
    </span>
  );
}
