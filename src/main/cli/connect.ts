/**
 * How a CLI command reaches the engine: the running instance on the same data folder (through its
 * Redis and the shared SQLite file), or an engine of its own, started for the command.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { SemantikError } from '../../shared/errors';
import { redisOptionsFromUrl, type RedisConnectionOptions } from '../../node/redis-options';
import { openStore } from '../../node/store/open-store';
import type { Store } from '../../node/store/store';
import { loadConfig, type EngineConfig } from '../engine/config';
import type { RunningEngine } from '../engine/engine';
import { readInstance } from '../engine/instance-file';
import { readRedisCa } from '../engine/redis/redis-tls';
import { QueueSet } from '../engine/queue-set';
import { loadJobKeys } from '../../node/jobs/job-keys';
import { cliEngineEntry } from './cli-bundle';

/** What a command works with, wherever the engine runs. */
export interface EngineLink {
  config: EngineConfig;
  store: Store;
  queues: QueueSet;
  redis: Redis;
  connection: RedisConnectionOptions;
  /** The engine this command started, or null when it uses a running instance. */
  own: RunningEngine | null;
  close(): Promise<void>;
}

/** The configuration with a `--data-dir` flag applied. */
export function cliConfig(dataDir: string | undefined): EngineConfig {
  return loadConfig(process.env, dataDir ? { dataDir } : {});
}

/** Connects to the running instance, if any; null when none runs on this data folder. */
export function connectToInstance(config: EngineConfig): EngineLink | null {
  const instance = readInstance(config.dataDir);
  if (!instance) return null;
  const password = instance.externalRedis
    ? process.env.SEMANTIK_REDIS_PASSWORD
    : readFileSync(join(config.dataDir, 'redis', 'password'), 'utf8').trim();
  // An exposed instance speaks TLS only, with the certificate in its data folder.
  const connection = redisOptionsFromUrl(instance.redisUrl, password, readRedisCa(config.dataDir) ?? undefined);
  const redis = new Redis(connection);
  const store = openStore(join(config.dataDir, 'semantik.db'));
  const queues = new QueueSet(connection, loadJobKeys(config.dataDir));
  return {
    config,
    store,
    queues,
    redis,
    connection,
    own: null,
    async close() {
      await queues.close();
      redis.disconnect();
      store.close();
    },
  };
}

/** The running instance, or a new engine started for this command (stopped by `close`). */
export async function connectOrStart(config: EngineConfig, workers?: number): Promise<EngineLink> {
  const link = connectToInstance(config);
  if (link) return link;
  // Imported here: a command that talks to a running instance does not load the engine.
  const [{ createEngine }, { forkLauncher }] = await Promise.all([import('../engine/engine'), import('../engine/pool/fork-launcher')]);
  // A command's own engine does its work and stops: no catch-up of every folder, no watching.
  const engine = await createEngine({
    ...cliEngineEntry(),
    launcher: forkLauncher,
    dataDir: config.dataDir,
    watch: false,
    ...(workers !== undefined ? { workers } : {}),
  });
  return {
    config: engine.config,
    store: engine.store,
    queues: engine.queues,
    redis: engine.redis,
    connection: engine.redisConnection,
    own: engine,
    close: () => engine.stop(),
  };
}

/** Fails with a clear message when a command needs a running instance. */
export function requireInstance(config: EngineConfig): EngineLink {
  const link = connectToInstance(config);
  if (!link)
    throw new SemantikError('UNAVAILABLE', `No Semantik instance is running on ${config.dataDir}; start one with \`semantik serve\``);
  return link;
}
