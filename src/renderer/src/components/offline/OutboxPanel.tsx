import type { OutboxEntry } from '../../../../shared/contract.ts';
import type { RecordValue } from '../../../../shared/fields.ts';
import { useOutbox, useResolveOutbox } from '../../queries/offline.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';

const show = (v: RecordValue | undefined) =>
  v === undefined || v === null ? '—' : Array.isArray(v) ? v.join(', ') : String(v);

/** Edits made offline waiting to be sent; conflicts are settled per field: keep mine or take theirs. */
export function OutboxPanel({ connection, onClose }: { connection: string; onClose: () => void }) {
  const outbox = useOutbox(connection);
  const resolve = useResolveOutbox(connection);
  return (
    <aside className="side-panel" aria-label="Outbox" data-testid="outbox">
      <header>
        <h2>Outbox</h2>
        <button type="button" onClick={onClose} aria-label="Close outbox">
          ×
        </button>
      </header>
      {outbox.isError && <ErrorBox error={outbox.error} onRetry={() => void outbox.refetch()} />}
      {resolve.isError && <ErrorBox error={resolve.error} />}
      {outbox.data?.length === 0 && <p className="empty">Nothing waiting.</p>}
      {outbox.data?.map((entry) => (
        <OutboxItem
          key={`${entry.module}:${entry.id}`}
          entry={entry}
          busy={resolve.isPending}
          onResolve={(keep, fields) => resolve.mutate({ module: entry.module, id: entry.id, keep, fields })}
        />
      ))}
    </aside>
  );
}

function OutboxItem({
  entry,
  busy,
  onResolve,
}: {
  entry: OutboxEntry;
  busy: boolean;
  onResolve: (keep: 'mine' | 'theirs', fields: string[]) => void;
}) {
  return (
    <section className={`outbox-item ${entry.state}`}>
      <h3>
        {entry.module} #{entry.id} <span className="tag">{entry.state}</span>
      </h3>
      <table className="list-table">
        <thead>
          <tr>
            <th>Field</th>
            <th>Mine</th>
            {entry.theirs && <th>Theirs</th>}
            {entry.state === 'conflict' && <th />}
          </tr>
        </thead>
        <tbody>
          {entry.fields.map((f) => (
            <tr key={f}>
              <td>{f}</td>
              <td dir="auto">{show(entry.mine[f])}</td>
              {entry.theirs && <td dir="auto">{show(entry.theirs[f])}</td>}
              {entry.state === 'conflict' && (
                <td className="actions">
                  <button type="button" disabled={busy} onClick={() => onResolve('mine', [f])}>
                    Keep mine
                  </button>
                  <button type="button" disabled={busy} onClick={() => onResolve('theirs', [f])}>
                    Take theirs
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
