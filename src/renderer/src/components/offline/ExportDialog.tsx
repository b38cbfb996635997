import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelInput } from '../../../../shared/contract.ts';
import { CrmError } from '../../../../shared/errors.ts';
import type { ListQuery } from '../../../../shared/query.ts';
import { arrows, isolate } from '../../i18n/bidi.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { useDescribe } from '../../queries/modules.ts';
import { useCancelExport, useExportStatus, useStartExport } from '../../queries/offline.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';

type Format = ChannelInput<'export.start'>['format'];

interface Props {
  connection: string;
  module: string;
  query: Pick<ListQuery, 'sort' | 'filters'>;
  columns: string[];
  offline: boolean;
  onClose: () => void;
}

/** Exports what the grid shows (its filters, sort and visible columns) to CSV, XLSX, JSON or NDJSON. */
export function ExportDialog({ connection, module, query, columns, offline, onClose }: Props) {
  const { t } = useTranslation();
  const { formats, dir } = useLocale();
  const [format, setFormat] = useState<Format>('csv');
  const [bom, setBom] = useState(false);
  const [fromCopy, setFromCopy] = useState(offline);
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useStartExport();
  const status = useExportStatus(jobId);
  const cancel = useCancelExport();
  const running = status.data?.state === 'running' || (jobId !== null && !status.data);
  // Named as the grid names them: describe is already cached by the module screen.
  const schema = useDescribe(connection, module);
  const sortLabel = query.sort
    ? (schema.data?.fields.find((f) => f.name === query.sort?.field)?.label ?? query.sort.field)
    : null;
  const filterCount = query.filters?.length ?? 0;
  const summary = [
    t('export.columns', { count: columns.length, n: formats.count(columns.length) }),
    t('export.filters', { count: filterCount, n: formats.count(filterCount) }),
    ...(sortLabel !== null ? [t('export.sortedBy', { field: isolate(sortLabel) })] : []),
  ].join(t('common.listSeparator'));
  const s = status.data;
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && !running && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={t('export.dialog')}>
        <h2>{t('export.title', { module: isolate(schema.data?.label ?? module) })}</h2>
        <p className="muted">{summary}</p>
        <label className="form-row">
          <span>{t('export.format')}</span>
          {/* Focus starts inside the dialog, so the keyboard (and Escape) works on it at once. */}
          <select autoFocus value={format} onChange={(e) => setFormat(e.target.value as Format)}>
            <option value="csv">{t('export.formats.csv')}</option>
            <option value="xlsx">{t('export.formats.xlsx')}</option>
            <option value="json">{t('export.formats.json')}</option>
            <option value="ndjson">{t('export.formats.ndjson')}</option>
          </select>
        </label>
        {format === 'csv' && (
          <label className="check-row">
            <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> {t('export.bom')}
          </label>
        )}
        <label className="check-row">
          <input type="checkbox" checked={fromCopy} onChange={(e) => setFromCopy(e.target.checked)} />{' '}
          {t('export.fromCopy')}
        </label>
        {start.isError && <ErrorBox error={start.error} />}
        {/* The job's error arrives as plain data: revived, it gets its kind's title and its own message. */}
        {status.data?.error && <ErrorBox error={CrmError.fromData(status.data.error)} />}
        {s && (
          <p data-testid="export-status" data-state={s.state}>
            {t('export.rows', { count: s.rows, n: formats.count(s.rows), state: t(`export.state.${s.state}`) })}
            {s.errors ? (
              <>
                {t('common.listSeparator')}
                {t('export.unreadable', { count: s.errors, n: formats.count(s.errors) })}
              </>
            ) : null}
            {s.waiting ? (
              <>
                {t('pager.separator')}
                {t('offline.waiting', {
                  count: s.waiting.seconds,
                  n: formats.count(s.waiting.seconds),
                  vendor: s.waiting.vendor,
                })}
              </>
            ) : null}
            {s.file && (
              <>
                {' '}
                {arrows(dir).forward}{' '}
                <bdi className="mono" dir="ltr">
                  {s.file}
                </bdi>
              </>
            )}
          </p>
        )}
        <div className="modal-actions">
          {running && jobId ? (
            <button type="button" onClick={() => cancel.mutate(jobId)}>
              {t('export.cancel')}
            </button>
          ) : (
            <button type="button" onClick={onClose}>
              {t('common.close')}
            </button>
          )}
          <button
            type="button"
            className="primary"
            disabled={running || start.isPending}
            onClick={() =>
              start.mutate(
                { connection, module, format, bom, offline: fromCopy, columns, query },
                { onSuccess: (r) => setJobId(r.jobId) },
              )
            }
          >
            {t('export.start')}
          </button>
        </div>
      </div>
    </div>
  );
}
