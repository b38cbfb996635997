import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListQuery } from '../../../../shared/query.ts';
import { useDescribe, useRefreshDescribe } from '../../queries/modules.ts';
import { useOfflineState, useStartSync } from '../../queries/offline.ts';
import { useCommand } from '../../commands/bus.ts';
import { useUndo } from '../../queries/audit.ts';
import { AuditPanel } from '../audit/AuditPanel.tsx';
import { BulkDialog } from '../bulk/BulkDialog.tsx';
import { ErrorBox, errorMessage, errorTitle } from '../common/ErrorBox.tsx';
import { RecordView } from '../form/RecordView.tsx';
import { MirrorPreview } from '../grid/MirrorPreview.tsx';
import { RecordGrid } from '../grid/RecordGrid.tsx';
import { ExportDialog } from '../offline/ExportDialog.tsx';
import { OfflineBar } from '../offline/OfflineBar.tsx';
import { OutboxPanel } from '../offline/OutboxPanel.tsx';

interface Props {
  connection: string;
  module: string;
  record: string | null;
  cloneOf: string | null;
  onRecord: (record: string | null, cloneOf?: string | null) => void;
  /** Opens a record of another module of the same connection. */
  onOpenLinked?: (module: string, id: string) => void;
  /** A 'new' form opened from a Related list: the reference field that starts at the parent record. */
  link?: { field: string; id: string } | null;
  /** Opens a create form of another module pre-linked to a record (a Related list's "New"). */
  onNewLinked?: (module: string, field: string, id: string) => void;
  /** The saved view the grid shows (see Place.savedView). */
  savedView?: string | null | undefined;
  onSavedView?: (name: string | null) => void;
}

interface ExportRequest {
  query: Pick<ListQuery, 'sort' | 'filters'>;
  columns: string[];
  fromCopy: boolean;
}

/** One module: its grid, and over it the record view when a record is open (the grid keeps its page). */
export function ModuleScreen({
  connection,
  module,
  record,
  cloneOf,
  onRecord,
  onOpenLinked,
  link = null,
  onNewLinked,
  savedView,
  onSavedView,
}: Props) {
  const { t } = useTranslation();
  const schema = useDescribe(connection, module);
  const refresh = useRefreshDescribe(connection, module);
  const offline = useOfflineState(connection);
  const [exporting, setExporting] = useState<ExportRequest | null>(null);
  const [outbox, setOutbox] = useState(false);
  const [bulk, setBulk] = useState(false);
  const [audit, setAudit] = useState(false);
  const undoLast = useUndo(connection);
  const isOffline = offline.data?.offline ?? false;
  const startSync = useStartSync(connection);
  // Palette and shortcut actions on this module (commands/actions.ts).
  useCommand('new-record', () => schema.data?.capabilities.create && onRecord('new'));
  useCommand('refresh-fields', () => !isOffline && refresh.mutate());
  useCommand('sync', () => startSync.mutate());
  return (
    <div className="module-screen">
      <div className="module-header">
        <h1 dir="auto">{schema.data?.label ?? module}</h1>
        <bdi className="muted">{connection}</bdi>
        <span className="spacer" />
        <button
          type="button"
          onClick={() => refresh.mutate()}
          disabled={refresh.isPending || isOffline}
          title={t('module.refreshHint')}
        >
          {refresh.isPending ? t('module.refreshingFields') : t('module.refreshFields')}
        </button>
        {refresh.isError && (
          <span className="bad">
            {errorTitle(refresh.error)}: <bdi>{errorMessage(refresh.error)}</bdi>
          </span>
        )}
        <button type="button" onClick={() => setBulk(true)} disabled={!schema.data?.capabilities.update}>
          {t('bulk.open')}
        </button>
        <button type="button" onClick={() => setAudit((a) => !a)} aria-pressed={audit}>
          {t('audit.title')}
        </button>
        <button type="button" onClick={() => undoLast.mutate({ last: true })} disabled={undoLast.isPending}>
          {t('audit.undoLast')}
        </button>
        {undoLast.data && (
          <span className={undoLast.data.ok ? 'muted' : 'bad'} role="status">
            {undoLast.data.ok ? t('audit.undone') : t('audit.changedSince')}
          </span>
        )}
        {undoLast.isError && (
          <span className="bad">
            {errorTitle(undoLast.error)}: <bdi>{errorMessage(undoLast.error)}</bdi>
          </span>
        )}
        <OfflineBar connection={connection} onOutbox={() => setOutbox((o) => !o)} />
      </div>
      {schema.isPending && <div className="grid-state">{t('module.loadingFields')}</div>}
      <MirrorPreview connection={connection} module={module} waiting={schema.isPending} />
      {schema.isError && <ErrorBox error={schema.error} onRetry={() => void schema.refetch()} />}
      {schema.data && (
        <div className="module-body">
          <div className="module-main">
            <div className="grid-holder" hidden={record !== null}>
              <RecordGrid
                key={`${connection}:${module}`}
                connection={connection}
                schema={schema.data}
                offline={isOffline}
                onOpenRecord={(id) => onRecord(id)}
                onNew={() => onRecord('new')}
                onExport={(query, columns, fromCopy) => setExporting({ query, columns, fromCopy })}
                viewName={savedView}
                {...(onSavedView ? { onViewName: onSavedView } : {})}
              />
            </div>
            {record !== null && (
              <RecordView
                connection={connection}
                schema={schema.data}
                recordId={record}
                cloneOf={cloneOf}
                onClose={() => onRecord(null)}
                onOpen={(id) => onRecord(id)}
                onClone={(id) => onRecord('new', id)}
                link={link}
                {...(onOpenLinked ? { onOpenLinked } : {})}
                {...(onNewLinked ? { onNewLinked } : {})}
              />
            )}
          </div>
          {outbox && <OutboxPanel connection={connection} onClose={() => setOutbox(false)} />}
          {audit && <AuditPanel connection={connection} module={module} onClose={() => setAudit(false)} />}
        </div>
      )}
      {bulk && schema.data && (
        <BulkDialog connection={connection} schema={schema.data} view={savedView} onClose={() => setBulk(false)} />
      )}
      {exporting && (
        <ExportDialog
          connection={connection}
          module={module}
          query={exporting.query}
          columns={exporting.columns}
          offline={isOffline || exporting.fromCopy}
          onClose={() => setExporting(null)}
        />
      )}
    </div>
  );
}
