import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelInput, SearchHit, SearchSource } from '../../../shared/contract.ts';
import { call } from '../api/client.ts';
import { errorMessage } from '../components/common/ErrorBox.tsx';
import { keys } from './keys.ts';

/** The search across every connection's mirror: instant, offline; the last results stay while typing. */
export function useMirrorSearch(text: string, limit = 50) {
  const wanted = text.trim();
  return useQuery({
    queryKey: [...keys.search(wanted), limit],
    queryFn: () => call('search.run', { text: wanted, limit, scope: 'mirror' }),
    enabled: wanted !== '',
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

/** Where a live search of one connection stands, for the "searching Simplicate…" line. */
export type LiveState =
  | { state: 'searching' }
  | { state: 'done'; hits: number; skipped: number }
  | { state: 'skipped'; message: string | undefined }
  | { state: 'failed'; message: string };

/**
 * Searches the modules never synced at each vendor, one call per connection so each shows its own
 * state while the others run. Each call goes through the vendor's rate limit in the main process.
 */
export function useLiveSearch() {
  const [states, setStates] = useState<Record<string, LiveState>>({});
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [text, setText] = useState<string | null>(null);
  const run = useRef(0);
  const start = useCallback((wanted: string, connections: readonly string[]) => {
    const id = ++run.current;
    setText(wanted);
    setHits([]);
    setStates(Object.fromEntries(connections.map((c) => [c, { state: 'searching' } as LiveState])));
    for (const connection of connections) {
      call('search.run', { text: wanted, connections: [connection], scope: 'live', limit: 50 })
        .then((r) => {
          if (run.current !== id) return;
          setHits((prev) => [...prev, ...r.hits]);
          setStates((prev) => ({ ...prev, [connection]: summarize(r.sources, r.hits.length) }));
        })
        .catch((err: unknown) => {
          if (run.current !== id) return;
          setStates((prev) => ({ ...prev, [connection]: { state: 'failed', message: errorMessage(err) } }));
        });
    }
  }, []);
  const reset = useCallback(() => {
    run.current++;
    setText(null);
    setHits([]);
    setStates({});
  }, []);
  return { text, states, hits, start, reset };
}

function summarize(sources: readonly SearchSource[], hits: number): LiveState {
  const failed = sources.filter((s) => s.state === 'failed');
  const done = sources.filter((s) => s.state === 'done');
  if (failed.length > 0 && done.length === 0) {
    return { state: 'failed', message: failed.map((s) => `${s.module}: ${s.error ?? ''}`).join('; ') };
  }
  if (done.length === 0) {
    return { state: 'skipped', message: sources.find((s) => s.error)?.error };
  }
  return { state: 'done', hits, skipped: sources.length - done.length };
}

export function useRecents() {
  return useQuery({ queryKey: keys.recents, queryFn: () => call('recents.list', {}) });
}

export function useVisitRecord() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'recents.visit'>) => call('recents.visit', input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.recents }),
  });
}

export function usePinRecord() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChannelInput<'recents.pin'>) => call('recents.pin', input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.recents }),
  });
}

/** A value that follows `value` once it has been still for `ms` (typing in a search box). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}
