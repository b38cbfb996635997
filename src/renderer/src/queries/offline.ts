import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ChannelInput, SyncStatus } from '../../../shared/contract.ts';
import { call } from '../api/client.ts';
import { keys } from './keys.ts';

export function useOfflineState(connection: string) {
  return useQuery({
    queryKey: keys.offline(connection),
    queryFn: () => call('offline.get', { connection }),
    retry: false,
    // Cheap (local): keeps the badge honest when reads start or stop falling back to the mirror.
    refetchInterval: 5_000,
  });
}

export function useSetOffline(connection: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (offline: boolean) => call('offline.set', { connection, offline }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.offline(connection) });
      void qc.invalidateQueries({ queryKey: ['list', connection] });
    },
  });
}

/**
 * Polls while a sync runs, stops once it is over. When a sync ends, what it changed is fetched again:
 * the last sync time, the grid's pages (the mirror, or records the outbox pushed) and the outbox.
 */
export function useSyncStatus(connection: string) {
  const qc = useQueryClient();
  const status = useQuery({
    queryKey: keys.syncStatus(connection),
    queryFn: () => call('sync.status', { connection }),
    retry: false,
    refetchInterval: (q) => (q.state.data?.state === 'running' ? 500 : false),
  });
  const state = status.data?.state;
  const wasRunning = useRef(false);
  useEffect(() => {
    if (state === 'running') wasRunning.current = true;
    if (state === 'running' || state === undefined || !wasRunning.current) return;
    wasRunning.current = false;
    void qc.invalidateQueries({ queryKey: keys.offline(connection) });
    void qc.invalidateQueries({ queryKey: ['list', connection] });
    void qc.invalidateQueries({ queryKey: ['record', connection] });
    void qc.invalidateQueries({ queryKey: keys.outbox(connection) });
  }, [state, qc, connection]);
  return status;
}

export function useStartSync(connection: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call('sync.start', { connection, modules: [] }),
    onSuccess: () => {
      // Running from now on, even if the sync ends before the next poll: its end is then still seen.
      qc.setQueryData(keys.syncStatus(connection), (s: SyncStatus | undefined) =>
        s ? { ...s, state: 'running' as const, error: null } : s,
      );
      void qc.invalidateQueries({ queryKey: keys.syncStatus(connection) });
    },
  });
}

export function useCancelSync(connection: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call('sync.cancel', { connection }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.syncStatus(connection) }),
  });
}

export function useOutbox(connection: string) {
  return useQuery({
    queryKey: keys.outbox(connection),
    queryFn: () => call('outbox.list', { connection }),
    retry: false,
  });
}

export function useResolveOutbox(connection: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<ChannelInput<'outbox.resolve'>, 'connection'>) =>
      call('outbox.resolve', { connection, ...input }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.outbox(connection) });
      void qc.invalidateQueries({ queryKey: ['list', connection] });
    },
  });
}

export function useStartExport() {
  return useMutation({ mutationFn: (input: ChannelInput<'export.start'>) => call('export.start', input) });
}

export function useExportStatus(jobId: string | null) {
  return useQuery({
    queryKey: keys.exportStatus(jobId ?? ''),
    queryFn: () => call('export.status', { jobId: jobId ?? '' }),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.state === 'running' || !q.state.data ? 400 : false),
    // A finished job's status is final, and the app drops the job a while after it was read.
    staleTime: Infinity,
  });
}

export function useCancelExport() {
  return useMutation({ mutationFn: (jobId: string) => call('export.cancel', { jobId }) });
}
