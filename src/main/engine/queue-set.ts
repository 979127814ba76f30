/**
 * The supervisor's handles on every queue: to add scan jobs, read counts, pause and resume.
 */
import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { RedisConnectionOptions } from '../../node/redis-options';
import { signJob } from '../../node/jobs/job-signature';
import type { JobKeys } from '../../node/jobs/job-keys';
import { QUEUES, type QueueName } from '../../shared/jobs';
import type { QueueCounts } from '../../shared/monitor-types';
import { DEFAULT_JOB_OPTIONS, QUEUE_PREFIX } from '../../node/queues';
import { childLogger } from '../../node/logger';

const log = childLogger('queues');

/** One Queue object per queue name. */
export class QueueSet {
  readonly byName: ReadonlyMap<QueueName, Queue>;

  constructor(
    connection: RedisConnectionOptions,
    /** The data folder's keys: jobs of the local queues are signed with `sign`, texts and paths sealed with `payload`. */
    readonly keys: JobKeys,
  ) {
    this.byName = new Map(
      QUEUES.map((name) => {
        const queue = new Queue(name, { connection, prefix: QUEUE_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
        // Connection errors while Redis restarts or stops: the clients reconnect, and Redis's own
        // supervisor reports the cause. Without a listener BullMQ prints each one with its stack.
        queue.on('error', (error: Error) => log.debug({ queue: name, err: error.message }, 'queue connection error'));
        return [name, queue];
      }),
    );
  }

  get(name: QueueName): Queue {
    // The map holds every QueueName: built from QUEUES above.
    return this.byName.get(name)!;
  }

  /** `data` signed for a job `name` on `queue`: the only jobs a local worker runs. */
  sign<T extends object>(queue: QueueName, name: string, data: T): T & { sig: string } {
    return signJob(this.keys.sign, queue, name, data);
  }

  /** Adds a signed job. */
  async addSigned(queue: QueueName, name: string, data: object, opts?: JobsOptions): Promise<Job> {
    return this.get(queue).add(name, this.sign(queue, name, data), opts);
  }

  /** Counts per state of every queue, and whether it is paused. */
  async counts(): Promise<QueueCounts[]> {
    return Promise.all(
      [...this.byName.entries()].map(async ([name, queue]) => {
        const [counts, paused] = await Promise.all([
          queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed', 'waiting-children'),
          queue.isPaused(),
        ]);
        return {
          name,
          paused,
          waiting: counts.waiting ?? 0,
          prioritized: counts.prioritized ?? 0,
          delayed: counts.delayed ?? 0,
          active: counts.active ?? 0,
          completed: counts.completed ?? 0,
          failed: counts.failed ?? 0,
          waitingChildren: counts['waiting-children'] ?? 0,
        };
      }),
    );
  }

  /** The work queues: pausing leaves the system queue (doctor's ping) running. */
  private work(): Queue[] {
    return [...this.byName.entries()].filter(([name]) => name !== 'system').map(([, queue]) => queue);
  }

  /** Pauses the work queues: workers finish their current jobs and take no new ones. */
  async pauseAll(): Promise<void> {
    await Promise.all(this.work().map((queue) => queue.pause()));
  }

  async resumeAll(): Promise<void> {
    await Promise.all(this.work().map((queue) => queue.resume()));
  }

  async isPaused(): Promise<boolean> {
    return (await Promise.all(this.work().map((queue) => queue.isPaused()))).some(Boolean);
  }

  async close(): Promise<void> {
    await Promise.all([...this.byName.values()].map((queue) => queue.close()));
  }
}
