/**
 * Aborting a running job: mark it aborted in Redis, publish the request (the worker running it
 * fires the processor's AbortSignal and fails the job), and after a grace period replace the
 * worker if the job is still running or its processor has not returned.
 */
import type { Redis } from 'ioredis';
import { SemantikError } from '../../../shared/errors';
import type { TaskActionResult } from '../../../shared/tasks';
import { childLogger } from '../../../node/logger';
import { ABORT_MARK_TTL_S, abortChannel, abortKey, type AbortMessage } from '../../../node/job-abort';
import type { Store } from '../../../node/store/store';
import type { HistoryRecorder } from '../history/recorder';
import type { WorkerPool } from '../pool/worker-pool';
import type { QueueSet } from '../queue-set';
import { readHeartbeatWorkers } from '../remote-workers';
import { jobForAction, liveState, type TaskKey } from './task-lookup';

/** How long a stuck worker gets to stop once it is being replaced. */
const REPLACE_GRACE_MS = 1_000;

const log = childLogger('tasks');

export interface AbortDeps {
  redis: Redis;
  store: Store;
  queues: QueueSet;
  pool: WorkerPool;
  recorder: HistoryRecorder;
  /** How long a processor has to return after its abort before its worker is replaced. */
  graceMs: number;
}

/** Aborts jobs and replaces workers that do not let go of them. */
export class AbortService {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: AbortDeps) {}

  /** Requests the abort; CONFLICT unless the job is running. */
  async abort(key: TaskKey, reason = 'aborted by request'): Promise<TaskActionResult> {
    const { redis, store, queues, recorder, graceMs } = this.deps;
    const job = await jobForAction(store, queues, key);
    const state = await liveState(queues, key, job);
    if (state !== 'active') throw new SemantikError('CONFLICT', `Only a running job can be aborted; ${key.queue}:${key.id} is ${state}`);
    const worker = job.processedBy ?? null;
    await redis.set(abortKey(key.queue, key.id), reason, 'EX', ABORT_MARK_TTL_S);
    const message: AbortMessage = { queue: key.queue, jobId: key.id, reason };
    await redis.publish(abortChannel(key.queue), JSON.stringify(message));
    recorder.note(key.queue, key.id, 'abort-requested', worker ? `on worker ${worker}` : undefined);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.replaceIfStuck(key, worker).catch((error: unknown) => log.warn({ err: error, job: key }, 'abort follow-up failed'));
    }, graceMs);
    timer.unref();
    this.timers.add(timer);
    return {
      ref: `${key.queue}:${key.id}`,
      state,
      message: `abort requested${worker ? `; worker ${worker} is replaced if the job has not stopped within ${Math.round(graceMs / 1000)} s` : ''}`,
    };
  }

  /** Cancels pending follow-ups (engine stop). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async replaceIfStuck(key: TaskKey, worker: string | null): Promise<void> {
    if (!worker) return;
    const { queues, pool, redis } = this.deps;
    const ref = `${key.queue}:${key.id}`;
    const job = await queues.get(key.queue).getJob(key.id);
    const stillRunning = job !== undefined && (await job.getState()) === 'active' && job.processedBy === worker;
    const local = pool.info().find((one) => one.workerId === worker);
    const heartbeat = local?.lastHeartbeat ?? (await readHeartbeatWorkers(redis)).find((one) => one.workerId === worker)?.lastHeartbeat;
    const holding = heartbeat?.aborting?.includes(ref) ?? false;
    if (!stillRunning && !holding) return;
    if (!local) {
      log.warn({ job: ref, worker }, 'an aborted job is still running on a remote worker; restart that worker by hand');
      return;
    }
    log.warn({ job: ref, worker, stillRunning, holding }, 'aborted job did not stop within the grace period: replacing its worker');
    pool.restartWorker(worker, REPLACE_GRACE_MS);
  }
}
