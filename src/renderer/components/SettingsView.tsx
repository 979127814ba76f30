import { useEffect, type ReactElement } from 'react';
import { useApp, useCanWrite } from '../state/app-slice';
import { settingsActions, useSettings } from '../state/settings-slice';
import { LogsNote } from './LogsNote';
import { Panel } from './Panel';
import { SettingRow } from './SettingRow';

/** The settings: each one's value and where it comes from; changes go to settings.json in the data folder. */
export function SettingsView(): ReactElement {
  const settings = useSettings((state) => state.settings);
  const error = useSettings((state) => state.error);
  const dataDir = useApp((state) => state.info?.dataDir ?? 'the data folder');
  const canWrite = useCanWrite();
  useEffect(() => {
    void settingsActions.load();
  }, []);
  return (
    <main className="view" data-testid="view-settings">
      <Panel title="Settings" testId="panel-settings">
        <p className="muted small">
          Changes are kept in <code>{dataDir}/settings.json</code>. An environment variable that is set wins over the file, and the file
          wins over the default. Most settings take effect at the next start.
        </p>
        <LogsNote />
        {!canWrite ? (
          <p className="small" data-testid="settings-read-only">
            This monitor is read-only: settings are shown, not changed.
          </p>
        ) : null}
        {error !== null ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        {settings === null ? (
          <p className="muted">Loading…</p>
        ) : (
          <table className="table small" data-testid="settings">
            <thead>
              <tr>
                <th>setting</th>
                <th>value</th>
                <th>from</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {settings.map((setting) => (
                <SettingRow key={`${setting.name}:${setting.source}:${setting.fileValue ?? ''}`} setting={setting} />
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </main>
  );
}
