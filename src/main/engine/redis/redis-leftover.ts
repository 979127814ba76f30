/**
 * A redis-server left running on the data folder by an engine that was killed (SIGKILL, OOM): it is
 * stopped before a new one starts, so two servers never append to the same AOF.
 *
 * Normally redis-memory-server's watchdog stops an orphaned server within about two seconds; this
 * covers the gap (an engine restarted at once) and a watchdog that was killed too. The server writes
 * its pid to `<data folder>/redis/redis-server.pid`; a process is taken for that server only when it
 * runs redis-server in that very folder (its working directory: redis-server changes into `--dir`),
 * so a reused pid is never signalled. Without /proc (macOS, Windows) nothing is stopped.
 */
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../node/logger';
import { processAlive } from '../instance-file';
import { REDIS_KILL_TIMEOUT_MS, REDIS_SHUTDOWN_TIMEOUT_MS } from './redis-stop';

/** The pid file's name in the Redis folder (`--pidfile`). */
export const REDIS_PID_FILE = 'redis-server.pid';
const POLL_MS = 100;

/** The pid of a redis-server still running in `dir`, or null. */
export function leftoverRedisPid(dir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, REDIS_PID_FILE), 'utf8').trim());
  } catch {
    return null; // no pid file: a clean stop removes it, and a first start has none
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !processAlive(pid)) return null;
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    return command.includes('redis-server') && cwd === realpathSync(dir) ? pid : null;
  } catch {
    return null; // no /proc, or not ours to read: never signal a process we cannot identify
  }
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (processAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

/** Stops a redis-server left running in `dir` (SIGTERM: it flushes the AOF; SIGKILL after a timeout). */
export async function stopLeftoverRedis(dir: string, log: Logger): Promise<void> {
  const pid = leftoverRedisPid(dir);
  if (pid === null) return;
  log.warn({ redisPid: pid, dir }, 'a redis-server of a previous engine still runs on this data folder; stopping it first');
  process.kill(pid, 'SIGTERM');
  if (await goneWithin(pid, REDIS_SHUTDOWN_TIMEOUT_MS)) return;
  log.warn({ redisPid: pid }, 'the previous redis-server ignored SIGTERM; killing it');
  process.kill(pid, 'SIGKILL');
  if (!(await goneWithin(pid, REDIS_KILL_TIMEOUT_MS))) log.error({ redisPid: pid }, 'the previous redis-server survived SIGKILL');
}
