/**
 * The app's version, from its package.json, found by walking up from the running file: the
 * sources sit three folders below it (src/main/engine), the bundles two (out/main, also inside a
 * packaged app's app.asar), so no fixed relative path is right for both.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The package name that marks the app's own package.json (not a dependency's). */
export const APP_PACKAGE_NAME = 'semantik-desktop';
/** Folders looked at above the start, the start included. */
const MAX_LEVELS = 5;

/** The version in the nearest package.json named APP_PACKAGE_NAME above `startDir`, or 'unknown'. */
export function appVersion(startDir: string): string {
  let dir = startDir;
  for (let level = 0; level < MAX_LEVELS; level += 1) {
    const found = versionIn(join(dir, 'package.json'));
    if (found !== null) return found;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return 'unknown';
}

function versionIn(file: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // no package.json here, or not one to read: look further up
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as { name?: unknown; version?: unknown }) : {};
  return record.name === APP_PACKAGE_NAME && typeof record.version === 'string' ? record.version : null;
}
