import type { BulkStatus } from '../../../../shared/contract.ts';
import type { ModuleSchema } from '../../../../shared/fields.ts';
import { showValue } from '../../lib/download.ts';

type Result = NonNullable<BulkStatus['result']>;

const KIND_TEXT = {
  update: 'would change',
  create: 'would create',
  unchanged: 'unchanged',
  refused: 'refused',
} as const;

/** The file's columns and the field each goes to (editable; a change runs the dry run again). */
export function MappingTable({
  result,
  schema,
  onChange,
}: {
  result: Result;
  schema: ModuleSchema;
  onChange: (column: string, field: string) => void;
}) {
  return (
    <table className="plain-table" data-testid="bulk-mapping">
      <caption>Columns</caption>
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Field</th>
        </tr>
      </thead>
      <tbody>
        {result.columns.map((c) => (
          <tr key={c}>
            <td dir="auto">{c}</td>
            <td>
              <select
                aria-label={`Field for column ${c}`}
                value={result.mapping[c] ?? ''}
                onChange={(e) => onChange(c, e.target.value)}
              >
                <option value="">(leave out)</option>
                <option value="id">id</option>
                {schema.fields.map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.label} ({f.name})
                  </option>
                ))}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The dry run row by row: the record, each field before and after, and why a row would be refused. */
export function DryRunTable({ result }: { result: Result }) {
  return (
    <div className="bulk-table-holder">
      <table className="plain-table" data-testid="bulk-review">
        <caption>Dry run</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Record</th>
            <th scope="col">Result</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {(result.plans ?? []).map((p) => (
            <tr key={p.row} data-kind={p.kind}>
              <td>{p.row}</td>
              <td dir="auto">{p.id ?? p.key}</td>
              <td className={p.kind === 'refused' ? 'bad' : undefined}>{KIND_TEXT[p.kind]}</td>
              <td dir="auto">
                {p.kind === 'refused'
                  ? p.message
                  : Object.entries(p.changes)
                      .map(([f, v]) => `${f}: ${showValue(p.before[f])} → ${showValue(v)}`)
                      .join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The result file's lines, as they are written to the report. */
export function ReportTable({ result }: { result: Result }) {
  return (
    <div className="bulk-table-holder">
      <table className="plain-table" data-testid="bulk-report">
        <caption>Report</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Id</th>
            <th scope="col">Status</th>
            <th scope="col">Fields</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {result.lines.map((l) => (
            <tr key={l.row}>
              <td>{l.row}</td>
              <td>{l.id}</td>
              <td className={l.status === 'refused' ? 'bad' : undefined}>{l.status}</td>
              <td>{l.fields.join(', ')}</td>
              <td dir="auto">{l.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
