import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordValue } from '../../../../shared/fields.ts';
import { useMirrorPreview } from '../../queries/records.ts';

interface Props {
  connection: string;
  module: string;
  /** True while the vendor has not answered yet; the preview leaves once it has. */
  waiting: boolean;
}

const MAX_COLUMNS = 8;

/**
 * The module's first rows from the offline copy, shown read-only until the vendor answers and the real
 * grid takes over, so a start-up shows data at once instead of a spinner.
 */
export function MirrorPreview({ connection, module, waiting }: Props) {
  const { t } = useTranslation();
  const ref = useMemo(() => ({ connection, module }), [connection, module]);
  const page = useMirrorPreview(ref, waiting);
  const rows = page.data?.rows ?? [];
  if (!waiting || rows.length === 0) return null;
  const columns = Object.keys(rows[0] ?? {}).slice(0, MAX_COLUMNS);
  return (
    <div className="grid-wrap mirror-preview" data-testid="mirror-preview">
      <p className="muted">{t('module.previewNote', { connection })}</p>
      <table className="preview-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" dir="auto">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              {columns.map((c) => (
                <td key={c} dir="auto">
                  {show(r[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function show(v: RecordValue | undefined): string {
  if (v === null || v === undefined) return '';
  return Array.isArray(v) ? v.join(', ') : String(v);
}
