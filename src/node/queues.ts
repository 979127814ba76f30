/**
 * BullMQ queue settings shared by the supervisor, local workers and remote embed workers.
 */
import type { DefaultJobOptions, WorkerOptions } from 'bullmq';
import type { QueueName } from '../shared/jobs';

/** Every key the app writes in Redis starts with this, so a shared Redis stays readable. */
export const QUEUE_PREFIX = 'semantik';

const DAY_S = 24 * 3600;

/** Completed and failed jobs stay in Redis for a week, bounded in count; history lives in SQLite. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 7 * DAY_S, count: 5_000 },
  removeOnFail: { age: 7 * DAY_S, count: 20_000 },
};

/**
 * Retention of the jobs a flow adds (an ingest job and its embed children).
 *
 * A FlowProducer does not apply a Queue's defaultJobOptions, so without these its jobs would stay
 * in Redis for ever; and they are large: an embed job's result is ~260 KB of vectors, and an ingest
 * job's hash holds all its children's results until it is removed. Their records live on in the
 * SQLite history, so Redis keeps only the latest few.
 */
export const FLOW_QUEUES_OPTIONS: Partial<Record<QueueName, { defaultJobOptions: DefaultJobOptions }>> = {
  embed: { defaultJobOptions: { removeOnComplete: { age: DAY_S, count: 200 }, removeOnFail: { age: 7 * DAY_S, count: 500 } } },
  ingest: { defaultJobOptions: { removeOnComplete: { age: DAY_S, count: 200 }, removeOnFail: { age: 7 * DAY_S, count: 200 } } },
};

/**
 * Lock and stall settings per queue.
 *
 * A killed worker's job comes back when its lock lapses (lockDuration) and the stalled-job check
 * (stalledInterval) runs: short values recover fast; the lock is renewed every lockDuration / 2
 * while the worker's event loop is free, and every processor here is idempotent, so a rare double
 * run after a long pause costs time, not correctness.
 */
export function workerOptionsFor(queue: QueueName): Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> {
  switch (queue) {
    case 'embed':
      return { lockDuration: 20_000, stalledInterval: 5_000, maxStalledCount: 3 };
    default:
      return { lockDuration: 15_000, stalledInterval: 5_000, maxStalledCount: 3 };
  }
}
