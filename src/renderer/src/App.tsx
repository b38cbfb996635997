import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { actionFor, actions, needsNoTyping, shortcutText, type ActionId } from './commands/actions.ts';
import { runCommand } from './commands/bus.ts';
import { ConnectionManager } from './components/connections/ConnectionManager.tsx';
import { HomeScreen } from './components/home/HomeScreen.tsx';
import { ModuleScreen } from './components/layout/ModuleScreen.tsx';
import { Sidebar } from './components/layout/Sidebar.tsx';
import { CommandPalette } from './components/palette/CommandPalette.tsx';
import { ShortcutsSheet } from './components/palette/ShortcutsSheet.tsx';
import { LanguageSettings } from './i18n/LanguageSettings.tsx';
import { useAppInfo } from './queries/connections.ts';
import { useLeaveGuard } from './state/leaveGuard.tsx';
import { usePlace } from './state/navigation.ts';
import { useTheme } from './state/theme.ts';

const paletteShortcut = actions.find((a) => a.id === 'palette')?.shortcut;
const paletteKeys = paletteShortcut ? shortcutText(paletteShortcut) : '';

/** Whether a key press happens while the user types (single-key shortcuts then stay text). */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function App() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const { place, go } = usePlace();
  const { guard } = useLeaveGuard();
  const { theme, toggle } = useTheme();
  const [overlay, setOverlay] = useState<'palette' | 'shortcuts' | null>(null);
  const to = (next: Parameters<typeof go>[0]) => {
    const merged = { ...place, ...next };
    const staysInModule =
      merged.view === 'module' && merged.connection === place.connection && merged.module === place.module;
    guard(() => go(next), !staysInModule);
  };
  const showModule = place.view === 'module' && place.connection !== null && place.module !== null;
  const openRecord = (connection: string, module: string, record: string) =>
    to({ view: 'module', connection, module, record, cloneOf: null });
  const openModule = (connection: string, module: string) =>
    to({ view: 'module', connection, module, record: null, cloneOf: null, link: null, savedView: undefined });
  const openView = (connection: string, module: string, savedView: string) =>
    to({ view: 'module', connection, module, record: null, cloneOf: null, link: null, savedView });

  const runAction = (id: ActionId) => {
    switch (id) {
      case 'palette':
      case 'shortcuts':
        setOverlay(id === 'palette' ? 'palette' : 'shortcuts');
        return;
      case 'theme':
        toggle();
        return;
      case 'search':
      case 'connections':
        to({ view: 'connections', record: null });
        // After the home screen is shown: focus its search box, or bring the connections into view.
        setTimeout(() => {
          if (id === 'search') runCommand('search');
          else document.getElementById('connections-heading')?.scrollIntoView();
        }, 0);
        return;
      default:
        runCommand(id);
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = actionFor(e);
      if (!action?.shortcut || e.defaultPrevented) return;
      if (needsNoTyping(action.shortcut) && typing(e.target)) return;
      if (overlay && action.id !== 'palette') return;
      e.preventDefault();
      if (action.id === 'palette' && overlay === 'palette') setOverlay(null);
      else runAction(action.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="app">
      <header className="topbar">
        <strong className="brand">{t('app.brand')}</strong>
        <span className="muted" data-testid="transport">
          {!info.data
            ? t('app.starting')
            : info.data.demo
              ? t('app.demoWorkspace', { transport: info.data.transport })
              : info.data.transport}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => setOverlay('palette')} data-testid="palette-open">
          {t('palette.open')} <kbd>{paletteKeys}</kbd>
        </button>
        <LanguageSettings />
        <button type="button" onClick={toggle} data-testid="theme-toggle">
          <span aria-hidden="true">{theme === 'light' ? '☾' : '☀'}</span>{' '}
          {theme === 'light' ? t('app.themeDark') : t('app.themeLight')}
        </button>
      </header>
      <div className="workspace">
        <Sidebar
          place={place}
          onConnections={() => to({ view: 'connections', record: null })}
          onConnection={(c) => to(place.connection === c ? { connection: null } : { connection: c })}
          onModule={openModule}
          onView={openView}
        />
        <main className="content">
          {showModule && place.connection && place.module ? (
            <ModuleScreen
              key={`${place.connection}:${place.module}`}
              connection={place.connection}
              module={place.module}
              record={place.record}
              cloneOf={place.cloneOf}
              link={place.link ?? null}
              savedView={place.savedView}
              onSavedView={(savedView) => to({ savedView })}
              onRecord={(record, cloneOf = null) => to({ record, cloneOf, link: null })}
              onOpenLinked={(module, record) => to({ module, record, cloneOf: null, link: null })}
              onNewLinked={(module, field, id) => to({ module, record: 'new', cloneOf: null, link: { field, id } })}
            />
          ) : (
            <>
              <HomeScreen onOpen={openRecord} />
              <ConnectionManager onOpen={(c) => to({ connection: c })} />
            </>
          )}
        </main>
      </div>
      {overlay === 'palette' && (
        <CommandPalette
          context={{ module: showModule, record: showModule && place.record !== null && place.record !== 'new' }}
          onAction={runAction}
          onModule={openModule}
          onView={openView}
          onRecord={openRecord}
          onClose={() => setOverlay(null)}
        />
      )}
      {overlay === 'shortcuts' && <ShortcutsSheet onClose={() => setOverlay(null)} />}
    </div>
  );
}
