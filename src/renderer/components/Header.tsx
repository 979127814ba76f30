import type { ReactElement } from 'react';
import { useApp } from '../state/app-slice';

/** App name, model, mode and connection state. */
export function Header(): ReactElement {
  const info = useApp((state) => state.info);
  const connection = useApp((state) => state.connection);
  return (
    <header className="header">
      <h1>Semantik</h1>
      {info !== null ? (
        <span className="header-facts">
          <span title={info.model.description}>model {info.model.name}</span>
          <span title={info.dataDir}>{info.mode === 'web' ? 'web monitor' : 'desktop'}</span>
          {info.readOnly ? (
            <span className="badge badge-warn" data-testid="read-only">
              read-only
            </span>
          ) : null}
          <span className="muted">v{info.version}</span>
        </span>
      ) : null}
      <span className={`connection connection-${connection}`} data-testid="connection" data-status={connection}>
        {connection === 'open'
          ? 'connected'
          : connection === 'connecting'
            ? 'connecting…'
            : 'disconnected: retrying, controls off until it is back'}
      </span>
    </header>
  );
}
