// The packaging tools (electron-builder and what it brings) live in packaging/, with their own
// package.json and lock, apart from the app's install: electron-builder 26 pulls in
// @electron/rebuild 4 and node-abi 4, which declare Node 22.12+, so in the app's own tree they made
// every `npm ci` on Node 20 print engine warnings about tools only packaging uses.
//
// `ensurePackagingTools()` installs them (`npm ci` in packaging/) unless they were installed from
// the lock as it is now; the scripts that load them (typecheck, lint, the unit and package tests,
// `npm run dist`) call it first. `packagingRequire` resolves a module from there. Run as a script,
// it installs them.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGING_DIR = join(root, 'packaging');
const LOCK = join(PACKAGING_DIR, 'package-lock.json');
// Written after a finished install: the SHA-256 of the lock it installed. A digest, not a file
// time, so that a copied or restored node_modules folder is judged by what it holds.
const STAMP = join(PACKAGING_DIR, 'node_modules', '.semantik-lock-sha256');
/** The Node version the packaging tools declare (@electron/rebuild 4, node-abi 4). */
const TOOLS_NODE = [22, 12];

/** The packaging tools could not be installed (npm's own output is in the message). */
export class PackagingToolsError extends Error {}

export const packagingRequire = createRequire(join(PACKAGING_DIR, 'package.json'));

function lockDigest() {
  return createHash('sha256').update(readFileSync(LOCK)).digest('hex');
}

/** True when packaging/node_modules holds an install of the current lock. */
function packagingToolsInstalled() {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === lockDigest();
}

function nodeBelowTools(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return major < TOOLS_NODE[0] || (major === TOOLS_NODE[0] && minor < TOOLS_NODE[1]);
}

/**
 * How to run npm: under npm (npm test, npm run dist) its own CLI script with this Node, else the
 * npm on the PATH; on Windows that is npm.cmd, run through the shell as one command line.
 */
function npmCommand(args) {
  const cli = process.env.npm_execpath;
  if (cli?.endsWith('.js')) return { command: process.execPath, args: [cli, ...args], shell: false };
  if (process.platform === 'win32') return { command: ['npm', ...args].join(' '), args: [], shell: true };
  return { command: 'npm', args, shell: false };
}

/**
 * Installs the packaging tools unless they are current, and says so in one line. Throws with
 * npm's own output when the install fails.
 */
export function ensurePackagingTools({ say = (line) => console.log(`[packaging] ${line}`) } = {}) {
  if (packagingToolsInstalled()) return;
  // npm's engine warnings are replaced by the one line below, which states the Node version the
  // packaging tools declare.
  const npm = npmCommand(['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  const result = spawnSync(npm.command, npm.args, { cwd: PACKAGING_DIR, encoding: 'utf8', shell: npm.shell });
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    throw new PackagingToolsError(`npm ci in ${PACKAGING_DIR} failed (${why}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  writeFileSync(STAMP, `${lockDigest()}\n`);
  const version = packagingRequire('electron-builder/package.json').version;
  const line =
    `electron-builder ${version} installed in packaging/node_modules` +
    (nodeBelowTools()
      ? ` (its @electron/rebuild and node-abi declare Node ${TOOLS_NODE.join('.')}+; on Node ${process.versions.node} it serves the packaging tests, npm run dist wants ${TOOLS_NODE.join('.')}+)`
      : '');
  say(line);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensurePackagingTools();
  } catch (error) {
    console.error(`[packaging] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
