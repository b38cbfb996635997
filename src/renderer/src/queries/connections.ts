import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../shared/contract.ts';
import { call } from '../api/client.ts';
import { keys } from './keys.ts';

export function useAppInfo() {
  return useQuery({ queryKey: keys.appInfo, queryFn: () => call('app.info', {}), staleTime: Infinity });
}

export function useVendors() {
  return useQuery({ queryKey: keys.vendors, queryFn: () => call('vendors.list', {}), staleTime: Infinity });
}

export function useConnections() {
  return useQuery({ queryKey: keys.connections, queryFn: () => call('connections.list', {}) });
}

export function useSaveConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'connections.save'>) => call('connections.save', input),
    onSuccess: (_saved, input) => {
      void qc.invalidateQueries({ queryKey: keys.connections });
      void qc.invalidateQueries({ queryKey: keys.modules(input.name) });
    },
  });
}

export function useRemoveConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (connection: string) => call('connections.remove', { connection }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.connections }),
  });
}

/** A test is an action the user starts, so it is a mutation (never cached, never retried). */
export function useTestConnection() {
  return useMutation({ mutationFn: (connection: string) => call('connections.test', { connection }) });
}
