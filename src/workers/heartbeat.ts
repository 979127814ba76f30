/**
 * Heartbeats: what the monitor shows about a worker, sent over the parent channel (local workers)
 * and written to Redis (every worker, so remote ones appear in the monitor too).
 */
import type { Heartbeat, WorkerMessage, WorkerState } from '../shared/worker-protocol';
import { sendToParent } from './parent-channel';
import { WORKERS_KEY } from '../node/heartbeat-key';
import type { WorkerContext } from './worker-context';

/** Builds and sends heartbeats every `config.heartbeatMs`; returns a function that stops them. */
export function startHeartbeats(ctx: WorkerContext, state: () => WorkerState, startedAt: number): { stop(): void; beat(): Promise<void> } {
  let lastCpu = process.cpuUsage();
  let lastAt = Date.now();
  const beat = async (): Promise<void> => {
    const now = Date.now();
    const cpu = process.cpuUsage(lastCpu);
    const cpuPercent = ((cpu.user + cpu.system) / 1000 / Math.max(1, now - lastAt)) * 100;
    lastCpu = process.cpuUsage();
    lastAt = now;
    const active = [...ctx.stats.active.values()];
    const heartbeat: Heartbeat = {
      workerId: ctx.config.workerId,
      pid: process.pid,
      host: ctx.host,
      state: state() === 'stopping' ? 'stopping' : active.length > 0 ? 'busy' : 'idle',
      device: active.find((job) => job.device)?.device ?? (ctx.config.gpus.length > 0 ? 'gpu (leased per job)' : 'cpu'),
      concurrency: ctx.config.concurrency,
      active,
      processed: ctx.stats.processed,
      failed: ctx.stats.failed,
      retried: ctx.stats.retried,
      rssBytes: process.memoryUsage().rss,
      cpuPercent: Math.round(cpuPercent * 10) / 10,
      startedAt,
      at: now,
      queues: ctx.config.queues,
      ...(ctx.stats.aborting.size > 0 ? { aborting: [...ctx.stats.aborting] } : {}),
    };
    sendToParent({ type: 'heartbeat', heartbeat } satisfies WorkerMessage);
    await ctx.redis.hset(WORKERS_KEY, ctx.config.workerId, JSON.stringify(heartbeat));
  };
  const timer = setInterval(() => {
    beat().catch(() => {
      // Redis briefly unreachable: the next beat tries again; the monitor shows the gap.
    });
  }, ctx.config.heartbeatMs);
  timer.unref();
  return { stop: () => clearInterval(timer), beat };
}
