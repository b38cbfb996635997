import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RecentRecord, SearchHit } from '../../../../shared/contract.ts';
import { useCommand } from '../../commands/bus.ts';
import { useConnections, useVendors } from '../../queries/connections.ts';
import { useDebounced, useLiveSearch, useMirrorSearch, useRecents, type LiveState } from '../../queries/search.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import '../../styles/search.css';

interface Props {
  onOpen: (connection: string, module: string, id: string) => void;
}

/** The home screen: one search over every connection's offline copy, then pinned and recent records. */
export function HomeScreen({ onOpen }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const wanted = useDebounced(text, 120);
  const mirror = useMirrorSearch(wanted);
  const live = useLiveSearch();
  const connections = useConnections();
  const vendors = useVendors();
  const vendorOf = useMemo(() => {
    const labels = new Map((vendors.data ?? []).map((v) => [v.id, v.label]));
    const byConn = new Map((connections.data ?? []).map((c) => [c.name, labels.get(c.vendor) ?? c.vendor]));
    return (connection: string) => byConn.get(connection) ?? '';
  }, [connections.data, vendors.data]);

  useCommand('search', () => input.current?.focus());
  useEffect(() => input.current?.focus(), []);

  const hits: SearchHit[] = useMemo(() => {
    const found = wanted.trim() === '' ? [] : [...(mirror.data?.hits ?? [])];
    const seen = new Set(found.map(hitKey));
    for (const h of live.text === wanted ? live.hits : []) if (!seen.has(hitKey(h))) found.push(h);
    return found.sort((a, b) => b.score - a.score);
  }, [mirror.data, live.hits, live.text, wanted]);

  const open = (h: Pick<SearchHit, 'connection' | 'module' | 'id'>) => onOpen(h.connection, h.module, h.id);
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      const h = hits[active];
      if (h) {
        e.preventDefault();
        open(h);
      }
    } else if (e.key === 'Escape') {
      setText('');
      setActive(0);
    }
  };
  const searching = wanted.trim() !== '';
  const activeId = hits[active] ? `hit-${active}` : undefined;

  return (
    <section className="home" aria-label={t('search.home')}>
      <div className="home-search">
        <label htmlFor="home-search-input" className="home-title">
          {t('search.label')}
        </label>
        <input
          id="home-search-input"
          ref={input}
          type="search"
          role="combobox"
          aria-expanded={searching}
          aria-controls="home-search-results"
          aria-autocomplete="list"
          {...(activeId ? { 'aria-activedescendant': activeId } : {})}
          data-testid="home-search"
          dir="auto"
          placeholder={t('search.placeholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
        />
        {searching && (
          <div className="home-results">
            <p className="muted" aria-live="polite" data-testid="search-summary">
              {mirror.isFetching && !mirror.data
                ? t('search.searching')
                : live.text === wanted && live.hits.length
                  ? t('search.foundWithLive', { count: hits.length })
                  : t('search.found', { count: hits.length })}
            </p>
            {mirror.isError && <ErrorBox error={mirror.error} />}
            <ul id="home-search-results" role="listbox" aria-label={t('search.results')} data-testid="search-results">
              {hits.map((h, i) => (
                <li
                  key={hitKey(h)}
                  id={`hit-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={`hit${i === active ? ' active' : ''}`}
                  data-connection={h.connection}
                  data-vendor={h.vendor}
                  data-module={h.module}
                  data-id={h.id}
                  onMouseEnter={() => setActive(i)}
                  onClick={() => open(h)}
                >
                  <span className="hit-label" dir="auto">
                    {h.label}
                  </span>
                  <span className="muted hit-where" dir="auto">
                    {t('search.where', {
                      module: h.moduleLabel,
                      connection: h.connection,
                      vendor: vendorOf(h.connection),
                    })}
                  </span>
                  {!h.offline && <span className="badge">{t('search.liveBadge')}</span>}
                </li>
              ))}
            </ul>
            <LiveSources
              states={live.text === wanted ? live.states : {}}
              onStart={() =>
                live.start(
                  wanted.trim(),
                  (connections.data ?? []).map((c) => c.name),
                )
              }
              disabled={!connections.data?.length}
            />
          </div>
        )}
      </div>
      <RecentLists vendorOf={vendorOf} onOpen={open} />
    </section>
  );
}

const hitKey = (h: Pick<SearchHit, 'connection' | 'module' | 'id'>) => `${h.connection}\u0000${h.module}\u0000${h.id}`;

function LiveSources(props: { states: Record<string, LiveState>; onStart: () => void; disabled: boolean }) {
  const { t } = useTranslation();
  const entries = Object.entries(props.states);
  const busy = entries.some(([, s]) => s.state === 'searching');
  return (
    <div className="live-sources">
      <button type="button" onClick={props.onStart} disabled={props.disabled || busy} data-testid="search-live">
        {t('search.searchLive')}
      </button>{' '}
      <span className="muted">{t('search.liveHint')}</span>
      {entries.length > 0 && (
        <ul aria-live="polite" data-testid="live-sources">
          {entries.map(([connection, s]) => (
            <li key={connection} data-connection={connection} data-state={s.state} dir="auto">
              {liveText(t, connection, s)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function liveText(t: TFunction, connection: string, s: LiveState): string {
  switch (s.state) {
    case 'searching':
      return t('search.liveSearching', { connection });
    case 'done':
      return s.skipped
        ? t('search.liveDoneSkipped', { connection, hits: s.hits, skipped: s.skipped })
        : t('search.liveDone', { connection, hits: s.hits });
    case 'skipped':
      return t('search.liveSkipped', { connection, message: s.message ?? t('search.nothingLive') });
    case 'failed':
      return t('search.liveFailed', { connection, message: s.message });
  }
}

function RecentLists({
  vendorOf,
  onOpen,
}: {
  vendorOf: (connection: string) => string;
  onOpen: (r: RecentRecord) => void;
}) {
  const { t } = useTranslation();
  const recents = useRecents();
  if (!recents.data) return null;
  const { pinned, recent } = recents.data;
  const list = (items: RecentRecord[], testId: string, empty: string) =>
    items.length === 0 ? (
      <p className="muted">{empty}</p>
    ) : (
      <ul className="recent-list" data-testid={testId}>
        {items.map((r) => (
          <li key={`${r.connection}\u0000${r.module}\u0000${r.id}`}>
            <button
              type="button"
              className="link"
              data-connection={r.connection}
              data-module={r.module}
              data-id={r.id}
              onClick={() => onOpen(r)}
              dir="auto"
            >
              {r.label}
            </button>{' '}
            <span className="muted" dir="auto">
              {t('search.where', { module: r.moduleLabel, connection: r.connection, vendor: vendorOf(r.connection) })}
            </span>
          </li>
        ))}
      </ul>
    );
  return (
    <div className="home-recents">
      <section aria-labelledby="pinned-title">
        <h2 id="pinned-title">{t('recents.pinned')}</h2>
        {list(pinned, 'pinned', t('recents.pinnedEmpty'))}
      </section>
      <section aria-labelledby="recent-title">
        <h2 id="recent-title">{t('recents.recent')}</h2>
        {list(recent, 'recent', t('recents.recentEmpty'))}
      </section>
    </div>
  );
}
