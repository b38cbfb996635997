import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_BULK_XLSX_BYTES } from '../../../../shared/contract.ts';
import type { ModuleSchema } from '../../../../shared/fields.ts';
import { useUndo } from '../../queries/audit.ts';
import { useBulkControl, useBulkStatus, useStartBulk } from '../../queries/bulk.ts';
import { useViewActions, useViews } from '../../queries/views.ts';
import { bytesToBase64 } from '../../lib/base64.ts';
import { csvText, downloadText } from '../../lib/download.ts';
import { ErrorBox, errorMessage } from '../common/ErrorBox.tsx';
import { DryRunTable, FieldOptions, MappingTable, ReportTable } from './BulkReview.tsx';

interface Props {
  connection: string;
  schema: ModuleSchema;
  /** The grid's saved view (undefined: the module's default view). */
  view?: string | null | undefined;
  onClose: () => void;
}

/** An XLSX file picked in the dialog: its bytes go to the main process as base64 (a bounded call). */
interface PickedXlsx {
  name: string;
  data: string;
}

/**
 * Bulk update from a CSV or XLSX file or cells pasted from a spreadsheet: a dry run first (mapping, per-row
 * review), then apply with progress, pause and cancel, the report, and undo of the whole job. The column
 * mapping can come from a saved view and be kept with one.
 */
export function BulkDialog({ connection, schema, view, onClose }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [xlsx, setXlsx] = useState<PickedXlsx | null>(null);
  const [fileNote, setFileNote] = useState<string | null>(null);
  const views = useViews(connection, schema.module);
  const viewActions = useViewActions(connection, schema.module);
  const gridView = view === undefined ? (views.data?.find((v) => v.default)?.name ?? null) : view;
  const withMapping = views.data?.filter((v) => v.bulkMap !== undefined) ?? [];
  // The mapping's view: the user's choice, else the grid's view when it holds a mapping.
  const [mapViewChoice, setMapViewChoice] = useState<string | null>(null);
  const mapView = mapViewChoice ?? (withMapping.some((v) => v.name === gridView) ? (gridView ?? '') : '');
  const [saveToChoice, setSaveTo] = useState<string | null>(null);
  const saveTo = saveToChoice ?? gridView ?? views.data?.[0]?.name ?? '';
  const [mappingNote, setMappingNote] = useState<string | null>(null);
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
  const hasSource = xlsx !== null || text.trim() !== '';
  const input = (viewName: string) => ({
    connection,
    module: schema.module,
    ...(xlsx ? { xlsx: xlsx.data } : { text }),
    ...(viewName !== '' ? { view: viewName } : {}),
    match,
    createMissing,
  });

  const runDry = async (nextMap = map, viewName = mapView) => {
    setApplyJob(null);
    setDryJob((await start.mutateAsync({ ...input(viewName), map: nextMap, dryRun: true })).jobId);
  };
  const apply = async () => setApplyJob((await start.mutateAsync({ ...input(mapView), map, dryRun: false })).jobId);

  const pickFile = async (file: File) => {
    setFileNote(null);
    if (/\.xlsx$/i.test(file.name)) {
      if (file.size > MAX_BULK_XLSX_BYTES) {
        setXlsx(null);
        setFileNote(t('bulk.tooLarge', { kb: Math.round(MAX_BULK_XLSX_BYTES / 1024) }));
        return;
      }
      setText('');
      setXlsx({ name: file.name, data: bytesToBase64(new Uint8Array(await file.arrayBuffer())) });
    } else {
      setXlsx(null);
      setText(await file.text());
    }
  };

  const chooseMapView = (name: string) => {
    setMapViewChoice(name);
    setMap({});
    if (hasSource) void runDry({}, name);
  };

  const saveMapping = async (columns: string[], mapping: Record<string, string>) => {
    // Every column of the file, a left-out one as '': the view reproduces this mapping exactly.
    const full = Object.fromEntries(columns.filter((c) => c !== '').map((c) => [c, mapping[c] ?? '']));
    try {
      await viewActions.setBulkMap.mutateAsync({ name: saveTo, map: full });
      setMappingNote(t('bulk.mappingSaved', { name: saveTo }));
    } catch (err) {
      setMappingNote(errorMessage(err));
    }
  };
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
            accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="bulk-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void pickFile(f);
            }}
          />
        </label>
        {xlsx && (
          <p className="muted" dir="auto" data-testid="bulk-xlsx">
            {t('bulk.xlsxChosen', { name: xlsx.name })}
          </p>
        )}
        {fileNote && (
          <p className="bad" role="alert">
            {fileNote}
          </p>
        )}
        <label className="form-row">
          <span>{t('bulk.paste')}</span>
          <textarea
            rows={4}
            value={text}
            data-testid="bulk-text"
            onChange={(e) => {
              setXlsx(null);
              setText(e.target.value);
            }}
            placeholder={t('bulk.pasteHint')}
          />
        </label>
        <label className="form-row">
          <span>{t('bulk.mappingView')}</span>
          <select value={mapView} onChange={(e) => chooseMapView(e.target.value)} data-testid="bulk-map-view">
            <option value="">{t('bulk.byName')}</option>
            {withMapping.map((v) => (
              <option key={v.name} value={v.name}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        <label className="form-row">
          <span>{t('bulk.match')}</span>
          <select value={match} onChange={(e) => setMatch(e.target.value)} data-testid="bulk-match">
            <FieldOptions schema={schema} />
          </select>
        </label>
        {schema.capabilities.create && (
          <label className="check-row">
            <input type="checkbox" checked={createMissing} onChange={(e) => setCreateMissing(e.target.checked)} />{' '}
            {t('bulk.createMissing')}
          </label>
        )}
        <div className="button-row">
          <button type="button" disabled={!hasSource || running} onClick={() => void runDry()}>
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
            {(views.data?.length ?? 0) > 0 ? (
              <div className="button-row">
                <label>
                  {t('bulk.saveMappingTo')}{' '}
                  <select value={saveTo} onChange={(e) => setSaveTo(e.target.value)} data-testid="bulk-save-view">
                    {views.data?.map((v) => (
                      <option key={v.name} value={v.name}>
                        {v.name}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  disabled={saveTo === '' || viewActions.setBulkMap.isPending}
                  onClick={() => void saveMapping(dryResult.columns, dryResult.mapping)}
                >
                  {t('bulk.saveMapping')}
                </button>
                {mappingNote && (
                  <span className="muted" role="status" data-testid="bulk-mapping-note">
                    {mappingNote}
                  </span>
                )}
              </div>
            ) : (
              <p className="muted">{t('bulk.noViews')}</p>
            )}
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
