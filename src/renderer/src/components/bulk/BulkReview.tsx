import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkStatus } from '../../../../shared/contract.ts';
import type { ModuleSchema } from '../../../../shared/fields.ts';
import { showValue } from '../../lib/download.ts';

type Result = NonNullable<BulkStatus['result']>;

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
  const { t } = useTranslation();
  return (
    <table className="plain-table" data-testid="bulk-mapping">
      <caption>{t('bulk.columns')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('bulk.column')}</th>
          <th scope="col">{t('bulk.field')}</th>
        </tr>
      </thead>
      <tbody>
        {result.columns.map((c) => (
          <tr key={c}>
            <td dir="auto">{c}</td>
            <td>
              <select
                aria-label={t('bulk.fieldFor', { column: c })}
                value={result.mapping[c] ?? ''}
                onChange={(e) => onChange(c, e.target.value)}
              >
                <option value="">{t('bulk.leaveOut')}</option>
                <FieldOptions schema={schema} />
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
  const { t } = useTranslation();
  return (
    <HeldTable
      testId="bulk-review"
      caption={t('bulk.review')}
      columns={[t('bulk.row'), t('bulk.record'), t('bulk.outcome'), t('bulk.changes')]}
    >
      {(result.plans ?? []).map((p) => (
        <tr key={p.row} data-kind={p.kind}>
          <td>{p.row}</td>
          <td dir="auto">{p.id ?? p.key}</td>
          <td className={p.kind === 'refused' ? 'bad' : undefined}>{t(`bulk.kind.${p.kind}`)}</td>
          <td dir="auto">
            {p.kind === 'refused'
              ? p.message
              : Object.entries(p.changes)
                  .map(([f, v]) => t('bulk.change', { field: f, before: showValue(p.before[f]), after: showValue(v) }))
                  .join(t('common.detailSeparator'))}
          </td>
        </tr>
      ))}
    </HeldTable>
  );
}

/** The result file's lines, as they are written to the report. */
export function ReportTable({ result }: { result: Result }) {
  const { t } = useTranslation();
  return (
    <HeldTable
      testId="bulk-report"
      caption={t('bulk.report')}
      columns={[t('bulk.row'), t('bulk.id'), t('bulk.status'), t('bulk.fields'), t('bulk.message')]}
    >
      {result.lines.map((l) => (
        <tr key={l.row}>
          <td>{l.row}</td>
          <td>{l.id}</td>
          <td className={l.status === 'refused' ? 'bad' : undefined}>{l.status}</td>
          <td>{l.fields.join(t('common.listSeparator'))}</td>
          <td dir="auto">{l.message}</td>
        </tr>
      ))}
    </HeldTable>
  );
}

/** A captioned table in the scrolling holder the dry run and the report share; `children` are its rows. */
function HeldTable({
  testId,
  caption,
  columns,
  children,
}: {
  testId: string;
  caption: string;
  columns: string[];
  children: ReactNode;
}) {
  return (
    <div className="bulk-table-holder">
      <table className="plain-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The choices of a field select in the bulk dialog: the record id, then the module's fields by label. */
export function FieldOptions({ schema }: { schema: ModuleSchema }) {
  const { t } = useTranslation();
  return (
    <>
      <option value="id">{t('bulk.id')}</option>
      {schema.fields.map((f) => (
        <option key={f.name} value={f.name}>
          {f.label}
        </option>
      ))}
    </>
  );
}
