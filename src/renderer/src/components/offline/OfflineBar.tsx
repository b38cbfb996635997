import { formatTimestamp } from '../../lib/format.ts';
import { useModules } from '../../queries/modules.ts';
import { useCancelSync, useOfflineState, useSetOffline, useStartSync, useSyncStatus } from '../../queries/offline.ts';
import { errorMessage } from '../common/ErrorBox.tsx';

/** Offline badge with the last sync time, the offline switch, and the sync button with progress. */
export function OfflineBar({ connection, onOutbox }: { connection: string; onOutbox: () => void }) {
  const state = useOfflineState(connection);
  const setOffline = useSetOffline(connection);
  const status = useSyncStatus(connection);
  const start = useStartSync(connection);
  const cancel = useCancelSync(connection);
  const modules = useModules(connection);
  if (state.isError)
    return (
      <span className="muted" title={errorMessage(state.error)}>
        offline copy unavailable
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
        title={unreachable ? 'The vendor cannot be reached: showing the offline copy' : undefined}
      >
        {state.data?.offline ? 'Offline' : unreachable ? 'Unreachable' : 'Online'}
      </span>
      <span className="muted" data-testid="last-sync">
        last sync {formatTimestamp(state.data?.lastSyncAt ?? null)}
      </span>
      <label className="switch">
        <input
          type="checkbox"
          checked={state.data?.offline ?? false}
          disabled={setOffline.isPending || !state.data}
          onChange={(e) => setOffline.mutate(e.target.checked)}
        />
        Work offline
      </label>
      {running ? (
        <>
          <progress max={100} value={percent ?? undefined} aria-label="Sync progress" />
          <span className="muted">
            {(s?.module && modules.data?.find((m) => m.name === s.module)?.label) ?? s?.module} {s?.done}
            {s?.total ? `/${s.total}` : ''}
            {s?.etaSec ? ` · ~${Math.ceil(s.etaSec)} s left` : ''}
            {s?.waiting ? ` · waiting ${s.waiting.seconds} s for ${s.waiting.vendor}'s rate limit` : ''}
          </span>
          <button type="button" onClick={() => cancel.mutate()}>
            Cancel sync
          </button>
        </>
      ) : (
        <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
          Sync
        </button>
      )}
      {s?.state === 'failed' && s.error && <span className="bad">Sync failed: {s.error.message}</span>}
      {s?.state === 'cancelled' && <span className="muted">Sync cancelled</span>}
      {start.isError && <span className="bad">{errorMessage(start.error)}</span>}
      <button type="button" onClick={onOutbox}>
        Outbox
      </button>
    </div>
  );
}
