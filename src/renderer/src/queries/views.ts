import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SavedView } from '../../../shared/views.ts';
import { call } from '../api/client.ts';

const viewsKey = (connection: string, module: string) => ['views', connection, module] as const;

/** The query of a module's saved views (shared by the sidebar and the command palette). */
export function viewsQuery(connection: string, module: string) {
  return { queryKey: viewsKey(connection, module), queryFn: () => call('views.list', { connection, module }) };
}

/** A module's saved views (from the data folder, through the main process). */
export function useViews(connection: string, module: string | null) {
  return useQuery({ ...viewsQuery(connection, module ?? ''), enabled: module !== null });
}

/** Save, rename, remove, set default, import: each refreshes the module's list. */
export function useViewActions(connection: string, module: string) {
  const qc = useQueryClient();
  const ref = { connection, module };
  const done = { onSuccess: () => qc.invalidateQueries({ queryKey: viewsKey(connection, module) }) };
  return {
    save: useMutation({ mutationFn: (view: SavedView) => call('views.save', { ...ref, view }), ...done }),
    rename: useMutation({
      mutationFn: (v: { name: string; to: string }) => call('views.rename', { ...ref, ...v }),
      ...done,
    }),
    remove: useMutation({ mutationFn: (name: string) => call('views.remove', { ...ref, name }), ...done }),
    setDefault: useMutation({
      mutationFn: (name: string | null) => call('views.setDefault', { ...ref, name }),
      ...done,
    }),
    setBulkMap: useMutation({
      mutationFn: (v: { name: string; map: Record<string, string> | null }) =>
        call('views.setBulkMap', { ...ref, ...v }),
      ...done,
    }),
    importText: useMutation({ mutationFn: (text: string) => call('views.import', { ...ref, text }), ...done }),
    exportText: (name: string) => call('views.export', { ...ref, name }),
  };
}
