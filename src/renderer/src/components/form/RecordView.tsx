import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrmRecord, ModuleSchema, RecordData } from '../../../../shared/fields.ts';
import { arrows, isolate } from '../../i18n/bidi.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { isEditable } from '../../lib/validation.ts';
import { useLeaveGuard } from '../../state/leaveGuard.tsx';
import { useModules } from '../../queries/modules.ts';
import { useCreateRecord, useDeleteRecord, useRecord, useUpdateRecord } from '../../queries/records.ts';
import { ConfirmDialog } from '../common/ConfirmDialog.tsx';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { RecordForm, outcomeOf, type SaveOutcome } from './RecordForm.tsx';

interface Props {
  connection: string;
  schema: ModuleSchema;
  /** A record id, or 'new'. */
  recordId: string;
  cloneOf: string | null;
  onClose: () => void;
  onOpen: (id: string) => void;
  onClone: (id: string) => void;
  /** Opens a record of another module (a link's "Open"). */
  onOpenLinked?: (module: string, id: string) => void;
}

export function recordTitle(schema: ModuleSchema, record: Partial<CrmRecord> | undefined): string {
  if (!record) return '';
  const parts = (schema.labelFields ?? [])
    .map((n) => record[n])
    .filter((v) => v !== null && v !== undefined && v !== '');
  return parts.length ? parts.join(' ') : `#${record.id ?? ''}`;
}

/** Values a clone starts from: everything the user could have typed, nothing the vendor generates. */
function cloneBase(schema: ModuleSchema, source: CrmRecord): Partial<CrmRecord> {
  const out: Partial<CrmRecord> = {};
  for (const f of schema.fields) if (isEditable(f) && source[f.name] !== undefined) out[f.name] = source[f.name];
  return out;
}

export function RecordView({ connection, schema, recordId, cloneOf, onClose, onOpen, onClone, onOpenLinked }: Props) {
  const { t } = useTranslation();
  const { dir } = useLocale();
  const modules = useModules(connection);
  const linkable = useMemo(() => new Set((modules.data ?? []).map((m) => m.name)), [modules.data]);
  const ref = { connection, module: schema.module };
  const isNew = recordId === 'new';
  const record = useRecord(ref, isNew ? cloneOf : recordId);
  const update = useUpdateRecord(ref);
  const create = useCreateRecord(ref);
  const del = useDeleteRecord(ref);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { setDirty } = useLeaveGuard();

  const save = async (data: RecordData): Promise<SaveOutcome> => {
    try {
      if (isNew) {
        const created = await create.mutateAsync(data);
        // Saved: moving on to the new record is not leaving unsaved edits.
        setDirty(false);
        onOpen(created.id);
      } else {
        await update.mutateAsync({ id: recordId, data });
      }
      return {};
    } catch (err) {
      return outcomeOf(err);
    }
  };

  const title = isNew
    ? cloneOf
      ? t('record.copyOf', { title: isolate(recordTitle(schema, record.data)) })
      : t('record.newOf', { module: isolate(schema.label ?? schema.module) })
    : recordTitle(schema, record.data);
  const waiting = (isNew && cloneOf !== null) || !isNew;
  return (
    <section className="record-view" aria-label={t('record.label')} data-testid="record-view">
      <header className="record-header">
        <button type="button" onClick={onClose} aria-label={t('record.back')}>
          {t('record.backShort', { arrow: arrows(dir).back })}
        </button>
        <h2 dir="auto">{title}</h2>
        {!isNew && (
          <bdi className="muted mono" data-testid="record-id">
            #{recordId}
          </bdi>
        )}
        <span className="spacer" />
        {!isNew && schema.capabilities.create && (
          <button type="button" onClick={() => onClone(recordId)}>
            {t('record.clone')}
          </button>
        )}
        {!isNew && schema.capabilities.delete && (
          <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
            {t('record.delete')}
          </button>
        )}
      </header>
      {del.isError && <ErrorBox error={del.error} />}
      {waiting && record.isPending && <p className="muted">{t('record.loading')}</p>}
      {waiting && record.isError && <ErrorBox error={record.error} onRetry={() => void record.refetch()} />}
      {(!waiting || record.data) && (
        <RecordForm
          key={`${recordId}:${cloneOf ?? ''}`}
          connection={connection}
          schema={schema}
          mode={isNew ? 'create' : 'edit'}
          base={isNew ? (record.data ? cloneBase(schema, record.data) : {}) : (record.data ?? {})}
          saving={update.isPending || create.isPending}
          onSave={save}
          linkableModules={linkable}
          {...(onOpenLinked ? { onOpenLinked } : {})}
        />
      )}
      {confirmDelete && (
        <ConfirmDialog
          title={t('record.deleteTitle')}
          message={t('record.deleteMessage', { title: isolate(title) })}
          confirmLabel={t('record.delete')}
          danger
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            del.mutate(recordId, { onSuccess: onClose });
          }}
        />
      )}
    </section>
  );
}
