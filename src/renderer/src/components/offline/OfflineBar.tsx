import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { formatTimestamp } from '../../lib/format.ts';
import { useModules } from '../../queries/modules.ts';
import { useCancelSync, useOfflineState, useSetOffline, useStartSync, useSyncStatus } from '../../queries/offline.ts';
import { errorMessage, errorTitle } from '../common/ErrorBox.tsx';

/** Offline badge with the last sync time, the offline switch, and the sync button with progress. */
export function OfflineBar({ connection, onOutbox }: { connection: string; onOutbox: () => void }) {
  const { t } = useTranslation();
  const { formats } = useLocale();
  const state = useOfflineState(connection);
  const setOffline = useSetOffline(connection);
  const status = useSyncStatus(connection);
  const start = useStartSync(connection);
  const cancel = useCancelSync(connection);
  const modules = useModules(connection);
  if (state.isError)
    return (
      <span className="muted" title={errorMessage(state.error)}>
        {t('offline.unavailable')}
      </span>
    );
  const running = status.data?.state === 'running';
  const unreachable = Boolean(state.data?.unreachableSince);
  const s = status.data;
  const percent = s && s.total ? Math.min(100, Math.round((s.done / s.total) * 100)) : null;
  return (
    <div className="offline-bar" data-testid="offline-bar">
      <span
        className={`badge ${state.data?.offline || unreachable ? 'offline' : 'online'}`}
        data-testid="offline-badge"
        title={unreachable ? t('offline.unreachableHint') : undefined}
      >
        {state.data?.offline ? t('offline.offline') : unreachable ? t('offline.unreachable') : t('offline.online')}
      </span>
      <span className="muted" data-testid="last-sync">
        {t('offline.lastSync', { when: formatTimestamp(state.data?.lastSyncAt ?? null, formats) })}
      </span>
      <label className="switch">
        <input
          type="checkbox"
          checked={state.data?.offline ?? false}
          disabled={setOffline.isPending || !state.data}
          onChange={(e) => setOffline.mutate(e.target.checked)}
        />
        {t('offline.workOffline')}
      </label>
      {running ? (
        <>
          <progress max={100} value={percent ?? undefined} aria-label={t('offline.syncProgress')} />
          <span className="muted">
            <bdi>{(s?.module && modules.data?.find((m) => m.name === s.module)?.label) ?? s?.module}</bdi>{' '}
            {s?.total
              ? t('offline.progressOf', { done: formats.count(s.done), total: formats.count(s.total) })
              : t('offline.progressCount', { done: formats.count(s?.done ?? 0) })}
            {s?.etaSec ? (
              <>
                {t('pager.separator')}
                {t('offline.eta', { count: Math.ceil(s.etaSec), n: formats.count(Math.ceil(s.etaSec)) })}
              </>
            ) : null}
            {s?.waiting ? (
              <>
                {t('pager.separator')}
                {t('offline.waiting', {
                  count: s.waiting.seconds,
                  n: formats.count(s.waiting.seconds),
                  vendor: s.waiting.vendor,
                })}
              </>
            ) : null}
          </span>
          <button type="button" onClick={() => cancel.mutate()}>
            {t('offline.cancelSync')}
          </button>
        </>
      ) : (
        <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
          {t('offline.sync')}
        </button>
      )}
      {s?.state === 'failed' && s.error && (
        <span className="bad">
          {t('offline.syncFailed')} <bdi>{s.error.message}</bdi>
        </span>
      )}
      {s?.state === 'cancelled' && <span className="muted">{t('offline.syncCancelled')}</span>}
      {start.isError && (
        <span className="bad">
          {errorTitle(start.error)}: <bdi>{errorMessage(start.error)}</bdi>
        </span>
      )}
      <button type="button" onClick={onOutbox}>
        {t('offline.outbox')}
      </button>
    </div>
  );
}
