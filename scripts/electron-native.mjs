// Builds better-sqlite3 for Electron's ABI beside the plain-Node build that npm made, so that one
// checkout serves both runtimes: the CLI and tests under Node, the window and its workers under
// Electron (src/node/store/native-binding.ts picks the file at open).
//
// Why a copy and not electron-rebuild in place: rebuilding in place replaces the Node build, and
// then `npx semantik` and the tests fail with the mirror-image ABI error.
//
// How: the package is copied to a temporary folder and built there for Electron, by default with
// prebuild-install (better-sqlite3 publishes Electron prebuilds), else node-gyp against Electron's
// headers; both need the network. SEMANTIK_ELECTRON_NATIVE_BUILD names another build command (the
// tests point it at a local stand-in). The result lands in <better-sqlite3>/build/electron/ with a
// marker file naming the Electron version.
//
// Usable as `node scripts/electron-native.mjs` (npm run rebuild:electron) and from postinstall.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const BUILD_TIMEOUT_MS = 10 * 60 * 1000;
// Kept in step with src/node/store/native-binding.ts (this script runs before anything is built).
const BINDING_DIR = join('build', 'electron');
const BINDING_FILE = 'better_sqlite3.node';
const MARKER = 'electron-version';

function resolveDir(pkg) {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return null;
  }
}

/** The default build steps for one Electron version, tried in order in the package copy. */
function defaultSteps(electronVersion) {
  const bin = (pkg, file) => {
    const dir = resolveDir(pkg);
    return dir === null ? null : join(dir, file);
  };
  const prebuild = bin('prebuild-install', 'bin.js');
  const gyp = bin('node-gyp', join('bin', 'node-gyp.js'));
  const steps = [];
  if (prebuild) steps.push([process.execPath, prebuild, '--runtime=electron', `--target=${electronVersion}`]);
  if (gyp) {
    steps.push([
      process.execPath,
      gyp,
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${electronVersion}`,
      '--dist-url=https://electronjs.org/headers',
    ]);
  }
  return steps;
}

/**
 * Builds the Electron copy; returns one line saying what happened. Never throws: a failed build
 * leaves the Node build alone, and the window says how to retry when it opens the store.
 */
export function buildElectronSqlite({
  sqliteDir = resolveDir('better-sqlite3'),
  electronDir = resolveDir('electron'),
  command = process.env.SEMANTIK_ELECTRON_NATIVE_BUILD,
} = {}) {
  if (sqliteDir === null) return 'better-sqlite3 for Electron: skipped (better-sqlite3 is not installed)';
  if (electronDir === null) return 'better-sqlite3 for Electron: skipped (electron is not installed)';
  if (!existsSync(join(electronDir, 'path.txt'))) {
    return "better-sqlite3 for Electron: skipped (no Electron binary here; the CLI and the headless monitor use Node's build)";
  }
  const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  const target = join(sqliteDir, BINDING_DIR);
  if (existsSync(join(target, MARKER)) && readFileSync(join(target, MARKER), 'utf8').trim() === electronVersion) {
    return `better-sqlite3 for Electron ${electronVersion}: already built`;
  }
  const work = mkdtempSync(join(tmpdir(), 'semantik-electron-sqlite-'));
  try {
    const copy = join(work, 'better-sqlite3');
    cpSync(sqliteDir, copy, { recursive: true, filter: (source) => !source.startsWith(join(sqliteDir, 'build')) });
    const steps = command ? [[command, `--target=${electronVersion}`]] : defaultSteps(electronVersion);
    const failures = [];
    for (const [file, ...args] of steps) {
      const result = spawnSync(file, args, { cwd: copy, encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
      const built = join(copy, 'build', 'Release', BINDING_FILE);
      if (result.status === 0 && existsSync(built)) {
        mkdirSync(target, { recursive: true });
        cpSync(built, join(target, BINDING_FILE));
        writeFileSync(join(target, MARKER), `${electronVersion}\n`);
        return `better-sqlite3 for Electron ${electronVersion}: built into ${target}`;
      }
      const lines = `${result.error?.message ?? ''}\n${result.stderr ?? ''}`.split('\n').filter((l) => l.trim());
      failures.push(lines.pop() ?? `exit ${result.status}`);
    }
    return `better-sqlite3 for Electron ${electronVersion}: not built (${failures.join('; ') || 'no build tool'}); the window will say how to retry`;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`[semantik] ${buildElectronSqlite()}`);
}
