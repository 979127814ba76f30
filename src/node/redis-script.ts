/**
 * Running a Lua script by its SHA1, loading it on first use (or after a server restart).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script with its SHA1 precomputed. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

/** Wraps Lua source once, at module load, so each call sends only the SHA1. */
export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** EVALSHA, falling back to EVAL when the server does not know the script yet. */
export async function runLua(
  redis: Redis,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.source, keys.length, ...keys, ...args);
  }
}
