import { useState, type ReactElement } from 'react';
import type { SettingInfo } from '../../shared/settings';
import { useApp, useCanWrite } from '../state/app-slice';
import { settingsActions, useSettings } from '../state/settings-slice';
import { SettingValueInput } from './SettingValueInput';

const SOURCE_CLASS: Record<SettingInfo['source'], string> = { environment: 'badge badge-warn', file: 'badge job-active', default: 'badge' };

/** Why a row cannot be changed here, or null when it can. */
function lockedReason(setting: SettingInfo, web: boolean): string | null {
  if (!setting.editable) return `Set by the environment variable ${setting.name}; change it there.`;
  if (setting.desktopOnly && web)
    return 'Desktop only (it runs a command, or widens what the app reads or downloads): change it in the desktop app or in settings.json.';
  return null;
}

/** The note under a row: saved just now, and whether the running engine still uses the old value. */
function noteText(setting: SettingInfo, saved: boolean): string | null {
  if (setting.pendingRestart) return `${saved ? 'Saved. ' : 'Changed. '}Takes effect at the next start.`;
  return saved ? 'Saved.' : null;
}

/**
 * One setting: name and description, the value (the file's, or the environment's when that sets
 * it), where the effective value comes from, Save and Reset, and the engine's reason when it
 * refuses a value. The parent keys it by the file's value, so a saved value resets the field.
 */
export function SettingRow({ setting }: { setting: SettingInfo }): ReactElement {
  const canWrite = useCanWrite();
  const web = useApp((state) => state.info?.mode === 'web');
  const busy = useSettings((state) => state.busy.includes(setting.name));
  const error = useSettings((state) => state.rowErrors[setting.name] ?? null);
  const saved = useSettings((state) => state.saved.includes(setting.name));
  const [draft, setDraft] = useState(setting.source === 'environment' ? setting.value : (setting.fileValue ?? ''));
  const locked = lockedReason(setting, web);
  const disabled = !canWrite || locked !== null || busy;
  const save = (): void => {
    if (!disabled && draft.trim() !== (setting.fileValue ?? ''))
      void settingsActions.save(setting.name, draft.trim() === '' ? null : draft);
  };
  // Reset stays usable under an environment variable: it clears a file value the variable hides.
  const resetDisabled = !canWrite || busy || (setting.desktopOnly && web) || setting.fileValue === null;
  const note = noteText(setting, saved);
  return (
    <tr data-testid="setting-row" data-name={setting.name} data-source={setting.source} data-editable={setting.editable}>
      <td>
        <code>{setting.name}</code>
        <div className="muted">{setting.description}</div>
      </td>
      <td className="setting-value">
        <SettingValueInput setting={setting} value={draft} disabled={disabled} onChange={setDraft} onEnter={save} />
        {locked !== null ? (
          <div className="muted" data-testid="setting-locked">
            {locked}
          </div>
        ) : null}
        {error !== null ? (
          <div className="error-text" role="alert" data-testid="setting-error">
            {error}
          </div>
        ) : null}
        {note !== null && error === null ? (
          <div className="muted" role="status" data-testid="setting-note">
            {note}
          </div>
        ) : null}
      </td>
      <td>
        <span className={SOURCE_CLASS[setting.source]} data-testid="setting-source" data-source={setting.source}>
          {setting.source}
        </span>
      </td>
      <td className="actions">
        <button
          type="button"
          className="small-button"
          data-testid="setting-save"
          disabled={disabled || draft.trim() === (setting.fileValue ?? '')}
          onClick={save}
        >
          Save
        </button>
        <button
          type="button"
          className="small-button"
          data-testid="setting-reset"
          title={`Remove it from settings.json: back to the default (${setting.default})`}
          disabled={resetDisabled}
          onClick={() => void settingsActions.save(setting.name, null)}
        >
          Reset
        </button>
      </td>
    </tr>
  );
}
