/**
 * The API handlers of the `settings:*` calls. Spread into the engine's handler map by api-handlers.ts.
 *
 * The file is read again on every call (it is small): a hand edit shows at once, and a broken one
 * is reported rather than overwritten.
 */
import type { ApiHandlers } from '../../../shared/api';
import { SemantikError } from '../../../shared/errors';
import { notEditableReason, settingSpec } from '../../../shared/settings-catalogue';
import { isSetInEnvironment, settingInfo, settingInfos, type SettingsFileValues } from '../../../shared/settings';
import { resolveSettings, type LoadedSettings } from './load-settings';
import { readSettingsFile, writeSettingsFile } from './settings-file';

/** The `settings:*` handlers over what the engine started with. */
export function createSettingsHandlers(loaded: LoadedSettings): Pick<ApiHandlers, 'settings:list' | 'settings:set'> {
  const { baseEnv, filePath } = loaded;
  return {
    'settings:list': async () => settingInfos(baseEnv, readSettingsFile(filePath), loaded.env),
    'settings:set': async ({ name, value }) => {
      const spec = settingSpec(name);
      if (spec === undefined) throw new SemantikError('BAD_INPUT', notEditableReason(name));
      // A blank value means "no value": the parsers read blank as the default anyway.
      const text = value?.trim() ?? '';
      if (text !== '' && isSetInEnvironment(baseEnv[name])) {
        throw new SemantikError(
          'CONFLICT',
          `${name} is set by the environment variable; change it there (the file's value would be overridden)`,
        );
      }
      const current = readSettingsFile(filePath);
      const next: SettingsFileValues =
        text === '' ? Object.fromEntries(Object.entries(current).filter(([key]) => key !== name)) : { ...current, [name]: text };
      try {
        // The same parsers the next start runs: what they refuse never reaches the file.
        resolveSettings(baseEnv, next, loaded.overrides);
      } catch (error) {
        if (error instanceof SemantikError) throw new SemantikError('BAD_INPUT', error.message, { cause: error });
        throw error;
      }
      writeSettingsFile(filePath, next);
      return settingInfo(spec, baseEnv, next, loaded.env);
    },
  };
}
