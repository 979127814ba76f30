/**
 * Builds the app once for the e2e suite: `npx electron-vite build` when out/renderer is missing or
 * older than any renderer or shared source. Files run one after another (vitest.config.ts), so a
 * second file finds the build fresh and skips it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
/** The built renderer that `semantik serve` serves. */
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds unless the built page is newer than every source it comes from. */
export function ensureRendererBuilt(): void {
  const index = join(RENDERER_DIR, 'index.html');
  const sources = Math.max(newestMtime(join(REPO_ROOT, 'src', 'renderer')), newestMtime(join(REPO_ROOT, 'src', 'shared')));
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 180_000,
  });
}
