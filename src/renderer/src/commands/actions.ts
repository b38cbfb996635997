/**
 * Every action the keyboard reaches: the command palette lists them and the shortcuts sheet (`?`) shows
 * their keys, both from this one table, so a shortcut cannot be listed in one place and missing in the
 * other. Module actions work on the open module (ModuleScreen listens for them on the command bus).
 */
export type ActionId =
  | 'palette'
  | 'shortcuts'
  | 'search'
  | 'connections'
  | 'theme'
  | 'new-record'
  | 'export'
  | 'sync'
  | 'refresh-fields'
  | 'pin';

export type ActionGroup = 'App' | 'Module' | 'Record';

type ActionLabel =
  | 'actions.palette'
  | 'actions.shortcuts'
  | 'actions.search'
  | 'actions.connections'
  | 'actions.theme'
  | 'actions.newRecord'
  | 'actions.export'
  | 'actions.sync'
  | 'actions.refreshFields'
  | 'actions.pin';

/** The catalog key of each group's heading (shortcuts sheet) and detail (palette). */
export const GROUP_TEXT = {
  App: 'shortcuts.anywhere',
  Module: 'shortcuts.withModule',
  Record: 'shortcuts.withRecord',
} as const satisfies Record<ActionGroup, string>;

export interface Shortcut {
  /** KeyboardEvent.code of the key (layout-independent for letters), or the typed character. */
  code?: string;
  key?: string;
  /** Ctrl, or ⌘ on a Mac. */
  mod?: boolean;
  alt?: boolean;
}

export interface ActionSpec {
  id: ActionId;
  /** Its catalog key (src/shared/i18n). */
  label: ActionLabel;
  group: ActionGroup;
  shortcut?: Shortcut;
  /** Only with a module open (or a record, for 'Record'). */
  needs?: 'module' | 'record';
  /** Words the palette also finds it by. */
  keywords?: string;
}

export const actions: readonly ActionSpec[] = [
  { id: 'palette', label: 'actions.palette', group: 'App', shortcut: { code: 'KeyK', mod: true } },
  { id: 'shortcuts', label: 'actions.shortcuts', group: 'App', shortcut: { key: '?' }, keywords: 'help keys' },
  {
    id: 'search',
    label: 'actions.search',
    group: 'App',
    shortcut: { key: '/' },
    keywords: 'find home',
  },
  { id: 'connections', label: 'actions.connections', group: 'App', shortcut: { code: 'KeyC', alt: true } },
  { id: 'theme', label: 'actions.theme', group: 'App', shortcut: { code: 'KeyT', alt: true } },
  {
    id: 'new-record',
    label: 'actions.newRecord',
    group: 'Module',
    needs: 'module',
    shortcut: { code: 'KeyN', alt: true },
    keywords: 'create add',
  },
  { id: 'export', label: 'actions.export', group: 'Module', needs: 'module', shortcut: { code: 'KeyE', alt: true } },
  {
    id: 'sync',
    label: 'actions.sync',
    group: 'Module',
    needs: 'module',
    shortcut: { code: 'KeyS', alt: true },
    keywords: 'offline mirror',
  },
  {
    id: 'refresh-fields',
    label: 'actions.refreshFields',
    group: 'Module',
    needs: 'module',
    shortcut: { code: 'KeyR', alt: true },
    keywords: 'metadata describe',
  },
  {
    id: 'pin',
    label: 'actions.pin',
    group: 'Record',
    needs: 'record',
    shortcut: { code: 'KeyP', alt: true },
    keywords: 'favourite home',
  },
];

export const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform);

/** How a shortcut reads: "Ctrl+K" (⌘K on a Mac), "Alt+N", "?". */
export function shortcutText(s: Shortcut, mac = isMac()): string {
  const key = s.key ?? (s.code?.startsWith('Key') ? s.code.slice(3) : (s.code ?? ''));
  const parts: string[] = [];
  if (s.mod) parts.push(mac ? '⌘' : 'Ctrl');
  if (s.alt) parts.push(mac ? '⌥' : 'Alt');
  parts.push(key);
  return mac ? parts.join('') : parts.join('+');
}

/** Whether a key press is this shortcut (Ctrl or ⌘ for `mod`; no other modifier pressed). */
export function matches(s: Shortcut, e: Pick<KeyboardEvent, 'code' | 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>) {
  const mod = e.ctrlKey || e.metaKey;
  if (Boolean(s.mod) !== mod || Boolean(s.alt) !== e.altKey) return false;
  return s.code !== undefined ? e.code === s.code : e.key === s.key;
}

/** Single keys (`?`, `/`) must not fire while the user types in a field. */
export function needsNoTyping(s: Shortcut): boolean {
  return !s.mod && !s.alt;
}

export function actionFor(e: KeyboardEvent): ActionSpec | undefined {
  return actions.find((a) => a.shortcut && matches(a.shortcut, e));
}
