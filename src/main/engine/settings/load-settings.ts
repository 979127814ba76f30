/**
 * The engine's settings at start: the environment with `<data folder>/settings.json` under it
 * (a variable that is set wins, the file wins over the default), parsed by the same functions that
 * have always read the environment.
 */
import { SemantikError } from '../../../shared/errors';
import { withSettingsFile, isSetInEnvironment, type SettingsFileValues } from '../../../shared/settings';
import { dataDirFrom, loadConfig, type EngineConfig } from '../config';
import { openCommandsFrom, type OpenCommands } from '../file-open/open-command';
import { readSettingsFile, settingsFilePath } from './settings-file';

/** What the engine starts with, and what the Settings handlers compare against. */
export interface LoadedSettings {
  /** The environment alone (`options.env` or the process's). */
  baseEnv: NodeJS.ProcessEnv;
  /** The environment with the file's values under it: what the engine read. */
  env: NodeJS.ProcessEnv;
  config: EngineConfig;
  openCommands: OpenCommands;
  filePath: string;
  /** The caller's overrides (CLI flags, the data folder given by option). */
  overrides: Partial<EngineConfig>;
}

/**
 * Parses the environment with `file` under it. Throws the parsers' BAD_INPUT (naming the variable)
 * when a value is bad: the check `settings:set` runs before it writes the file.
 */
export function resolveSettings(
  baseEnv: NodeJS.ProcessEnv,
  file: SettingsFileValues,
  overrides: Partial<EngineConfig>,
): { env: NodeJS.ProcessEnv; config: EngineConfig; openCommands: OpenCommands } {
  const env: NodeJS.ProcessEnv = withSettingsFile(baseEnv, file);
  // Open-command templates first, as before there was a file: a bad one stops the start.
  const openCommands = openCommandsFrom(env);
  return { env, config: loadConfig(env, overrides), openCommands };
}

/**
 * Reads the settings file of the data folder (found from `overrides.dataDir` or the environment
 * alone: the file lives there) and resolves the settings. A bad value that came from the file says
 * so, since the person will look for it in the environment first.
 */
export function loadSettings(baseEnv: NodeJS.ProcessEnv, overrides: Partial<EngineConfig> = {}): LoadedSettings {
  const dataDir = overrides.dataDir ?? dataDirFrom(baseEnv);
  const filePath = settingsFilePath(dataDir);
  const file = readSettingsFile(filePath);
  try {
    return { baseEnv, filePath, overrides: { ...overrides, dataDir }, ...resolveSettings(baseEnv, file, { ...overrides, dataDir }) };
  } catch (error) {
    // The parsers' messages start with the variable's name.
    const name = error instanceof SemantikError ? /^[A-Z][A-Z0-9_]*/.exec(error.message)?.[0] : undefined;
    if (error instanceof SemantikError && name !== undefined && Object.hasOwn(file, name) && !isSetInEnvironment(baseEnv[name])) {
      throw new SemantikError(error.code, `${error.message} (set in ${filePath})`, { cause: error });
    }
    throw error;
  }
}
