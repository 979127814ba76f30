// `npm run dist`: builds the bundles, bundles redis-server (scripts/fetch-redis.mjs), then runs
// electron-builder with the arguments given (`npm run dist -- --linux deb dir`, `-- --win`, `-- --mac`).
//
// - Electron: electron-builder packs the Electron binary that `npm ci` fetched. Where there is none
//   (an offline install), it stops and says so, unless SEMANTIK_STAND_IN_ELECTRON=1 asks for a
//   package around a stand-in binary (scripts/stand-in-electron.mjs): the layout and metadata are
//   real, the program does not run. Natives are then not rebuilt (that needs Electron's headers).
// - Redis: a bundle already in resources/redis/<platform>-<arch> from the same source is kept;
//   SEMANTIK_REDIS_URL with SEMANTIK_REDIS_SHA256 names another source tarball (e.g. a local
//   mirror); SEMANTIK_REDIS_BUNDLE=none packages without one (the .deb depends on redis-server).
// - electron-builder: from packaging/ (scripts/packaging-tools.mjs), installed there on first use.
// - .deb: built with Debian's dpkg-deb (scripts/fpm-deb.mjs) where it is installed, instead of the
//   fpm electron-builder would download; CUSTOM_FPM_PATH or USE_SYSTEM_FPM set by hand win.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BundleError, PINNED, bundleDir, fetchVerifyBuild } from './fetch-redis.mjs';
import { PackagingToolsError, ensurePackagingTools, packagingRequire } from './packaging-tools.mjs';
import { makeStandInElectron } from './stand-in-electron.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const say = (line) => console.log(`[dist] ${line}`);

class DistError extends Error {}

/** The path of the Electron binary npm fetched, or null when it is missing. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null; // the electron package throws when its binary was never downloaded
  }
}

/** electron-builder options for the Electron to pack: none for the real one, a stand-in on request. */
function electronOptions(env) {
  if (electronBinary() !== null) return [];
  if (env.SEMANTIK_STAND_IN_ELECTRON !== '1') {
    throw new DistError(
      "Electron's binary is not installed (npm ci could not download it), so there is no app to package. " +
        'Run `npm ci` online, or set SEMANTIK_STAND_IN_ELECTRON=1 to check the packaging around a stand-in that does not run.',
    );
  }
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.electron;
  const dir = mkdtempSync(join(tmpdir(), 'semantik-stand-in-electron-'));
  makeStandInElectron(dir, version);
  say(`STAND-IN Electron ${version} in ${dir}: the package's layout and metadata are real, its program does not run`);
  return [`-c.electronDist=${dir}`, '-c.npmRebuild=false'];
}

/** Bundles redis-server unless asked not to or already bundled from the same source. */
async function bundleRedis(env) {
  if (env.SEMANTIK_REDIS_BUNDLE === 'none') return say('SEMANTIK_REDIS_BUNDLE=none: no redis-server bundled');
  const url = env.SEMANTIK_REDIS_URL;
  const sha256 = env.SEMANTIK_REDIS_SHA256;
  if ((url === undefined) !== (sha256 === undefined)) throw new DistError('SEMANTIK_REDIS_URL and SEMANTIK_REDIS_SHA256 go together');
  const wanted = (sha256 ?? PINNED.sha256).toLowerCase();
  const source = join(bundleDir(), 'SOURCE.txt');
  if (existsSync(join(bundleDir(), 'redis-server')) && existsSync(source) && readFileSync(source, 'utf8').includes(`sha256 ${wanted}`)) {
    return say(`redis-server already bundled from ${readFileSync(source, 'utf8').split('\n')[0]}`);
  }
  await fetchVerifyBuild(url ? { url, sha256 } : {});
}

/** Where electron-builder finds fpm: dpkg-deb through fpm-deb.mjs when nothing else is set. */
function fpmEnv(env) {
  if (env.CUSTOM_FPM_PATH || env.USE_SYSTEM_FPM === 'true') return {};
  if (spawnSync('dpkg-deb', ['--version'], { stdio: 'ignore' }).status !== 0) return {};
  return { CUSTOM_FPM_PATH: join(root, 'scripts', 'fpm-deb.mjs') };
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) throw new DistError(`${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal})`);
}

async function main(args) {
  const electron = electronOptions(process.env);
  ensurePackagingTools({ say });
  say('building the bundles');
  run(process.execPath, [join(dirname(require.resolve('electron-vite')), '..', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn']);
  await bundleRedis(process.env);
  const builder = join(dirname(packagingRequire.resolve('electron-builder/package.json')), 'cli.js');
  run(process.execPath, [builder, ...args, ...electron, '--publish', 'never'], { ...process.env, ...fpmEnv(process.env) });
  say(`done: see ${join(root, 'dist')}`);
}

main(process.argv.slice(2)).catch((error) => {
  const known = error instanceof DistError || error instanceof BundleError || error instanceof PackagingToolsError;
  console.error(`[dist] ${known ? error.message : (error?.stack ?? error)}`);
  process.exit(1);
});
