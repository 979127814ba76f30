/**
 * Which redis-server binary the embedded service runs. Redis is never downloaded or built at run
 * time: with no binary found, the app stops with an error that names the fix.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { childLogger } from '../../../node/logger';
import { SemantikError } from '../../../shared/errors';

/** Where the chosen binary came from ('package-manager': a folder of {@link PACKAGE_MANAGER_DIRS}). */
export type RedisBinarySource = 'bundled' | 'configured' | 'path' | 'package-manager';

/**
 * Folders looked in after PATH, per platform. An app opened from the macOS Finder gets a minimal
 * PATH (/usr/bin:/bin:/usr/sbin:/sbin), without Homebrew's folders (Apple silicon, then Intel) or
 * MacPorts', where `brew install redis` and `port install redis` put redis-server.
 */
export const PACKAGE_MANAGER_DIRS: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>> = {
  darwin: ['/opt/homebrew/bin', '/usr/local/bin', '/opt/local/bin'],
};

/** The binary to run. */
export interface RedisBinaryChoice {
  path: string;
  source: RedisBinarySource;
}

/** Inputs of {@link resolveRedisBinary}; all but `resourcesDir` default to this process. */
export interface ResolveRedisBinaryOptions {
  /** The app's `resources/` folder (packaged apps ship `redis/<platform>-<arch>/redis-server`). */
  resourcesDir: string;
  /** @defaultValue `process.env.SEMANTIK_REDIS_BINARY` */
  configuredPath?: string;
  /** @defaultValue `process.env.PATH` */
  searchPath?: string;
  /** @defaultValue `process.platform` */
  platform?: NodeJS.Platform;
  /** @defaultValue `process.arch` */
  arch?: string;
  /** @defaultValue {@link PACKAGE_MANAGER_DIRS} */
  packageManagerDirs?: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>>;
}

const log = childLogger('redis');

/**
 * Picks the bundled binary, else the configured one, else `redis-server` on PATH, else (macOS)
 * one in a package manager's folder.
 *
 * @throws SemantikError `REDIS` when there is none, naming the ways to provide one.
 */
export function resolveRedisBinary(options: ResolveRedisBinaryOptions): RedisBinaryChoice {
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const exe = platform === 'win32' ? 'redis-server.exe' : 'redis-server';

  const bundled = join(options.resourcesDir, 'redis', `${platform}-${arch}`, exe);
  if (isExecutableFile(bundled)) return { path: bundled, source: 'bundled' };

  const configured = options.configuredPath ?? process.env.SEMANTIK_REDIS_BINARY;
  if (configured !== undefined && configured !== '') {
    if (isExecutableFile(configured)) return { path: configured, source: 'configured' };
    // Say so rather than silently ignore a setting the user made on purpose.
    log.warn({ configured }, 'SEMANTIK_REDIS_BINARY is not an executable file; looking further');
  }

  const searchPath = options.searchPath ?? process.env.PATH ?? '';
  for (const dir of searchPath.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, exe);
    if (isExecutableFile(candidate)) return { path: candidate, source: 'path' };
  }
  const extraDirs = (options.packageManagerDirs ?? PACKAGE_MANAGER_DIRS)[platform] ?? [];
  for (const dir of extraDirs) {
    const candidate = join(dir, exe);
    if (isExecutableFile(candidate)) return { path: candidate, source: 'package-manager' };
  }
  throw missingBinaryError(bundled, configured, extraDirs);
}

/** The oldest redis-server the embedded service runs: its users need Redis 7's ACL key selectors. */
export const MIN_REDIS_VERSION = [7, 0] as const;

/**
 * Asks the binary its version (`redis-server --version`) and refuses one older than
 * {@link MIN_REDIS_VERSION}, naming the fix; a binary that does not say is left to start (and
 * fail there with its own words).
 */
export function checkRedisVersion(binary: RedisBinaryChoice): void {
  let output: string;
  try {
    output = execFileSync(binary.path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  } catch (cause) {
    throw new SemantikError('REDIS', `cannot run ${binary.path} --version`, { cause });
  }
  const match = /v=(\d+)\.(\d+)\.(\d+)/.exec(output);
  if (!match) return;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major > MIN_REDIS_VERSION[0] || (major === MIN_REDIS_VERSION[0] && minor >= MIN_REDIS_VERSION[1])) return;
  throw new SemantikError(
    'REDIS',
    `${binary.path} is Redis ${match[1]}.${match[2]}.${match[3]}; Semantik needs ${MIN_REDIS_VERSION.join('.')} or newer ` +
      "(its Redis users by role use Redis 7's ACL key selectors). Install a newer redis-server, " +
      'or set SEMANTIK_REDIS_BINARY to one.',
  );
}

/** No redis-server to run: the message says where the app looked and how to provide one. */
function missingBinaryError(bundled: string, configured: string | undefined, extraDirs: readonly string[]): SemantikError {
  const tried = [
    `the bundled ${bundled}`,
    ...(configured ? [`SEMANTIK_REDIS_BINARY=${configured}`] : []),
    '`redis-server` on PATH',
    ...(extraDirs.length > 0 ? [`in ${extraDirs.join(', ')}`] : []),
  ];
  return new SemantikError(
    'REDIS',
    `No redis-server found (looked for ${tried.join(', ')}). Install your distribution's Redis server ` +
      '(Debian/Ubuntu: `sudo apt install redis-server`; Fedora: `sudo dnf install redis`; macOS: `brew install redis`), ' +
      'or set SEMANTIK_REDIS_BINARY to the path of a redis-server (7.0 or newer) executable. ' +
      'Semantik never downloads or builds Redis itself.',
  );
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    // Windows has no execute bit; existence is what counts there.
    accessSync(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false; // missing or not executable: the caller tries the next candidate
  }
}
