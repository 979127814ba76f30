// The packaging tools (electron-builder and what it brings) live in packaging/, with their own
// package.json and lock, apart from the app's install: electron-builder 26 pulls in
// @electron/rebuild 4 and node-abi 4, which declare Node 22.12+, so in the app's own tree they made
// every `npm ci` on Node 20 print engine warnings about tools only packaging uses.
//
// `ensurePackagingTools()` installs them (`npm ci` in packaging/) when they are missing or older
// than packaging/package-lock.json; `npm test` (for the packaging tests) and `npm run dist` call
// it. `packagingRequire` resolves a module from there. Run as a script, it installs them.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PACKAGING_DIR = join(root, 'packaging');
const LOCK = join(PACKAGING_DIR, 'package-lock.json');
// npm ci writes this copy of the lock last, so its presence and age say the install finished.
const INSTALLED_LOCK = join(PACKAGING_DIR, 'node_modules', '.package-lock.json');
/** The Node version the packaging tools declare (@electron/rebuild 4, node-abi 4). */
const TOOLS_NODE = [22, 12];

/** The packaging tools could not be installed (npm's own output is in the message). */
export class PackagingToolsError extends Error {}

export const packagingRequire = createRequire(join(PACKAGING_DIR, 'package.json'));

/** True when packaging/node_modules holds an install of the current lock. */
export function packagingToolsInstalled() {
  return existsSync(INSTALLED_LOCK) && statSync(INSTALLED_LOCK).mtimeMs >= statSync(LOCK).mtimeMs;
}

function nodeBelowTools(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return major < TOOLS_NODE[0] || (major === TOOLS_NODE[0] && minor < TOOLS_NODE[1]);
}

/**
 * Installs the packaging tools unless they are current; returns the line it printed, or null when
 * there was nothing to do. Throws with npm's own output when the install fails.
 */
export function ensurePackagingTools({ say = (line) => console.log(`[packaging] ${line}`) } = {}) {
  if (packagingToolsInstalled()) return null;
  // npm's engine warnings are replaced by the one line below, which states the Node version the
  // packaging tools declare.
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: PACKAGING_DIR,
    encoding: 'utf8',
    shell: process.platform === 'win32', // npm is npm.cmd there
  });
  if (result.status !== 0) {
    throw new PackagingToolsError(
      `npm ci in ${PACKAGING_DIR} failed (exit ${result.status ?? result.signal}):\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
  }
  const version = packagingRequire('electron-builder/package.json').version;
  const line =
    `electron-builder ${version} installed in packaging/node_modules` +
    (nodeBelowTools()
      ? ` (its @electron/rebuild and node-abi declare Node ${TOOLS_NODE.join('.')}+; on Node ${process.versions.node} it serves the packaging tests, npm run dist wants ${TOOLS_NODE.join('.')}+)`
      : '');
  say(line);
  return line;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensurePackagingTools();
  } catch (error) {
    console.error(`[packaging] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
