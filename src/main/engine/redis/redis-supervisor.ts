/**
 * Keeps the embedded Redis running: when redis-server exits without being asked to, it is started
 * again on the same port and data folder, so its AOF restores the queues and every client (the
 * supervisor's and the workers', which all retry their connections) simply reconnects.
 */
import { childLogger } from '../../../node/logger';
import { startEmbeddedRedis, type EmbeddedRedisOptions, type RedisHandle } from './embedded-redis';

/** Waits before each restart attempt; the last one repeats. */
export const REDIS_RESTART_BACKOFF_MS = [100, 500, 1_000, 2_000, 5_000] as const;

/** A supervised embedded Redis: the same address for its whole life, whatever the process. */
export interface SupervisedRedis {
  readonly port: number;
  readonly password: string;
  /** The `worker` user's password (remote embed workers). */
  readonly workerPassword: string;
  readonly url: string;
  readonly tls: RedisHandle['tls'];
  /** The redis-server process now (its pid changes with each restart). */
  current(): RedisHandle;
  /** How many times redis-server was restarted after dying. */
  readonly restarts: number;
  /**
   * A stop is under way: from now on an exit of redis-server is expected and not restarted (the
   * signal that stops the app may reach redis-server first, from the same process group).
   */
  beginStop(): void;
  /** Stops supervising, then stops redis-server gracefully (AOF flushed). */
  stop(): Promise<void>;
}

const log = childLogger('redis-supervisor');

/** Starts redis-server and restarts it whenever it dies, until stopped. */
export async function superviseEmbeddedRedis(options: EmbeddedRedisOptions): Promise<SupervisedRedis> {
  let handle = await startEmbeddedRedis(options);
  const port = handle.port;
  let stopping = false;
  let restarts = 0;
  let restarting: Promise<void> = Promise.resolve();

  const watch = (watched: RedisHandle): void => {
    void watched.exited.then((exit) => {
      if (stopping || watched !== handle) return;
      log.error({ ...exit, port }, 'redis-server died; restarting it on the same port (AOF restores the queues)');
      restarting = restart();
    });
  };

  const restart = async (): Promise<void> => {
    for (let attempt = 0; !stopping; attempt++) {
      const wait = REDIS_RESTART_BACKOFF_MS[Math.min(attempt, REDIS_RESTART_BACKOFF_MS.length - 1)] ?? 5_000;
      await new Promise((done) => setTimeout(done, wait));
      if (stopping) return;
      try {
        handle = await startEmbeddedRedis({ ...options, port });
        restarts += 1;
        log.warn({ port, restarts, redisPid: handle.pid }, 'redis-server restarted');
        watch(handle);
        return;
      } catch (error) {
        log.error(
          { port, attempt, err: error instanceof Error ? error.message : String(error) },
          'redis-server restart failed; trying again',
        );
      }
    }
  };

  const beginStop = (): void => {
    stopping = true;
    handle.expectExit();
  };

  watch(handle);
  return {
    port,
    password: handle.password,
    workerPassword: handle.workerPassword,
    url: handle.url,
    tls: handle.tls,
    current: () => handle,
    get restarts() {
      return restarts;
    },
    beginStop,
    async stop() {
      beginStop();
      await restarting;
      await handle.stop();
    },
  };
}
