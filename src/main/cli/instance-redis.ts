/**
 * A Redis client of the running instance, and nothing more: a command that talks to the instance
 * over Redis (its control channel when the local socket cannot be reached, `semantik index`
 * watching its run) loads no queue library and opens no store for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { childLogger } from '../../node/logger';
import { redisOptionsFromUrl, type RedisConnectionOptions } from '../../node/redis-options';
import type { EngineConfig } from '../engine/config';
import { readInstance, type InstanceInfo } from '../engine/instance-file';
import { readRedisCa } from '../engine/redis/redis-tls';

const log = childLogger('cli');

/** A client of the running instance's Redis, or null when none runs on this data folder. */
export function connectToInstanceRedis(
  config: EngineConfig,
): { redis: Redis; connection: RedisConnectionOptions; instance: InstanceInfo } | null {
  const instance = readInstance(config.dataDir);
  if (!instance) return null;
  const password = instance.externalRedis
    ? process.env.SEMANTIK_REDIS_PASSWORD
    : readFileSync(join(config.dataDir, 'redis', 'password'), 'utf8').trim();
  // An exposed instance speaks TLS only, with the certificate in its data folder.
  const connection = redisOptionsFromUrl(instance.redisUrl, password, readRedisCa(config.dataDir) ?? undefined);
  const redis = new Redis(connection);
  // The instance's Redis may restart or go away with the instance: the clients reconnect by
  // themselves, and the command watches the instance (instance-watch.ts) to decide what that
  // means. A connection error is expected then, not a crash: into the debug log.
  redis.on('error', (error: Error) => log.debug({ err: error.message, redisUrl: instance.redisUrl }, 'redis connection error'));
  return { redis, connection, instance };
}
