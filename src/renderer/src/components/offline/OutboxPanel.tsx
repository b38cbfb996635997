import { useTranslation } from 'react-i18next';
import type { OutboxEntry } from '../../../../shared/contract.ts';
import type { Field, RecordValue } from '../../../../shared/fields.ts';
import type { Formats } from '../../i18n/formats.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { formatValue } from '../../lib/format.ts';
import { useDescribe, useModules } from '../../queries/modules.ts';
import { useOutbox, useResolveOutbox } from '../../queries/offline.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';

/** A value as the grid would show it (option labels, dates); ids stay as they are when describe is missing. */
function show(field: Field | undefined, v: RecordValue | undefined, formats: Formats): string {
  if (v === undefined || v === null || v === '') return '—';
  if (field) return formatValue(field, v, undefined, formats) || '—';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** Edits made offline waiting to be sent; conflicts are settled per field: keep mine or take theirs. */
export function OutboxPanel({ connection, onClose }: { connection: string; onClose: () => void }) {
  const { t } = useTranslation();
  const outbox = useOutbox(connection);
  const resolve = useResolveOutbox(connection);
  return (
    <aside className="side-panel" aria-label={t('outbox.title')} data-testid="outbox">
      <header>
        <h2>{t('outbox.title')}</h2>
        <button type="button" onClick={onClose} aria-label={t('outbox.close')}>
          ×
        </button>
      </header>
      {outbox.isError && <ErrorBox error={outbox.error} onRetry={() => void outbox.refetch()} />}
      {resolve.isError && <ErrorBox error={resolve.error} />}
      {outbox.data?.length === 0 && <p className="empty">{t('outbox.empty')}</p>}
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
  const { t } = useTranslation();
  const { formats } = useLocale();
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
        <bdi>{t('outbox.recordId', { id: entry.id })}</bdi>{' '}
        <span className="tag" data-state={entry.state}>
          {t(`outbox.state.${entry.state}`)}
        </span>
      </h3>
      <table className="list-table">
        <thead>
          <tr>
            <th>{t('outbox.field')}</th>
            <th>{t('outbox.mine')}</th>
            {entry.theirs && <th>{t('outbox.theirs')}</th>}
            {entry.state === 'conflict' && <th />}
          </tr>
        </thead>
        <tbody>
          {entry.fields.map((f) => (
            <tr key={f} data-field={f}>
              <th scope="row" dir="auto" title={f}>
                {fieldOf(f)?.label ?? f}
              </th>
              <td dir="auto">{show(fieldOf(f), entry.mine[f], formats)}</td>
              {entry.theirs && <td dir="auto">{show(fieldOf(f), entry.theirs[f], formats)}</td>}
              {entry.state === 'conflict' && (
                <td className="actions">
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => onResolve('mine', [f])}
                    aria-label={t('outbox.keepMineLabel', { field: fieldOf(f)?.label ?? f })}
                  >
                    {t('outbox.keepMine')}
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => onResolve('theirs', [f])}
                    aria-label={t('outbox.takeTheirsLabel', { field: fieldOf(f)?.label ?? f })}
                  >
                    {t('outbox.takeTheirs')}
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
