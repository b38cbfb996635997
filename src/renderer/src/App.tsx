import { useTranslation } from 'react-i18next';
import { ConnectionManager } from './components/connections/ConnectionManager.tsx';
import { ModuleScreen } from './components/layout/ModuleScreen.tsx';
import { Sidebar } from './components/layout/Sidebar.tsx';
import { LanguageSettings } from './i18n/LanguageSettings.tsx';
import { useAppInfo } from './queries/connections.ts';
import { useLeaveGuard } from './state/leaveGuard.tsx';
import { usePlace } from './state/navigation.ts';
import { useTheme } from './state/theme.ts';

export function App() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const { place, go } = usePlace();
  const { guard } = useLeaveGuard();
  const { theme, toggle } = useTheme();
  const to = (next: Parameters<typeof go>[0]) => {
    const merged = { ...place, ...next };
    const staysInModule =
      merged.view === 'module' && merged.connection === place.connection && merged.module === place.module;
    guard(() => go(next), !staysInModule);
  };
  const showModule = place.view === 'module' && place.connection !== null && place.module !== null;
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
          onModule={(c, m) => to({ view: 'module', connection: c, module: m, record: null, cloneOf: null })}
        />
        <main className="content">
          {showModule && place.connection && place.module ? (
            <ModuleScreen
              key={`${place.connection}:${place.module}`}
              connection={place.connection}
              module={place.module}
              record={place.record}
              cloneOf={place.cloneOf}
              onRecord={(record, cloneOf = null) => to({ record, cloneOf })}
              onOpenLinked={(module, record) => to({ module, record, cloneOf: null })}
            />
          ) : (
            <ConnectionManager onOpen={(c) => to({ connection: c })} />
          )}
        </main>
      </div>
    </div>
  );
}
