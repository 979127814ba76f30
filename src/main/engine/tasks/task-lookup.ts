/**
 * Finding a job by its id (and queue, when given), live in Redis or recorded in the history, and
 * mapping BullMQ's view of it to the tasks view's.
 */
import { Job } from 'bullmq';
import { SemantikError } from '../../../shared/errors';
import { QUEUES, type QueueName } from '../../../shared/jobs';
import type { TaskState } from '../../../shared/tasks';
import type { Store } from '../../../node/store/store';
import type { QueueSet } from '../queue-set';

/** A job named by queue and id. */
export interface TaskKey {
  queue: QueueName;
  id: string;
}

function isQueue(name: string): name is QueueName {
  return (QUEUES as readonly string[]).includes(name);
}

/** Resolves `{queue?, id}`: an id alone is looked up in the history, then in every queue. */
export async function resolveTask(store: Store, queues: QueueSet, input: { queue?: QueueName | undefined; id: string }): Promise<TaskKey> {
  if (input.queue) return { queue: input.queue, id: input.id };
  let found = store.history().queuesOf(input.id).filter(isQueue);
  if (found.length === 0) {
    const states = await Promise.all(QUEUES.map(async (queue) => [queue, await queues.get(queue).getJobState(input.id)] as const));
    found = states.filter(([, state]) => state !== 'unknown').map(([queue]) => queue);
  }
  if (found.length === 0) throw new SemantikError('NOT_FOUND', `No job ${input.id} in any queue or in the history`);
  if (found.length > 1) {
    throw new SemantikError('CONFLICT', `Job id ${input.id} exists in several queues (${found.join(', ')}): name the queue too`);
  }
  // found has exactly one element here.
  return { queue: found[0]!, id: input.id };
}

/** The job as BullMQ has it, or null once Redis no longer holds it. */
export async function liveJob(queues: QueueSet, key: TaskKey): Promise<Job | null> {
  return (await Job.fromId(queues.get(key.queue), key.id)) ?? null;
}

/** The tasks view's state of a live job (a waiting job of a paused queue shows as paused). */
export async function liveState(queues: QueueSet, key: TaskKey, job: Job): Promise<TaskState> {
  const state = await job.getState();
  switch (state) {
    case 'waiting':
    case 'prioritized':
      return (await queues.get(key.queue).isPaused()) ? 'paused' : state;
    case 'active':
    case 'completed':
    case 'failed':
    case 'delayed':
    case 'waiting-children':
      return state;
    default:
      return 'unknown';
  }
}

/** The job, which must still be in Redis for an action: NOT_FOUND or CONFLICT otherwise. */
export async function jobForAction(store: Store, queues: QueueSet, key: TaskKey): Promise<Job> {
  const job = await liveJob(queues, key);
  if (job) return job;
  if (store.history().get(key.queue, key.id)) {
    throw new SemantikError(
      'CONFLICT',
      `Job ${key.queue}:${key.id} is no longer in Redis (finished jobs are removed after their retention); its record remains in the history`,
    );
  }
  throw new SemantikError('NOT_FOUND', `No job ${key.id} in queue ${key.queue}`);
}
