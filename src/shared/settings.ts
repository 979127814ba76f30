/**
 * Settings as the UIs see them, and the precedence that makes them: an environment variable that is
 * set wins over `<data folder>/settings.json`, which wins over the default.
 *
 * Pure (no Node): the engine and the unit tests share it; the catalogue is settings-catalogue.ts.
 */
import { z } from 'zod';
import { SETTINGS, type SettingAppliesAt, type SettingSpec } from './settings-catalogue';

/** Where a setting's effective value comes from. */
export type SettingSource = 'environment' | 'file' | 'default';

/** One setting in the Settings view (`settings:list`, `settings:set`). */
export interface SettingInfo {
  name: string;
  description: string;
  /** The effective value as text: the variable's, the file's, or the default's text. */
  value: string;
  source: SettingSource;
  /** What settings.json holds for it (also when the environment hides it), or null. */
  fileValue: string | null;
  default: string;
  appliesAt: SettingAppliesAt;
  /** False when the environment sets it: a value in the file would be overridden. */
  editable: boolean;
  /** Only the desktop window may change it (settings-catalogue.ts says why). */
  desktopOnly: boolean;
  choices: string[] | null;
  /** The value now differs from the one the running engine started with: a restart applies it. */
  pendingRestart: boolean;
}

/** Variables as the process has them (a plain record: no Node types in shared code). */
export type EnvVars = Readonly<Record<string, string | undefined>>;
/** What settings.json holds: setting name → text. */
export type SettingsFileValues = Readonly<Record<string, string>>;

/**
 * Whether the environment sets a variable. A blank one does not: every parser reads blank as "the
 * default", so letting it hide the file would show "set by the environment" for a value nobody set
 * (shells and compose files often pass `NAME=`).
 */
export function isSetInEnvironment(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** The environment with the file's values under it: each file value fills a variable the environment leaves unset. */
export function withSettingsFile(env: EnvVars, file: SettingsFileValues): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...env };
  for (const [name, value] of Object.entries(file)) {
    if (!isSetInEnvironment(env[name])) merged[name] = value;
  }
  return merged;
}

/** Where the value of `name` comes from. */
export function settingSource(name: string, env: EnvVars, file: SettingsFileValues): SettingSource {
  if (isSetInEnvironment(env[name])) return 'environment';
  return Object.hasOwn(file, name) ? 'file' : 'default';
}

/** One catalogue entry as the UIs show it; `startedWith` is the merged environment the engine started with. */
export function settingInfo(spec: SettingSpec, env: EnvVars, file: SettingsFileValues, startedWith: EnvVars): SettingInfo {
  const source = settingSource(spec.name, env, file);
  const fileValue = Object.hasOwn(file, spec.name) ? (file[spec.name] ?? null) : null;
  const raw = source === 'environment' ? env[spec.name] : source === 'file' ? fileValue : undefined;
  return {
    name: spec.name,
    description: spec.description,
    value: raw ?? spec.default,
    source,
    fileValue,
    default: spec.default,
    appliesAt: spec.appliesAt,
    editable: source !== 'environment',
    desktopOnly: spec.desktopOnly,
    choices: spec.choices === null ? null : [...spec.choices],
    pendingRestart: spec.appliesAt === 'restart' && (raw ?? '').trim() !== (startedWith[spec.name] ?? '').trim(),
  };
}

/** Every catalogue entry, in the catalogue's order. */
export function settingInfos(env: EnvVars, file: SettingsFileValues, startedWith: EnvVars): SettingInfo[] {
  return SETTINGS.map((spec) => settingInfo(spec, env, file, startedWith));
}

/** Input of `settings:set`: a value, or null to remove it from the file (back to the default). */
export const settingSetInput = z
  .object({
    name: z.string().min(1).max(100),
    value: z
      .string()
      .max(2000)
      // It becomes an environment-like value and, for the open commands, a command's words.
      .regex(/^[^\p{Cc}]*$/u, 'a value is one line of text, without control characters')
      .nullable(),
  })
  .strict();
