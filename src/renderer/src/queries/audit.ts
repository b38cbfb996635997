import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../shared/contract.ts';
import { call } from '../api/client.ts';

export interface AuditFilter {
  module?: string;
  record?: string;
  since?: string;
}

export const auditKey = (connection: string, filter: AuditFilter = {}) => ['audit', connection, filter] as const;

export function useAuditLog(connection: string, filter: AuditFilter) {
  return useQuery({
    queryKey: auditKey(connection, filter),
    queryFn: () => call('audit.list', { connection, ...filter }),
    retry: false,
  });
}

/** Undo an entry, a bulk job or the last write; what it changed is fetched again. */
export function useUndo(connection: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<ChannelInput<'audit.undo'>, 'connection'>) => call('audit.undo', { connection, ...input }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['audit', connection] });
      void qc.invalidateQueries({ queryKey: ['list', connection] });
      void qc.invalidateQueries({ queryKey: ['record', connection] });
    },
  });
}
