import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ChannelInput } from '../../../shared/contract.ts';
import { call } from '../api/client.ts';

export function useStartBulk() {
  return useMutation({ mutationFn: (input: ChannelInput<'bulk.start'>) => call('bulk.start', input) });
}

/** Polls a bulk job while it runs; when an applied job ends, the module's pages and the audit log are fetched again. */
export function useBulkStatus(jobId: string | null, connection: string) {
  const qc = useQueryClient();
  const status = useQuery({
    queryKey: ['bulk.status', jobId],
    queryFn: () => call('bulk.status', { jobId: jobId ?? '' }),
    enabled: jobId !== null,
    retry: false,
    refetchInterval: (q) => (q.state.data?.state === 'running' || q.state.data?.state === 'paused' ? 300 : false),
  });
  const finishedApply = status.data?.state === 'done' && status.data.result?.dryRun === false;
  useEffect(() => {
    if (!finishedApply) return;
    void qc.invalidateQueries({ queryKey: ['list', connection] });
    void qc.invalidateQueries({ queryKey: ['audit', connection] });
  }, [finishedApply, qc, connection]);
  return status;
}

export function useBulkControl() {
  return {
    pause: useMutation({
      mutationFn: (i: { jobId: string; paused: boolean }) => call('bulk.pause', i),
    }),
    cancel: useMutation({ mutationFn: (jobId: string) => call('bulk.cancel', { jobId }) }),
  };
}
