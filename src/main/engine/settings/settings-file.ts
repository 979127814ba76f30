/**
 * `<data folder>/settings.json`: the settings changed in the app, as a JSON object of setting name
 * (the environment variable) to text. Read strictly: an unknown name or a value that is not text
 * stops the engine with a message naming the file, rather than being ignored silently.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SemantikError } from '../../../shared/errors';
import { notEditableReason, SETTINGS } from '../../../shared/settings-catalogue';
import type { SettingsFileValues } from '../../../shared/settings';
import { parseInput } from '../../../shared/validate';

/** The file's name in the data folder. */
export const SETTINGS_FILE_NAME = 'settings.json';

/** Settings are not secrets, but the data folder is the owner's: so is this file. */
const SETTINGS_FILE_MODE = 0o600;

/** Where the settings file of a data folder is. */
export function settingsFilePath(dataDir: string): string {
  return join(dataDir, SETTINGS_FILE_NAME);
}

/** The file's shape: only catalogue names, only text values; every problem is reported at once. */
export const settingsFileSchema = z.strictObject(
  Object.fromEntries(SETTINGS.map(({ name }) => [name, z.string({ error: 'must be text in quotes, e.g. "4"' }).optional()])),
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map(notEditableReason).join('; ')
        : 'must be a JSON object of setting name to text, e.g. {"SEMANTIK_WORKERS": "4"}',
  },
);

/** Parses the file's text; throws BAD_INPUT naming `path` and every problem. */
export function parseSettingsFile(text: string, path: string): SettingsFileValues {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SemantikError('BAD_INPUT', `The settings file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const values = parseInput(settingsFileSchema, json, `settings file ${path}`);
  // Optional in the schema (any subset of names), never undefined in parsed JSON.
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The file's settings; none when it does not exist. */
export function readSettingsFile(path: string): SettingsFileValues {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SemantikError('BAD_INPUT', `Cannot read the settings file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseSettingsFile(text, path);
}

/**
 * Replaces the file's content atomically: a temporary file in the same folder, flushed, then
 * renamed over it, so a crash leaves the old file or the new one, never half of one.
 */
export function writeSettingsFile(path: string, values: SettingsFileValues): void {
  const sorted = Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(temp, 'wx', SETTINGS_FILE_MODE);
    try {
      writeSync(fd, `${JSON.stringify(sorted, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new SemantikError('STORE', `Cannot write the settings file ${path}: ${(error as Error).message}`, { cause: error });
  }
}
