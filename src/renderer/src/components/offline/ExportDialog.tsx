import { useState } from 'react';
import type { ChannelInput } from '../../../../shared/contract.ts';
import { CrmError } from '../../../../shared/errors.ts';
import type { ListQuery } from '../../../../shared/query.ts';
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
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && !running && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label="Export">
        <h2 dir="auto">Export {schema.data?.label ?? module}</h2>
        <p className="muted" dir="auto">
          {columns.length} columns, {query.filters?.length ?? 0} filters
          {sortLabel !== null ? `, sorted by ${sortLabel}` : ''}
        </p>
        <label className="form-row">
          <span>Format</span>
          {/* Focus starts inside the dialog, so the keyboard (and Escape) works on it at once. */}
          <select autoFocus value={format} onChange={(e) => setFormat(e.target.value as Format)}>
            <option value="csv">CSV</option>
            <option value="xlsx">Excel (XLSX)</option>
            <option value="json">JSON</option>
            <option value="ndjson">NDJSON</option>
          </select>
        </label>
        {format === 'csv' && (
          <label className="check-row">
            <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> Byte-order mark (for
            Excel)
          </label>
        )}
        <label className="check-row">
          <input type="checkbox" checked={fromCopy} onChange={(e) => setFromCopy(e.target.checked)} /> From the offline
          copy
        </label>
        {start.isError && <ErrorBox error={start.error} />}
        {/* The job's error arrives as plain data: revived, it gets its kind's title and its own message. */}
        {status.data?.error && <ErrorBox error={CrmError.fromData(status.data.error)} />}
        {status.data && (
          <p data-testid="export-status">
            {status.data.state}: {status.data.rows} rows{status.data.errors ? `, ${status.data.errors} unreadable` : ''}
            {status.data.waiting
              ? ` · waiting ${status.data.waiting.seconds} s for ${status.data.waiting.vendor}'s rate limit`
              : ''}
            {status.data.file && (
              <>
                {' '}
                → <span className="mono">{status.data.file}</span>
              </>
            )}
          </p>
        )}
        <div className="modal-actions">
          {running && jobId ? (
            <button type="button" onClick={() => cancel.mutate(jobId)}>
              Cancel export
            </button>
          ) : (
            <button type="button" onClick={onClose}>
              Close
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
            Export
          </button>
        </div>
      </div>
    </div>
  );
}
