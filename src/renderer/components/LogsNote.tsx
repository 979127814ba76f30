import type { ReactElement } from 'react';
import { hostBridge } from '../state/api-ref';
import { appActions, useApp } from '../state/app-slice';

/**
 * Where the app keeps its log files, to send with a problem report; on the desktop, a button that
 * opens the folder (the web page cannot open folders on the app's machine, so it shows the path).
 */
export function LogsNote(): ReactElement | null {
  const logsDir = useApp((state) => state.info?.logsDir ?? null);
  const desktop = useApp((state) => state.desktop);
  if (logsDir === null) return null;
  const show = (): void => {
    hostBridge()
      ?.showLogs()
      .catch((error: unknown) => appActions.reportError('Show logs', error));
  };
  return (
    <p className="muted small" data-testid="settings-logs">
      Logs are kept in <code>{logsDir}</code>: the newest lines in <code>semantik.log</code>, older ones in <code>semantik.1.log</code> to{' '}
      <code>semantik.4.log</code> (5 MiB each).{' '}
      {desktop && hostBridge() !== null ? (
        <button type="button" className="small-button" data-testid="show-logs" onClick={show}>
          Show logs
        </button>
      ) : null}
    </p>
  );
}
