import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionInfo } from '../../../../shared/contract.ts';
import { useConnections, useRemoveConnection, useTestConnection, useVendors } from '../../queries/connections.ts';
import { isolate } from '../../i18n/bidi.ts';
import { ConfirmDialog } from '../common/ConfirmDialog.tsx';
import { ErrorBox, errorMessage, errorTitle } from '../common/ErrorBox.tsx';
import { ConnectionForm } from './ConnectionForm.tsx';

interface Props {
  onOpen: (connection: string) => void;
}

type Editing = { mode: 'none' } | { mode: 'new' } | { mode: 'edit'; connection: ConnectionInfo };

export function ConnectionManager({ onOpen }: Props) {
  const { t } = useTranslation();
  const connections = useConnections();
  const vendors = useVendors();
  const [editing, setEditing] = useState<Editing>({ mode: 'none' });
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = useRemoveConnection();

  if (connections.isError) return <ErrorBox error={connections.error} onRetry={() => void connections.refetch()} />;
  if (editing.mode !== 'none' && vendors.data) {
    return (
      <div className="page">
        <ConnectionForm
          vendors={vendors.data}
          existing={editing.mode === 'edit' ? editing.connection : null}
          onCancel={() => setEditing({ mode: 'none' })}
          onDone={() => setEditing({ mode: 'none' })}
        />
      </div>
    );
  }
  const vendorLabel = (id: string) => vendors.data?.find((v) => v.id === id)?.label ?? id;
  return (
    <div className="page">
      <div className="page-header">
        <h1>{t('connections.title')}</h1>
        <button type="button" className="primary" onClick={() => setEditing({ mode: 'new' })}>
          {t('connections.add')}
        </button>
      </div>
      {connections.isPending && <p className="muted">{t('connections.loading')}</p>}
      {connections.data?.length === 0 && <p className="empty">{t('connections.empty')}</p>}
      {remove.isError && <ErrorBox error={remove.error} />}
      <table className="list-table" data-testid="connections-table">
        <tbody>
          {connections.data?.map((c) => (
            <tr key={c.name} data-connection={c.name} data-vendor={c.vendor}>
              <td>
                <button type="button" className="link" dir="auto" onClick={() => onOpen(c.name)}>
                  {c.name}
                </button>
                {c.demo && <span className="tag">{t('connections.demo')}</span>}
              </td>
              <td dir="auto">{vendorLabel(c.vendor)}</td>
              <td className="muted mono" dir="ltr">
                {c.url}
              </td>
              <td className="actions">
                <TestButton connection={c.name} />
                <button type="button" onClick={() => setEditing({ mode: 'edit', connection: c })}>
                  {t('common.edit')}
                </button>
                <button type="button" className="danger" onClick={() => setRemoving(c.name)}>
                  {t('common.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {removing && (
        <ConfirmDialog
          title={t('connections.removeTitle', { name: isolate(removing) })}
          message={t('connections.removeMessage')}
          confirmLabel={t('common.remove')}
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            remove.mutate(removing);
            setRemoving(null);
          }}
        />
      )}
    </div>
  );
}

function TestButton({ connection }: { connection: string }) {
  const { t } = useTranslation();
  const test = useTestConnection();
  return (
    <span className="test-cell">
      <button type="button" onClick={() => test.mutate(connection)} disabled={test.isPending}>
        {test.isPending ? t('connections.testing') : t('connections.test')}
      </button>
      {test.isSuccess && (
        <span className="ok" data-testid="test-result">
          {test.data.user
            ? t('connections.connectedAs', { user: isolate(test.data.user) })
            : t('connections.connected')}
        </span>
      )}
      {test.isError && (
        <span className="bad" data-testid="test-result" title={errorMessage(test.error)}>
          {t('connections.testFailed', { title: errorTitle(test.error) })} <bdi>{errorMessage(test.error)}</bdi>
        </span>
      )}
    </span>
  );
}
