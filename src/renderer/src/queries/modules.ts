import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../api/client.ts';
import { keys } from './keys.ts';

export function useModules(connection: string | null) {
  return useQuery({
    queryKey: keys.modules(connection ?? ''),
    queryFn: () => call('modules.list', { connection: connection ?? '' }),
    enabled: connection !== null,
    staleTime: 5 * 60_000,
  });
}

export function useDescribe(connection: string, module: string) {
  return useQuery({
    queryKey: keys.describe(connection, module),
    queryFn: () => call('modules.describe', { connection, module }),
    staleTime: 5 * 60_000,
  });
}

/** Fetches the module's fields from the vendor again (the main process caches them for an hour). */
export function useRefreshDescribe(connection: string, module: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call('modules.describe', { connection, module, refresh: true }),
    onSuccess: (schema) => client.setQueryData(keys.describe(connection, module), schema),
  });
}

/** The module's relations (other modules' reference fields that point at its records). */
export function useRelations(connection: string, module: string) {
  return useQuery({
    queryKey: keys.relations(connection, module),
    queryFn: () => call('records.relations', { connection, module }),
    staleTime: 5 * 60_000,
  });
}
