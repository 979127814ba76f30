/**
 * Which redis-server binary the embedded service runs. Redis is never downloaded or built at run
 * time: with no binary found, the app stops with an error that names the fix.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { childLogger } from '../../../node/logger';
import { SemantikError } from '../../../shared/errors';

/** Where the chosen binary came from. */
export type RedisBinarySource = 'bundled' | 'configured' | 'path';

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
}

const log = childLogger('redis');

/**
 * Picks the bundled binary, else the configured one, else `redis-server` on PATH.
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
  throw missingBinaryError(bundled, configured);
}

/** No redis-server to run: the message says where the app looked and how to provide one. */
function missingBinaryError(bundled: string, configured: string | undefined): SemantikError {
  const tried = [`the bundled ${bundled}`, ...(configured ? [`SEMANTIK_REDIS_BINARY=${configured}`] : []), '`redis-server` on PATH'];
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
