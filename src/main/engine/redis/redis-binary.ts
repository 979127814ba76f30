/**
 * Which redis-server binary the embedded service runs.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { childLogger } from '../../../node/logger';

/** Where the chosen binary came from; `redis-memory-server` means "let it find or build one". */
export type RedisBinarySource = 'bundled' | 'configured' | 'path' | 'redis-memory-server';

/** The binary to run, or null to leave the choice to redis-memory-server. */
export interface RedisBinaryChoice {
  path: string | null;
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

/** Picks the bundled binary, else the configured one, else `redis-server` on PATH, else null. */
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
  return { path: null, source: 'redis-memory-server' };
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
