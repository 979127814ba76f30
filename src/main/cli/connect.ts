/**
 * How a CLI command reaches the engine: the running instance on the same data folder (through its
 * Redis and the shared SQLite file), or an engine of its own, started for the command.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { RedisConnectionOptions } from '../../node/redis-options';
import { openStore } from '../../node/store/open-store';
import type { Store } from '../../node/store/store';
import type { EngineConfig } from '../engine/config';
import type { RunningEngine } from '../engine/engine';
import type { InstanceInfo } from '../engine/instance-file';
import type { QueueSet } from '../engine/queue-set';
import { childLogger } from '../../node/logger';
import { loadJobKeys } from '../../node/jobs/job-keys';
import { cliEngineEntry } from './cli-bundle';
import { connectToInstanceRedis } from './instance-redis';

const log = childLogger('cli');

/**
 * How long closing a link may wait for the instance's Redis. BullMQ's disconnect first waits for its
 * connection to have been made, which never happens once the instance is gone; the command exits
 * right after closing, so it does not wait longer.
 */
const LINK_CLOSE_TIMEOUT_MS = 2_000;

/** What a command works with, wherever the engine runs. */
export interface EngineLink {
  config: EngineConfig;
  store: Store;
  /** The job queues, opened on first use: BullMQ is a fifth of a short command's start-up. */
  queues(): Promise<QueueSet>;
  redis: Redis;
  connection: RedisConnectionOptions;
  /** The engine this command started, or null when it uses a running instance. */
  own: RunningEngine | null;
  /** The running instance this link reaches, or null for an engine of the command's own. */
  instance: InstanceInfo | null;
  close(): Promise<void>;
}

/** Connects to the running instance, if any; null when none runs on this data folder. */
export function connectToInstance(config: EngineConfig): EngineLink | null {
  const reached = connectToInstanceRedis(config);
  if (!reached) return null;
  const { redis, connection, instance } = reached;
  const store = openStore(join(config.dataDir, 'semantik.db'));
  let opened: Promise<QueueSet> | null = null;
  const queues = (): Promise<QueueSet> =>
    (opened ??= import('../engine/queue-set').then(({ QueueSet }) => new QueueSet(connection, loadJobKeys(config.dataDir))));
  return {
    config,
    store,
    queues,
    redis,
    connection,
    own: null,
    instance,
    async close() {
      // Disconnect rather than close: a graceful close waits for a Redis that may be gone for good.
      redis.disconnect();
      store.close();
      if (opened === null) return;
      const set = await opened;
      const disconnected = Promise.all([...set.byName.values()].map((queue) => queue.disconnect()));
      const timedOut = await Promise.race([
        disconnected.then(
          () => false,
          (error: unknown) => {
            log.debug({ err: error instanceof Error ? error.message : String(error) }, 'disconnecting the queues failed');
            return false;
          },
        ),
        sleep(LINK_CLOSE_TIMEOUT_MS, true, { ref: false }),
      ]);
      if (timedOut) log.debug({ redisUrl: instance.redisUrl }, 'the queues did not disconnect in time; leaving them to the exit');
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
    queues: () => Promise.resolve(engine.queues),
    redis: engine.redis,
    connection: engine.redisConnection,
    own: engine,
    instance: null,
    close: () => engine.stop(),
  };
}
