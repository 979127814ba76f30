/**
 * Which compiled better-sqlite3 addon to load in this runtime.
 *
 * better-sqlite3 is a V8-API addon, not N-API: a build for plain Node's ABI does not load in
 * Electron (another NODE_MODULE_VERSION), and the other way round. One checkout serves both: the
 * CLI and the tests under Node, the window and its utility-process workers under Electron. So the
 * Node build stays where npm put it, and `npm ci` (scripts/postinstall.mjs), where Electron's binary
 * is present, adds an Electron build beside it with a marker naming the Electron version it is for.
 * A packaged app has only the Electron build (electron-builder rebuilds it in place), so there the
 * default is right.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where the Electron-ABI build lives, relative to the better-sqlite3 package folder. */
export const ELECTRON_BINDING_DIR = join('build', 'electron');
export const ELECTRON_BINDING_FILE = 'better_sqlite3.node';
/** A text file beside the binding holding the Electron version it was built for. */
export const ELECTRON_BINDING_MARKER = 'electron-version';

/** What the choice depends on: the running runtime and where the package is. */
export interface BindingRuntime {
  /** `process.versions.electron`: undefined under plain Node. */
  electron: string | undefined;
  /** The better-sqlite3 package folder. */
  packageDir: string;
  /** True inside a packaged app (its binding was rebuilt for Electron in place). */
  packaged: boolean;
}

/** The choice: a path for better-sqlite3's `nativeBinding` option, or the package's default. */
export type BindingChoice = { kind: 'default'; why: string } | { kind: 'electron'; path: string } | { kind: 'missing'; why: string };

/** Decides which addon this runtime must load (pure but for the two file reads). */
export function chooseBinding(runtime: BindingRuntime): BindingChoice {
  if (runtime.electron === undefined) return { kind: 'default', why: 'plain Node: the build npm made' };
  if (runtime.packaged) return { kind: 'default', why: 'packaged app: rebuilt for Electron when packaged' };
  const dir = join(runtime.packageDir, ELECTRON_BINDING_DIR);
  const path = join(dir, ELECTRON_BINDING_FILE);
  const markerPath = join(dir, ELECTRON_BINDING_MARKER);
  if (!existsSync(path) || !existsSync(markerPath)) {
    return { kind: 'missing', why: `no Electron build of better-sqlite3 at ${path}` };
  }
  const builtFor = readFileSync(markerPath, 'utf8').trim();
  if (builtFor !== runtime.electron) {
    return {
      kind: 'missing',
      why: `the Electron build of better-sqlite3 is for Electron ${builtFor}, this is Electron ${runtime.electron}`,
    };
  }
  return { kind: 'electron', path };
}

/** The fix a person can run when the Electron build is missing or stale. */
export const REBUILD_HINT = 'run `npm run rebuild:electron` (or `npm ci` on a machine where Electron downloads)';

/** The choice for the running process. */
export function currentBinding(): BindingChoice {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('better-sqlite3/package.json'));
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  return chooseBinding({
    electron: process.versions.electron,
    packageDir,
    // A packaged app's modules sit under its resources folder (app.asar, app.asar.unpacked).
    packaged: resourcesPath !== undefined && packageDir.startsWith(resourcesPath),
  });
}
