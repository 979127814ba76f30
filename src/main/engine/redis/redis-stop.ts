/**
 * Stopping the embedded redis-server without losing the last second of AOF.
 */
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import type { RedisInstance } from 'redis-memory-server';
import type { Logger } from '../../../node/logger';
import { isRunning, killRedisProcess } from './redis-process';

/** How long a graceful SHUTDOWN (AOF fsync included) may take before SIGKILL. */
export const REDIS_SHUTDOWN_TIMEOUT_MS = 10_000;
/** How long to wait for the process to go after SIGKILL. */
export const REDIS_KILL_TIMEOUT_MS = 5_000;

/** What {@link stopRedisProcess} needs of a running server. */
export interface StopRedisInput {
  instance: RedisInstance;
  child: ChildProcess;
  exited: Promise<unknown>;
  port: number;
  password: string;
  log: Logger;
  /** The server speaks TLS only (exposed): connect the same way. */
  tls?: { ca: string; servername: string } | null;
}

/** SHUTDOWN over the protocol (SIGTERM if that fails), SIGKILL after a named timeout. */
export async function stopRedisProcess(input: StopRedisInput): Promise<void> {
  const { child, log } = input;
  if (isRunning(child)) {
    await requestShutdown(input);
    if (!(await exitsWithin(input.exited, REDIS_SHUTDOWN_TIMEOUT_MS))) {
      log.warn({ timeoutMs: REDIS_SHUTDOWN_TIMEOUT_MS }, 'redis-server ignored SHUTDOWN; killing it');
      child.kill('SIGKILL');
      if (!(await exitsWithin(input.exited, REDIS_KILL_TIMEOUT_MS))) {
        log.error({ redisPid: child.pid }, 'redis-server survived SIGKILL');
      }
    }
  }
  // redis-memory-server's watchdog would otherwise poll on for a dead server.
  killRedisProcess(input.instance);
  log.info({ port: input.port }, 'redis-server stopped');
}

async function requestShutdown({ child, port, password, log, tls }: StopRedisInput): Promise<void> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    password,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...(tls ? { tls } : {}),
  });
  client.on('error', (error: Error) => log.debug({ err: error.message }, 'shutdown connection error'));
  try {
    await client.connect();
    // With AOF on, SHUTDOWN fsyncs the file before exiting. The server closes the connection
    // instead of replying, so a "Connection is closed" rejection is success.
    await client.call('SHUTDOWN');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!/connection is closed/i.test(message)) {
      log.warn({ err: message }, 'SHUTDOWN failed; sending SIGTERM (redis-server also flushes the AOF on it)');
      if (isRunning(child)) child.kill('SIGTERM');
    }
  } finally {
    client.disconnect();
  }
}

function exitsWithin(exited: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([exited.then(() => true), timeout]).finally(() => clearTimeout(timer));
}
