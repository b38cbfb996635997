import { useState } from 'react';
import type { ChannelInput } from '../../../../shared/contract.ts';
import type { ListQuery } from '../../../../shared/query.ts';
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
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-label="Export">
        <h2>Export {module}</h2>
        <p className="muted">
          {columns.length} columns, {query.filters?.length ?? 0} filters
          {query.sort ? `, sorted by ${query.sort.field}` : ''}
        </p>
        <label className="form-row">
          <span>Format</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as Format)}>
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
        {status.data?.error && <ErrorBox error={status.data.error} />}
        {status.data && (
          <p data-testid="export-status">
            {status.data.state}: {status.data.rows} rows{status.data.errors ? `, ${status.data.errors} unreadable` : ''}
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
