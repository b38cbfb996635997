import { useTranslation } from 'react-i18next';
import type { ConnectionInfo } from '../../../../shared/contract.ts';
import { useConnections, useVendors } from '../../queries/connections.ts';
import { useModules } from '../../queries/modules.ts';
import { arrows } from '../../i18n/bidi.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import type { Place } from '../../state/navigation.ts';
import { errorMessage } from '../common/ErrorBox.tsx';

interface Props {
  place: Place;
  onConnections: () => void;
  onModule: (connection: string, module: string) => void;
  onConnection: (connection: string) => void;
}

/** Connections, and under the open one its modules (like a database tree in DBeaver). */
export function Sidebar({ place, onConnections, onModule, onConnection }: Props) {
  const { t } = useTranslation();
  const connections = useConnections();
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <button
        type="button"
        className={`nav-item${place.view === 'connections' ? ' selected' : ''}`}
        onClick={onConnections}
      >
        {t('nav.manage')}
      </button>
      <ul className="tree">
        {connections.data?.map((c) => (
          <ConnectionNode
            key={c.name}
            connection={c}
            open={place.connection === c.name}
            selectedModule={place.view === 'module' && place.connection === c.name ? place.module : null}
            onOpen={() => onConnection(c.name)}
            onModule={(m) => onModule(c.name, m)}
          />
        ))}
      </ul>
    </nav>
  );
}

interface NodeProps {
  connection: ConnectionInfo;
  open: boolean;
  selectedModule: string | null;
  onOpen: () => void;
  onModule: (module: string) => void;
}

function ConnectionNode({ connection, open, selectedModule, onOpen, onModule }: NodeProps) {
  const { t } = useTranslation();
  const { dir } = useLocale();
  const modules = useModules(open ? connection.name : null);
  const vendors = useVendors();
  const vendorLabel = vendors.data?.find((v) => v.id === connection.vendor)?.label ?? connection.vendor;
  return (
    <li data-testid={`conn-${connection.name}`} data-vendor={connection.vendor}>
      <button
        type="button"
        className="nav-item connection"
        aria-expanded={open}
        onClick={onOpen}
        dir="auto"
        // The sidebar is narrow: a long name or vendor is cut with an ellipsis, the tooltip shows it whole.
        title={`${connection.name} · ${vendorLabel}`}
      >
        <span className="caret" aria-hidden="true">
          {open ? arrows(dir).expanded : arrows(dir).collapsed}
        </span>{' '}
        <bdi>{connection.name}</bdi>
        <small className="muted"> {vendorLabel}</small>
      </button>
      {open && (
        <ul>
          {modules.isPending && <li className="muted nav-note">{t('common.loading')}</li>}
          {modules.isError && (
            <li className="bad nav-note" title={errorMessage(modules.error)}>
              <bdi>{errorMessage(modules.error)}</bdi>{' '}
              <button type="button" className="link" onClick={() => void modules.refetch()}>
                {t('common.retry')}
              </button>
            </li>
          )}
          {modules.data?.map((m) => (
            <li key={m.name}>
              <button
                type="button"
                className={`nav-item module${selectedModule === m.name ? ' selected' : ''}`}
                data-module={m.name}
                aria-current={selectedModule === m.name ? 'page' : undefined}
                dir="auto"
                onClick={() => onModule(m.name)}
              >
                {m.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
