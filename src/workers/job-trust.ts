/**
 * What a worker checks before it runs a job, and what it lets out after: jobs of the local queues
 * run only when signed with the job key (see src/node/jobs/job-signature.ts), and the error their
 * processors throw reaches Redis sealed (its message may name a file or quote a document), unless
 * it is a refusal, whose reason names only ids. Embed errors (a lease lost, a model missing) name
 * neither files nor text and stay clear.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { LOCAL_QUEUES, type QueueName } from '../shared/jobs';
import { jobSignatureProblem } from '../node/jobs/job-signature';
import { seal } from '../node/jobs/payload-seal';
import { childLogger } from '../node/logger';
import type { AbortableProcessor } from './job-abort';
import type { WorkerContext } from './worker-context';

const log = childLogger('job-trust');

/** BullMQ's flow-control errors: thrown on purpose, their messages are BullMQ's own. */
const CONTROL_ERRORS = new Set(['DelayedError', 'WaitingChildrenError', 'WaitingError', 'RateLimitError']);

/** A job this worker will not run (unsigned, forged, or naming something outside the registered folders). */
export class JobRefusedError extends UnrecoverableError {
  constructor(reason: string) {
    super(`refused: ${reason}`);
    // BullMQ and the worker's counters recognise unrecoverable failures by this name.
    this.name = 'UnrecoverableError';
  }
}

/** Fails the job with `reason`, logged; nothing else happens. */
export function refuse(queue: string, job: Job, reason: string): JobRefusedError {
  log.warn({ queue, job: job.id, name: job.name, reason }, 'job refused');
  return new JobRefusedError(reason);
}

/** The error with its message and stack sealed with the payload key (refusals stay clear). */
function sealed(ctx: WorkerContext, error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof JobRefusedError || CONTROL_ERRORS.has(error.name) || !ctx.payloadKey) return error;
  // The stack first: V8 formats it on first read, from the message as it is then.
  const stack = error.stack ?? `${error.name}: ${error.message}`;
  error.message = seal(ctx.payloadKey, error.message);
  error.stack = seal(ctx.payloadKey, stack);
  return error;
}

/** Wraps a processor: refuses unsigned jobs of the local queues, seals what their errors say. */
export function trusted(ctx: WorkerContext, queue: QueueName, run: AbortableProcessor): AbortableProcessor {
  const local = LOCAL_QUEUES.includes(queue);
  return async (job, signal) => {
    if (local) {
      if (!ctx.jobKey) throw refuse(queue, job, 'this worker has no job key: it runs only embed jobs');
      const problem = jobSignatureProblem(ctx.jobKey, queue, job.name, job.data);
      if (problem !== null) throw refuse(queue, job, problem);
    }
    if (!local) return run(job, signal);
    try {
      return await run(job, signal);
    } catch (error) {
      throw sealed(ctx, error);
    }
  };
}
