import type { OutboxEntry } from '../../../../shared/contract.ts';
import type { Field, RecordValue } from '../../../../shared/fields.ts';
import { formatValue } from '../../lib/format.ts';
import { useDescribe, useModules } from '../../queries/modules.ts';
import { useOutbox, useResolveOutbox } from '../../queries/offline.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';

/** A value as the grid would show it (option labels, dates); ids stay as they are when describe is missing. */
function show(field: Field | undefined, v: RecordValue | undefined): string {
  if (v === undefined || v === null || v === '') return '—';
  if (field) return formatValue(field, v) || '—';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

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
          connection={connection}
          entry={entry}
          busy={resolve.isPending}
          onResolve={(keep, fields) => resolve.mutate({ module: entry.module, id: entry.id, keep, fields })}
        />
      ))}
    </aside>
  );
}

/**
 * One queued record. Fields and the module are named by describe's labels (the ids stay in a tooltip);
 * an entry may belong to another module than the one on screen, so its own describe is asked.
 */
function OutboxItem({
  connection,
  entry,
  busy,
  onResolve,
}: {
  connection: string;
  entry: OutboxEntry;
  busy: boolean;
  onResolve: (keep: 'mine' | 'theirs', fields: string[]) => void;
}) {
  const modules = useModules(connection);
  const schema = useDescribe(connection, entry.module);
  const moduleLabel = modules.data?.find((m) => m.name === entry.module)?.label ?? schema.data?.label ?? entry.module;
  const fieldOf = (name: string) => schema.data?.fields.find((f) => f.name === name);
  return (
    <section className={`outbox-item ${entry.state}`}>
      <h3>
        <span dir="auto" title={entry.module}>
          {moduleLabel}
        </span>{' '}
        #{entry.id} <span className="tag">{entry.state}</span>
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
            <tr key={f} data-field={f}>
              <th scope="row" dir="auto" title={f}>
                {fieldOf(f)?.label ?? f}
              </th>
              <td dir="auto">{show(fieldOf(f), entry.mine[f])}</td>
              {entry.theirs && <td dir="auto">{show(fieldOf(f), entry.theirs[f])}</td>}
              {entry.state === 'conflict' && (
                <td className="actions">
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => onResolve('mine', [f])}
                    aria-label={`Keep mine: ${fieldOf(f)?.label ?? f}`}
                  >
                    Keep mine
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => onResolve('theirs', [f])}
                    aria-label={`Take theirs: ${fieldOf(f)?.label ?? f}`}
                  >
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
