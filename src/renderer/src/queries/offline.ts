import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../shared/contract.ts';
import { call } from '../api/client.ts';
import { keys } from './keys.ts';

export function useOfflineState(connection: string) {
  return useQuery({
    queryKey: keys.offline(connection),
    queryFn: () => call('offline.get', { connection }),
    retry: false,
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

/** Polls while a sync runs, stops once it is over. */
export function useSyncStatus(connection: string) {
  return useQuery({
    queryKey: keys.syncStatus(connection),
    queryFn: () => call('sync.status', { connection }),
    retry: false,
    refetchInterval: (q) => (q.state.data?.state === 'running' ? 500 : false),
  });
}

export function useStartSync(connection: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call('sync.start', { connection, modules: [] }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.syncStatus(connection) }),
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
  return useQuery({ queryKey: keys.outbox(connection), queryFn: () => call('outbox.list', { connection }), retry: false });
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
  });
}

export function useCancelExport() {
  return useMutation({ mutationFn: (jobId: string) => call('export.cancel', { jobId }) });
}
