import type { ReactElement } from 'react';
import type { SettingInfo } from '../../shared/settings';

/**
 * The value field of one setting: a select for settings that take one of a few words (with "the
 * default" as its empty choice), free text otherwise. Enter saves.
 */
export function SettingValueInput({
  setting,
  value,
  disabled,
  onChange,
  onEnter,
}: {
  setting: SettingInfo;
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
  onEnter: () => void;
}): ReactElement {
  const label = `value of ${setting.name}`;
  if (setting.choices !== null) {
    // A hand-written value outside the choices (e.g. "1" for on) is still shown as it is.
    const options = value === '' || setting.choices.includes(value) ? setting.choices : [...setting.choices, value];
    return (
      <select
        data-testid="setting-input"
        aria-label={label}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">default ({setting.default})</option>
        {options.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      type="text"
      size={28}
      data-testid="setting-input"
      aria-label={label}
      value={value}
      placeholder={setting.default}
      disabled={disabled}
      maxLength={2000}
      onChange={(event) => onChange(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onEnter();
      }}
    />
  );
}
