// Bundles redis-server with the packaged app: fetches a pinned, BSD-licensed Redis source release,
// checks its SHA-256, builds it and puts the server into resources/redis/<platform>-<arch>/, where
// electron-builder's extraResources picks it up and the engine looks for it at run time.
//
// Why build here and not at run time: a packaged app must start offline, and code downloaded and
// compiled on a user's machine without a checksum is a hole. Redis 7.2.x is the last BSD-licensed
// line (7.4 changed licence); `npm run dist` calls this script before electron-builder.
//
// The .deb needs none of it (it depends on Debian/Ubuntu's redis-server package). Windows: Redis
// does not build for Windows, so nothing is bundled there; the app then needs an external Redis
// (SEMANTIK_REDIS_URL), and the script says so and fails unless SEMANTIK_REDIS_BUNDLE=none.
//
// Usage: node scripts/fetch-redis.mjs [--url URL --sha256 HEX] [--out DIR] [--jobs N]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pinned release: Redis 7.2.7, the checksum published for it. */
export const PINNED = {
  version: '7.2.7',
  url: 'https://download.redis.io/releases/redis-7.2.7.tar.gz',
  sha256: '72c081e3b8cfae7144273d26d76736f08319000af46c01515cad5d29765cead5',
};
const DOWNLOAD_TIMEOUT_MS = 5 * 60 * 1000;
const BUILD_TIMEOUT_MS = 20 * 60 * 1000;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export class BundleError extends Error {}

/** The resources folder of one platform and architecture, as electron-builder names them. */
export function bundleDir(platform = process.platform, arch = process.arch) {
  return join(root, 'resources', 'redis', `${platform}-${arch}`);
}

async function download(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) }).catch((cause) => {
    throw new BundleError(`cannot download ${url}: ${cause.cause?.message ?? cause.message}`);
  });
  if (!response.ok) throw new BundleError(`cannot download ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

function run(command, args, cwd, timeout) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    const tail = `${result.error?.message ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    throw new BundleError(`${command} ${args.join(' ')} failed: ${tail || `exit ${result.status}`}`);
  }
}

/** TLS (for remote workers) only where OpenSSL's headers are there to build it. */
function tlsFlag() {
  return spawnSync('pkg-config', ['--exists', 'openssl']).status === 0 || existsSync('/usr/include/openssl/ssl.h')
    ? 'BUILD_TLS=yes'
    : 'BUILD_TLS=no';
}

/**
 * Fetches, verifies and builds; returns the path of the bundled redis-server. Throws BundleError
 * with the reason (a wrong checksum leaves nothing behind).
 */
export async function fetchVerifyBuild({
  url = PINNED.url,
  sha256 = PINNED.sha256,
  outDir = bundleDir(),
  platform = process.platform,
  jobs = availableParallelism(),
  log = (line) => console.log(`[fetch-redis] ${line}`),
} = {}) {
  if (platform === 'win32') {
    throw new BundleError(
      'Redis does not build for Windows: no redis-server is bundled there. The Windows app needs an external Redis ' +
        '(Memurai, or Redis in WSL) given by SEMANTIK_REDIS_URL; set SEMANTIK_REDIS_BUNDLE=none to package without one.',
    );
  }
  log(`downloading ${url}`);
  const tarball = await download(url);
  const actual = createHash('sha256').update(tarball).digest('hex');
  if (actual !== sha256.toLowerCase()) {
    throw new BundleError(`checksum mismatch for ${url}: expected ${sha256}, got ${actual}; refusing to build it`);
  }
  log(`SHA-256 ok (${actual})`);
  const work = mkdtempSync(join(tmpdir(), 'semantik-redis-build-'));
  try {
    writeFileSync(join(work, 'redis.tar.gz'), tarball);
    run('tar', ['-xzf', 'redis.tar.gz'], work, DOWNLOAD_TIMEOUT_MS);
    const source = readdirSync(work, { withFileTypes: true }).find((entry) => entry.isDirectory());
    if (!source) throw new BundleError('the tarball holds no source folder');
    const sourceDir = join(work, source.name);
    const tls = tlsFlag();
    log(`building ${source.name} (make -j${jobs} MALLOC=libc ${tls})`);
    // libc malloc: jemalloc's build is the slowest part and its gains do not matter for a queue.
    run('make', [`-j${jobs}`, 'MALLOC=libc', tls, 'redis-server'], join(sourceDir, 'src'), BUILD_TIMEOUT_MS);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const server = join(outDir, 'redis-server');
    copyFileSync(join(sourceDir, 'src', 'redis-server'), server);
    chmodSync(server, 0o755);
    if (existsSync(join(sourceDir, 'COPYING'))) copyFileSync(join(sourceDir, 'COPYING'), join(outDir, 'COPYING'));
    writeFileSync(join(outDir, 'SOURCE.txt'), `${source.name}\n${url}\nsha256 ${actual}\n`);
    log(`bundled ${server}`);
    return server;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function option(name) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.env.SEMANTIK_REDIS_BUNDLE === 'none') {
    console.log('[fetch-redis] SEMANTIK_REDIS_BUNDLE=none: packaging without a bundled redis-server');
    process.exit(0);
  }
  const url = option('url');
  const sha256 = option('sha256');
  if ((url === undefined) !== (sha256 === undefined)) {
    console.error('[fetch-redis] --url and --sha256 go together: a download is always checked');
    process.exit(2);
  }
  const outDir = option('out');
  const jobs = option('jobs');
  fetchVerifyBuild({
    ...(url ? { url, sha256 } : {}),
    ...(outDir ? { outDir: resolve(outDir) } : {}),
    ...(jobs ? { jobs: Number(jobs) } : {}),
  }).catch((error) => {
    console.error(`[fetch-redis] ${error instanceof BundleError ? error.message : (error?.stack ?? error)}`);
    process.exit(1);
  });
}
