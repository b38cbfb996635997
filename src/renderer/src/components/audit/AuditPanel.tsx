import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import type { UndoResultData } from '../../../../shared/contract.ts';
import { useAuditLog, useUndo, type AuditFilter } from '../../queries/audit.ts';
import { csvText, downloadText, showValue } from '../../lib/download.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { UndoConflicts } from './UndoConflicts.tsx';

interface Props {
  connection: string;
  module: string;
  onClose: () => void;
}

/** The audit log of a connection: filter by module, record and date, export, undo an entry. */
export function AuditPanel({ connection, module, onClose }: Props) {
  const { t } = useTranslation();
  const { formats } = useLocale();
  const [filter, setFilter] = useState<AuditFilter>({ module });
  const log = useAuditLog(connection, filter);
  const undo = useUndo(connection);
  const [pending, setPending] = useState<{ entry: number; result: UndoResultData } | null>(null);
  const entries = log.data ?? [];
  const set = (k: keyof AuditFilter, v: string) =>
    setFilter((f) => {
      const next = { ...f };
      if (v === '') delete next[k];
      else next[k] = k === 'since' ? new Date(v).toISOString() : v;
      return next;
    });
  const undoEntry = async (entry: number, keep?: 'mine' | 'theirs') => {
    const result = await undo.mutateAsync({ entry, ...(keep ? { keep } : {}) });
    setPending(result.ok ? null : { entry, result });
  };
  const exportAs = (format: 'csv' | 'json') =>
    format === 'json'
      ? downloadText('audit.json', JSON.stringify(entries, null, 2), 'application/json')
      : downloadText(
          'audit.csv',
          csvText(
            ['id', 'at', 'connection', 'module', 'record', 'action', 'outcome', 'before', 'after', 'message'],
            entries.map((e) => [
              e.id,
              e.at,
              e.connection,
              e.module,
              e.record,
              e.action,
              e.outcome,
              JSON.stringify(e.before),
              JSON.stringify(e.after),
              e.message ?? '',
            ]),
          ),
          'text/csv',
        );
  return (
    <aside className="side-panel audit-panel" aria-label={t('audit.title')} data-testid="audit-panel">
      <div className="panel-head">
        <h2>{t('audit.title')}</h2>
        <span className="spacer" />
        <button type="button" onClick={() => exportAs('csv')}>
          {t('audit.exportCsv')}
        </button>
        <button type="button" onClick={() => exportAs('json')}>
          {t('audit.exportJson')}
        </button>
        <button type="button" onClick={onClose}>
          {t('audit.close')}
        </button>
      </div>
      <div className="button-row">
        <label>
          {t('audit.module')} <input value={filter.module ?? ''} onChange={(e) => set('module', e.target.value)} />
        </label>
        <label>
          {t('audit.record')} <input value={filter.record ?? ''} onChange={(e) => set('record', e.target.value)} />
        </label>
        <label>
          {t('audit.since')} <input type="date" onChange={(e) => set('since', e.target.value)} />
        </label>
      </div>
      {log.isError && <ErrorBox error={log.error} />}
      {undo.isError && <ErrorBox error={undo.error} />}
      {pending && !pending.result.ok && (
        <UndoConflicts
          conflicts={pending.result.conflicts}
          onKeep={(keep) => void undoEntry(pending.entry, keep)}
          onCancel={() => setPending(null)}
        />
      )}
      <table className="plain-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.record')}</th>
            <th scope="col">{t('audit.beforeAfter')}</th>
            <th scope="col">{t('audit.outcome')}</th>
            <th scope="col">
              <span className="sr-only">{t('audit.undo')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-action={e.action}>
              <td>{formats.dateTime(e.at)}</td>
              <td>{t(`audit.actions.${e.action}`)}</td>
              <td dir="auto">{t('audit.recordRef', { module: e.module, id: e.record })}</td>
              <td dir="auto">
                {[...new Set([...Object.keys(e.before), ...Object.keys(e.after)])]
                  .map((f) =>
                    t('bulk.change', { field: f, before: showValue(e.before[f]), after: showValue(e.after[f]) }),
                  )
                  .join(t('common.detailSeparator'))}
              </td>
              <td className={e.outcome === 'error' ? 'bad' : undefined} dir="auto">
                {e.outcome === 'ok' ? t('audit.ok') : (e.message ?? t('audit.error'))}
              </td>
              <td>
                {e.outcome === 'ok' && e.action !== 'undo' && e.op !== 'delete' && (
                  <button type="button" disabled={undo.isPending} onClick={() => void undoEntry(e.id)}>
                    {t('audit.undo')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && !log.isPending && <p className="muted">{t('audit.empty')}</p>}
    </aside>
  );
}
