import { useState } from 'react';
import type { ConnectionInfo } from '../../../../shared/contract.ts';
import { useConnections, useRemoveConnection, useTestConnection, useVendors } from '../../queries/connections.ts';
import { ConfirmDialog } from '../common/ConfirmDialog.tsx';
import { ErrorBox, errorMessage, errorTitle } from '../common/ErrorBox.tsx';
import { ConnectionForm } from './ConnectionForm.tsx';

interface Props {
  onOpen: (connection: string) => void;
}

type Editing = { mode: 'none' } | { mode: 'new' } | { mode: 'edit'; connection: ConnectionInfo };

export function ConnectionManager({ onOpen }: Props) {
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
        <h1 id="connections-heading">Connections</h1>
        <button type="button" className="primary" onClick={() => setEditing({ mode: 'new' })}>
          Add connection
        </button>
      </div>
      {connections.isPending && <p className="muted">Loading connections…</p>}
      {connections.data?.length === 0 && <p className="empty">No connections yet. Add one to start.</p>}
      {remove.isError && <ErrorBox error={remove.error} />}
      <table className="list-table" data-testid="connections-table">
        <tbody>
          {connections.data?.map((c) => (
            <tr key={c.name} data-connection={c.name} data-vendor={c.vendor}>
              <td>
                <button type="button" className="link" onClick={() => onOpen(c.name)}>
                  {c.name}
                </button>
                {c.demo && <span className="tag">demo</span>}
              </td>
              <td>{vendorLabel(c.vendor)}</td>
              <td className="muted mono">{c.url}</td>
              <td className="actions">
                <TestButton connection={c.name} />
                <button type="button" onClick={() => setEditing({ mode: 'edit', connection: c })}>
                  Edit
                </button>
                <button type="button" className="danger" onClick={() => setRemoving(c.name)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing}?`}
          message="The connection and its stored secrets are removed from this computer. Nothing changes at the vendor."
          confirmLabel="Remove"
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
  const test = useTestConnection();
  return (
    <span className="test-cell">
      <button type="button" onClick={() => test.mutate(connection)} disabled={test.isPending}>
        {test.isPending ? 'Testing…' : 'Test'}
      </button>
      {test.isSuccess && (
        <span className="ok" data-testid="test-result">
          ✓ Connected{test.data.user ? ` as ${test.data.user}` : ''}
        </span>
      )}
      {test.isError && (
        <span className="bad" data-testid="test-result" title={errorMessage(test.error)}>
          ✗ {errorTitle(test.error)}: {errorMessage(test.error)}
        </span>
      )}
    </span>
  );
}
