/**
 * Workers known only through their Redis heartbeats: remote embed workers, and local ones as Redis
 * sees them (the CLI's `status` reads this when it talks to a running instance).
 */
import type { Redis } from 'ioredis';
import type { WorkerInfo } from '../../shared/monitor-types';
import { heartbeatSchema } from '../../shared/worker-protocol';
import { WORKERS_KEY } from '../../node/heartbeat-key';

/** Heartbeats older than this mean the worker is offline. */
export const OFFLINE_AFTER_MS = 10_000;
/** Offline workers leave the list after this long. */
export const FORGET_AFTER_MS = 5 * 60_000;

/** Every worker with a recent heartbeat in Redis; forgets long-offline ones. */
export async function readHeartbeatWorkers(redis: Redis, now = Date.now()): Promise<WorkerInfo[]> {
  const entries = await redis.hgetall(WORKERS_KEY);
  const workers: WorkerInfo[] = [];
  for (const [workerId, raw] of Object.entries(entries)) {
    const parsed = heartbeatSchema.safeParse(safeJson(raw));
    if (!parsed.success || now - parsed.data.at > FORGET_AFTER_MS) {
      await redis.hdel(WORKERS_KEY, workerId);
      continue;
    }
    const heartbeat = parsed.data;
    const offline = now - heartbeat.at > OFFLINE_AFTER_MS;
    workers.push({
      workerId,
      pid: heartbeat.pid,
      state: offline ? 'offline' : heartbeat.state,
      local: false,
      restarts: 0,
      lastHeartbeat: heartbeat,
      lastError: null,
    });
  }
  return workers;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
