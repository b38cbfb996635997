import {
  keepPreviousData,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ListPageData } from '../../../shared/contract.ts';
import type { CrmRecord, Field, RecordData } from '../../../shared/fields.ts';
import type { ListQuery } from '../../../shared/query.ts';
import { call } from '../api/client.ts';
import { keys } from './keys.ts';

export interface ModuleRef {
  connection: string;
  module: string;
}

function fetchPage(ref: ModuleRef, query: ListQuery, offline: boolean) {
  return call('records.list', { ...ref, query, offline });
}

/**
 * One server-side page. The previous page stays on screen while the next one loads, and when the vendor
 * says there is more, the following page is fetched ahead so "Next" is instant.
 */
export function useRecordPage(ref: ModuleRef, query: ListQuery, offline: boolean) {
  const qc = useQueryClient();
  // A module's first page also comes from the offline copy (a local read, no request), shown until the
  // vendor answers: at start-up the window shows rows at once instead of waiting for the network.
  const plain = query.page === 1 && query.filters.length === 0 && !query.sort && !query.search;
  const mirrored = useQuery({
    queryKey: keys.list(ref.connection, ref.module, query, true),
    queryFn: () => fetchPage(ref, query, true),
    enabled: !offline && plain,
    retry: false, // a module never synced has no copy: nothing to show early
  });
  const early = mirrored.data;
  const result = useQuery({
    queryKey: keys.list(ref.connection, ref.module, query, offline),
    queryFn: () => fetchPage(ref, query, offline),
    placeholderData: (previous) => keepPreviousData(previous) ?? early,
  });
  const hasMore = !result.isPlaceholderData && result.data?.hasMore === true;
  useEffect(() => {
    if (!hasMore) return;
    const next = { ...query, page: query.page + 1 };
    void qc.prefetchQuery({
      queryKey: keys.list(ref.connection, ref.module, next, offline),
      queryFn: () => fetchPage(ref, next, offline),
    });
  }, [hasMore, qc, ref, query, offline]);
  return result;
}

export function useRecord(ref: ModuleRef, id: string | null) {
  return useQuery({
    queryKey: keys.record(ref.connection, ref.module, id ?? ''),
    queryFn: () => call('records.get', { ...ref, id: id ?? '' }),
    enabled: id !== null,
  });
}

/** Replaces a record in every cached page of its module; returns the snapshots for a rollback. */
type PageRow = ListPageData['rows'][number];

function patchCachedPages(qc: QueryClient, ref: ModuleRef, id: string, patch: (r: PageRow) => PageRow) {
  const snapshots = qc.getQueriesData<ListPageData>({ queryKey: keys.listAll(ref.connection, ref.module) });
  for (const [key, page] of snapshots) {
    if (!page) continue;
    if (!page.rows.some((r) => r.id === id)) continue;
    qc.setQueryData<ListPageData>(key, { ...page, rows: page.rows.map((r) => (r.id === id ? patch(r) : r)) });
  }
  return snapshots;
}

interface UpdateVars {
  id: string;
  data: RecordData;
}

/** Edits show at once (grid and record view) and are rolled back when the vendor refuses them. */
export function useUpdateRecord(ref: ModuleRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, data }: UpdateVars) => call('records.update', { ...ref, id, data }),
    onMutate: async ({ id, data }) => {
      await qc.cancelQueries({ queryKey: keys.listAll(ref.connection, ref.module) });
      const recordKey = keys.record(ref.connection, ref.module, id);
      await qc.cancelQueries({ queryKey: recordKey });
      const previousRecord = qc.getQueryData<CrmRecord>(recordKey);
      if (previousRecord) qc.setQueryData<CrmRecord>(recordKey, { ...previousRecord, ...data, id });
      const pages = patchCachedPages(qc, ref, id, (r) => ({ ...r, ...data, id }));
      return { previousRecord, pages, recordKey };
    },
    onError: (_err, _vars, context) => {
      if (!context) return;
      if (context.previousRecord) qc.setQueryData(context.recordKey, context.previousRecord);
      for (const [key, page] of context.pages) qc.setQueryData(key, page);
    },
    onSuccess: (result, { id }) => {
      if ('queued' in result) return;
      qc.setQueryData(keys.record(ref.connection, ref.module, id), result);
    },
    onSettled: (_r, _e, { id }) => {
      void qc.invalidateQueries({ queryKey: keys.listAll(ref.connection, ref.module) });
      void qc.invalidateQueries({ queryKey: keys.record(ref.connection, ref.module, id) });
      void qc.invalidateQueries({ queryKey: keys.outbox(ref.connection) });
    },
  });
}

