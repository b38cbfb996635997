import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModuleSchema } from '../../../../shared/fields.ts';
import { useUndo } from '../../queries/audit.ts';
import { useBulkControl, useBulkStatus, useStartBulk } from '../../queries/bulk.ts';
import { csvText, downloadText } from '../../lib/download.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { DryRunTable, MappingTable, ReportTable } from './BulkReview.tsx';

interface Props {
  connection: string;
  schema: ModuleSchema;
  onClose: () => void;
}

/**
 * Bulk update from a CSV file or cells pasted from a spreadsheet: a dry run first (mapping, per-row
 * review), then apply with progress, pause and cancel, the report, and undo of the whole job.
 */
export function BulkDialog({ connection, schema, onClose }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [match, setMatch] = useState('id');
  const [createMissing, setCreateMissing] = useState(false);
  const [map, setMap] = useState<Record<string, string>>({});
  const [dryJob, setDryJob] = useState<string | null>(null);
  const [applyJob, setApplyJob] = useState<string | null>(null);
  const start = useStartBulk();
  const dry = useBulkStatus(dryJob, connection);
  const applied = useBulkStatus(applyJob, connection);
  const control = useBulkControl();
  const undo = useUndo(connection);
  const input = { connection, module: schema.module, text, match, createMissing };

  const runDry = async (nextMap = map) => {
    setApplyJob(null);
    setDryJob((await start.mutateAsync({ ...input, map: nextMap, dryRun: true })).jobId);
  };
  const apply = async () => setApplyJob((await start.mutateAsync({ ...input, map, dryRun: false })).jobId);
  const dryResult = dry.data?.state === 'done' ? dry.data.result : null;
  const run = applied.data;
  const running = run?.state === 'running' || run?.state === 'paused';
  const result = run?.result ?? null;

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && !running && onClose()}>
      <div className="modal modal-wide" role="dialog" aria-modal="true" aria-label={t('bulk.dialog')}>
        <h2 dir="auto">{t('bulk.title', { module: schema.label })}</h2>
        <label className="form-row">
          <span>{t('bulk.file')}</span>
          <input
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            data-testid="bulk-file"
            onChange={(e) => void e.target.files?.[0]?.text().then(setText)}
          />
        </label>
        <label className="form-row">
          <span>{t('bulk.paste')}</span>
          <textarea
            rows={4}
            value={text}
            data-testid="bulk-text"
            onChange={(e) => setText(e.target.value)}
            placeholder={t('bulk.pasteHint')}
          />
        </label>
        <label className="form-row">
          <span>{t('bulk.match')}</span>
          <select value={match} onChange={(e) => setMatch(e.target.value)} data-testid="bulk-match">
            <option value="id">{t('bulk.id')}</option>
            {schema.fields.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        {schema.capabilities.create && (
          <label className="check-row">
            <input type="checkbox" checked={createMissing} onChange={(e) => setCreateMissing(e.target.checked)} />{' '}
            {t('bulk.createMissing')}
          </label>
        )}
        <div className="button-row">
          <button type="button" disabled={text.trim() === '' || running} onClick={() => void runDry()}>
            {t('bulk.dryRun')}
          </button>
        </div>
        {start.isError && <ErrorBox error={start.error} />}
        {dry.data?.state === 'running' && <p className="muted">{t('bulk.reading', { n: dry.data.done })}</p>}
        {dry.data?.state === 'failed' && <ErrorBox error={dry.data.error} />}
        {dryResult && (
          <>
            <p data-testid="bulk-dry-summary">
              {t('bulk.drySummary', {
                rows: dryResult.rows,
                change: dryResult.applied,
                create: dryResult.created,
                same: dryResult.unchanged,
                refused: dryResult.refused,
              })}
            </p>
            <MappingTable
              result={dryResult}
              schema={schema}
              onChange={(c, f) => {
                const next = { ...dryResult.mapping, [c]: f };
                setMap(next);
                void runDry(next);
              }}
            />
            <DryRunTable result={dryResult} />
            {!applyJob && (
              <div className="button-row">
                <button
                  type="button"
                  className="primary"
                  disabled={dryResult.applied + dryResult.created === 0}
                  onClick={() => void apply()}
                >
                  {t('bulk.apply', { n: dryResult.applied + dryResult.created })}
                </button>
              </div>
            )}
          </>
        )}
        {run && running && (
          <div className="button-row" data-testid="bulk-progress">
            <progress max={run.total || 1} value={run.done} aria-label={t('bulk.rowsDone')} />
            <span>
              {t('bulk.progress', { done: run.done, total: run.total })}{' '}
              {run.state === 'paused' ? t('bulk.paused') : ''}
            </span>
            <button
              type="button"
              onClick={() => applyJob && control.pause.mutate({ jobId: applyJob, paused: run.state !== 'paused' })}
            >
              {run.state === 'paused' ? t('bulk.resume') : t('bulk.pause')}
            </button>
            <button type="button" onClick={() => applyJob && control.cancel.mutate(applyJob)}>
              {t('bulk.cancel')}
            </button>
          </div>
        )}
        {run?.state === 'failed' && <ErrorBox error={run.error} />}
        {result && !running && (
          <>
            <p data-testid="bulk-result">
              {t('bulk.result', {
                applied: result.applied,
                created: result.created,
                same: result.unchanged,
                refused: result.refused,
                notSent: result.notSent,
              })}
            </p>
            <div className="button-row">
              <button
                type="button"
                onClick={() =>
                  downloadText(
                    `bulk-${schema.module.replace(/\W+/g, '_')}-report.csv`,
                    csvText(
                      ['row', 'id', 'status', 'fields', 'message'],
                      result.lines.map((l) => [l.row, l.id, l.status, l.fields.join(';'), l.message]),
                    ),
                    'text/csv',
                  )
                }
              >
                {t('bulk.downloadReport')}
              </button>
              {result.job && (
                <button
                  type="button"
                  disabled={undo.isPending || undo.data?.ok === true}
                  onClick={() => result.job && undo.mutate({ job: result.job })}
                >
                  {undo.data?.ok ? t('bulk.undone') : t('bulk.undoJob')}
                </button>
              )}
            </div>
            {undo.data && !undo.data.ok && (
              <p className="bad">{t('bulk.undoConflicts', { n: undo.data.conflicts.length })}</p>
            )}
            {undo.isError && <ErrorBox error={undo.error} />}
            <ReportTable result={result} />
          </>
        )}
        <div className="button-row">
          <button type="button" disabled={running} onClick={onClose}>
            {t('bulk.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
