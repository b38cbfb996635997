import { useQueries } from '@tanstack/react-query';
import { useRef, useState, useEffect, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client.ts';
import { actions, GROUP_TEXT, shortcutText, type ActionId } from '../../commands/actions.ts';
import { useConnections } from '../../queries/connections.ts';
import { keys } from '../../queries/keys.ts';
import { useDebounced, useMirrorSearch, useRecents } from '../../queries/search.ts';
import { viewsQuery } from '../../queries/views.ts';
import '../../styles/search.css';

export interface PaletteContext {
  /** A module is open (module actions apply), and a record in it (record actions apply). */
  module: boolean;
  record: boolean;
}

interface Props {
  context: PaletteContext;
  onAction: (id: ActionId) => void;
  onModule: (connection: string, module: string) => void;
  /** Opens a module with one of its saved views applied. */
  onView: (connection: string, module: string, view: string) => void;
  onRecord: (connection: string, module: string, id: string) => void;
  onClose: () => void;
}

interface Item {
  key: string;
  kind: 'action' | 'module' | 'view' | 'recent' | 'record';
  label: string;
  detail: string;
  shortcut?: string;
  run: () => void;
}

/** Case- and accent-blind: every typed word is somewhere in the text. */
function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
function matchesWords(text: string, query: string): boolean {
  const t = fold(text);
  return fold(query)
    .split(/\s+/)
    .filter((w) => w !== '')
    .every((w) => t.includes(w));
}

const KIND_TEXT = {
  action: 'palette.kindAction',
  module: 'palette.kindModule',
  view: 'palette.kindView',
  recent: 'palette.kindRecent',
  record: 'palette.kindRecord',
} as const satisfies Record<Item['kind'], string>;

/**
 * Ctrl/⌘+K: every action (with its shortcut), every module of every connection with its saved views, the
 * recent records, and as soon as something is typed the records the offline search finds. Arrow keys
 * move, Enter runs.
 */
export function CommandPalette({ context, onAction, onModule, onView, onRecord, onClose }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const connections = useConnections();
  const names = (connections.data ?? []).map((c) => c.name);
  const modules = useQueries({
    queries: names.map((connection) => ({
      queryKey: keys.modules(connection),
      queryFn: () => call('modules.list', { connection }),
      staleTime: 60_000,
    })),
  });
  const moduleRefs = names.flatMap((connection, i) =>
    (modules[i]?.data ?? []).map((m) => ({ connection, module: m.name, label: m.label })),
  );
  const views = useQueries({
    queries: moduleRefs.map((r) => ({ ...viewsQuery(r.connection, r.module), staleTime: 30_000 })),
  });
  const recents = useRecents();
  const wanted = useDebounced(text, 100);
  const search = useMirrorSearch(wanted.trim().length >= 2 ? wanted : '', 20);

  useEffect(() => input.current?.focus(), []);

  const moduleData = modules.map((m) => m.data);
  const items: Item[] = (() => {
    const q = text.trim();
    const acts: Item[] = actions
      .filter((a) => a.id !== 'palette')
      .filter((a) => !a.needs || (a.needs === 'module' ? context.module : context.record))
      .filter((a) => matchesWords(`${t(a.label)} ${a.keywords ?? ''}`, q))
      .map((a) => ({
        key: `action:${a.id}`,
        kind: 'action',
        label: t(a.label),
        detail: t(GROUP_TEXT[a.group]),
        ...(a.shortcut ? { shortcut: shortcutText(a.shortcut) } : {}),
        run: () => onAction(a.id),
      }));
    const mods: Item[] = names.flatMap((connection, i) =>
      (moduleData[i] ?? [])
        .filter((m) => matchesWords(`${m.label} ${m.name} ${connection}`, q))
        .map((m) => ({
          key: `module:${connection}:${m.name}`,
          kind: 'module' as const,
          label: m.label,
          detail: connection,
          run: () => onModule(connection, m.name),
        })),
    );
    const viewItems: Item[] = moduleRefs.flatMap((r, i) =>
      (views[i]?.data ?? [])
        .filter((v) => matchesWords(`${v.name} ${r.label} ${r.module} ${r.connection}`, q))
        .map((v) => ({
          key: `view:${r.connection}:${r.module}:${v.name}`,
          kind: 'view' as const,
          label: v.name,
          detail: t('palette.where', { module: r.label, connection: r.connection }),
          run: () => onView(r.connection, r.module, v.name),
        })),
    );
    const recentItems: Item[] = [...(recents.data?.pinned ?? []), ...(recents.data?.recent ?? [])]
      .filter((r) => matchesWords(`${r.label} ${r.moduleLabel}`, q))
      .map((r) => ({
        key: `record:${r.connection}:${r.module}:${r.id}`,
        kind: 'recent' as const,
        label: r.label,
        detail: t('palette.where', { module: r.moduleLabel, connection: r.connection }),
        run: () => onRecord(r.connection, r.module, r.id),
      }));
    const found: Item[] =
      q.length >= 2 && wanted === text
        ? (search.data?.hits ?? []).map((h) => ({
            key: `record:${h.connection}:${h.module}:${h.id}`,
            kind: 'record' as const,
            label: h.label,
            detail: t('palette.where', { module: h.moduleLabel, connection: h.connection }),
            run: () => onRecord(h.connection, h.module, h.id),
          }))
        : [];
    // Records the search ranks as exact or prefix matches come before modules and actions that merely
    // contain the words; the rest after them.
    const strong = new Set(
      (search.data?.hits ?? []).filter((h) => h.score >= 300).map((h) => `record:${h.connection}:${h.module}:${h.id}`),
    );
    const records = dedupe([...recentItems, ...found]);
    const list =
      q === ''
        ? [...acts, ...records.slice(0, 8), ...viewItems, ...mods]
        : [
            ...records.filter((r) => strong.has(r.key)),
            ...acts,
            ...viewItems,
            ...mods,
            ...records.filter((r) => !strong.has(r.key)),
          ];
    return list.slice(0, 60);
  })();

  const run = (item: Item | undefined) => {
    if (!item) return;
    onClose();
    item.run();
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(items[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  };

  return (
    <div className="modal-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label={t('palette.title')} data-testid="palette">
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-autocomplete="list"
          aria-label={t('palette.input')}
          {...(items[active] ? { 'aria-activedescendant': `palette-${active}` } : {})}
          placeholder={t('palette.placeholder')}
          dir="auto"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
        />
        <ul id="palette-list" role="listbox" aria-label={t('palette.results')}>
          {items.map((item, i) => (
            <li
              key={item.key}
              id={`palette-${i}`}
              role="option"
              aria-selected={i === active}
              className={`palette-item${i === active ? ' active' : ''}`}
              data-kind={item.kind}
              onMouseEnter={() => setActive(i)}
              onClick={() => run(item)}
            >
              <span className="palette-kind muted">{t(KIND_TEXT[item.kind])}</span>
              <span className="palette-label" dir="auto">
                {item.label}
              </span>
              <span className="muted palette-detail" dir="auto">
                {item.detail}
              </span>
              {item.shortcut && <kbd>{item.shortcut}</kbd>}
            </li>
          ))}
          {items.length === 0 && <li className="muted palette-empty">{t('palette.empty')}</li>}
        </ul>
      </div>
    </div>
  );
}

function dedupe(items: Item[]): Item[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.key) ? false : (seen.add(i.key), true)));
}