export function useCreateRecord(ref: ModuleRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (data: RecordData) => call('records.create', { ...ref, data }),
    onSuccess: (created) => {
      qc.setQueryData(keys.record(ref.connection, ref.module, created.id), created);
      void qc.invalidateQueries({ queryKey: keys.listAll(ref.connection, ref.module) });
    },
  });
}

/** The row disappears at once and comes back if the vendor refuses the delete. */
export function useDeleteRecord(ref: ModuleRef) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('records.delete', { ...ref, id }),
    onMutate: async (id) => {
      await qc.cancelQueries({ queryKey: keys.listAll(ref.connection, ref.module) });
      const pages = qc.getQueriesData<ListPageData>({ queryKey: keys.listAll(ref.connection, ref.module) });
      for (const [key, page] of pages) {
        if (page?.rows.some((r) => r.id === id)) {
          qc.setQueryData<ListPageData>(key, { ...page, rows: page.rows.filter((r) => r.id !== id) });
        }
      }
      return { pages };
    },
    onError: (_err, _id, context) => {
      for (const [key, page] of context?.pages ?? []) qc.setQueryData(key, page);
    },
    onSuccess: (_r, id) => qc.removeQueries({ queryKey: keys.record(ref.connection, ref.module, id) }),
    onSettled: () => void qc.invalidateQueries({ queryKey: keys.listAll(ref.connection, ref.module) }),
  });
}

export function useLookup(connection: string, module: string | null, text: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.lookup(connection, module ?? '', text),
    queryFn: () => call('records.lookup', { connection, module: module ?? '', text, limit: 20 }),
    enabled: enabled && module !== null,
    placeholderData: keepPreviousData,
  });
}

/** Labels for reference ids (sorted and de-duplicated so equal sets share one cache entry). */
export function useLabels(connection: string, module: string | null, ids: readonly string[]) {
  const unique = [...new Set(ids.filter((i) => i !== ''))].sort().slice(0, 200);
  return useQuery({
    queryKey: keys.labels(connection, module ?? '', unique),
    queryFn: () => call('records.labels', { connection, module: module ?? '', ids: unique }),
    enabled: module !== null && unique.length > 0,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}

/**
 * Labels for every reference column of a page at once: one `records.labels` call per reference field,
 * asked of the field's first target module. Returns field name -> id -> label.
 */
export function useReferenceLabels(connection: string, fields: readonly Field[], rows: readonly CrmRecord[]) {
  const refFields = fields.filter((f) => (f.type === 'reference' || f.type === 'owner') && f.referenceTargets[0]);
  const requests = refFields.map((f) => {
    const ids = [...new Set(rows.map((r) => r[f.name]).filter((v): v is string => typeof v === 'string' && v !== ''))]
      .sort()
      .slice(0, 200);
    return { field: f.name, module: f.referenceTargets[0] ?? '', ids };
  });
  return useQueries({
    queries: requests.map((r) => ({
      queryKey: keys.labels(connection, r.module, r.ids),
      queryFn: () => call('records.labels', { connection, module: r.module, ids: r.ids }),
      enabled: r.ids.length > 0,
      staleTime: 5 * 60_000,
      retry: false,
    })),
    combine: (results) => {
      const out: Record<string, Record<string, string>> = {};
      results.forEach((res, i) => {
        const field = requests[i]?.field;
        if (field && res.data) out[field] = res.data;
      });
      return out;
    },
  });
}

/**
 * The first rows of a module from the local mirror (no vendor request), to show at start-up while the
 * vendor describes the module. Errors (a module never synced) just mean there is nothing to show.
 */
export function useMirrorPreview(ref: ModuleRef, enabled: boolean) {
  return useQuery({
    queryKey: ['mirror-preview', ref.connection, ref.module],
    queryFn: () => fetchPage(ref, { page: 1, pageSize: 50, filters: [] }, true),
    enabled,
    retry: false,
    staleTime: Infinity,
  });
}
