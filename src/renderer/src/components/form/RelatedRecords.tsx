import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrmRecord, Field, ModuleSchema } from '../../../../shared/fields.ts';
import type { Relation } from '../../../../shared/relations.ts';
import { RELATED_PAGE_SIZE } from '../../../../shared/relations.ts';
import type { ListQuery } from '../../../../shared/query.ts';
import { useDescribe, useModules, useRelations } from '../../queries/modules.ts';
import { useLabels, useRecordPage } from '../../queries/records.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { recordTitle } from './RecordView.tsx';

interface Props {
  connection: string;
  module: string;
  recordId: string;
  /** The record itself: its own reference fields are the way back (a contact's account). */
  schema: ModuleSchema;
  record: CrmRecord;
  onOpen: (module: string, id: string) => void;
  /** Opens a create form of `module` with `field` already pointing at this record. */
  onNew: (module: string, field: string, id: string) => void;
}

/** A record view's Related section: one paged list per relation the vendor's metadata names. */
export function RelatedRecords({ connection, module, recordId, schema, record, onOpen, onNew }: Props) {
  const { t } = useTranslation();
  const relations = useRelations(connection, module);
  const modules = useModules(connection);
  const served = new Set((modules.data ?? []).map((m) => m.name));
  const parents = schema.fields.filter(
    (f) =>
      f.type === 'reference' &&
      typeof record[f.name] === 'string' &&
      record[f.name] !== '' &&
      f.referenceTargets.some((t) => served.has(t)),
  );
  if (relations.isError) return <ErrorBox error={relations.error} onRetry={() => void relations.refetch()} />;
  if ((!relations.data || relations.data.length === 0) && parents.length === 0) return null;
  return (
    <section className="related" aria-label={t('related.label')} data-testid="related">
      <h3>{t('related.title')}</h3>
      {parents.length > 0 && (
        <ul className="related-rows" data-testid="related-parents">
          {parents.map((f) => (
            <ParentLink
              key={f.name}
              connection={connection}
              field={f}
              target={f.referenceTargets.find((t) => served.has(t)) ?? ''}
              id={String(record[f.name])}
              onOpen={onOpen}
            />
          ))}
        </ul>
      )}
      {relations.data?.map((rel) => (
        <RelatedList
          key={`${rel.module}:${rel.field}`}
          connection={connection}
          relation={rel}
          recordId={recordId}
          onOpen={onOpen}
          onNew={onNew}
        />
      ))}
    </section>
  );
}

/** One of the record's own links, opened in place ("Account: Wonka S.A."). */
function ParentLink({
  connection,
  field,
  target,
  id,
  onOpen,
}: {
  connection: string;
  field: Field;
  target: string;
  id: string;
  onOpen: (module: string, id: string) => void;
}) {
  const label = useLabels(connection, target, [id]);
  const name = label.data?.[id];
  // A link the vendor cannot resolve (deleted, out of reach) is not offered.
  if (label.isSuccess && name === undefined) return null;
  return (
    <li>
      <span className="muted">{field.label}: </span>
      <button type="button" className="link" dir="auto" onClick={() => onOpen(target, id)}>
        {name ?? '…'}
      </button>
    </li>
  );
}

function RelatedList({
  connection,
  relation,
  recordId,
  onOpen,
  onNew,
}: Pick<Props, 'connection' | 'recordId' | 'onOpen' | 'onNew'> & { relation: Relation }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const schema = useDescribe(connection, relation.module);
  const ref = useMemo(() => ({ connection, module: relation.module }), [connection, relation.module]);
  const query = useMemo<ListQuery>(
    () => ({
      page,
      pageSize: RELATED_PAGE_SIZE,
      filters: [{ field: relation.field, op: '=', value: recordId }],
    }),
    [page, relation.field, recordId],
  );
  const rows = useRecordPage(ref, query, false);
  const total = rows.data?.total;
  const canCreate = schema.data?.capabilities.create === true;
  return (
    <div className="related-list" data-testid={`related-${relation.module}-${relation.field}`}>
      <div className="related-head">
        <h4 dir="auto">
          {relation.label}
          {total !== undefined && <span className="muted"> · {total}</span>}
        </h4>
        <span className="spacer" />
        {canCreate && (
          <button type="button" onClick={() => onNew(relation.module, relation.field, recordId)}>
            {t('related.newThing', { thing: schema.data?.label ?? relation.module })}
          </button>
        )}
      </div>
      {rows.isError && <ErrorBox error={rows.error} onRetry={() => void rows.refetch()} />}
      {rows.isPending && <p className="muted">{t('common.loading')}</p>}
      {rows.data && rows.data.rows.length === 0 && <p className="muted">{t('related.none')}</p>}
      {rows.data && rows.data.rows.length > 0 && (
        <ul className="related-rows">
          {rows.data.rows.map((r) => (
            <li key={r.id}>
              <button type="button" className="link" dir="auto" onClick={() => onOpen(relation.module, r.id)}>
                {schema.data ? recordTitle(schema.data, r) : `#${r.id}`}
              </button>
            </li>
          ))}
        </ul>
      )}
      {(page > 1 || rows.data?.hasMore) && (
        <div className="pager">
          <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            {t('related.previous')}
          </button>
          <span className="muted">{t('related.page', { page })}</span>
          <button type="button" disabled={!rows.data?.hasMore} onClick={() => setPage((p) => p + 1)}>
            {t('related.next')}
          </button>
        </div>
      )}
    </div>
  );
}
