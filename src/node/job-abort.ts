/**
 * Aborting a running job across processes: the supervisor marks the job aborted in Redis (so that
 * a retry of it after a worker crash fails at once instead of running again) and publishes the
 * request; every worker listens, and the one running the job fires its processor's AbortSignal.
 */
import { z } from 'zod';
import { QUEUE_PREFIX } from './queues';

/**
 * The pub/sub channel of abort requests for one queue's jobs.
 *
 * One channel per queue, because Redis ACLs grant channels, not publish or subscribe: a remote
 * worker's user, which must listen for aborts of embed jobs, may then publish only there, never
 * an abort of another queue's jobs.
 */
export function abortChannel(queue: string): string {
  return `${QUEUE_PREFIX}:abort:${queue}`;
}

/** How long the aborted mark outlives the request (a stalled job comes back within minutes). */
export const ABORT_MARK_TTL_S = 24 * 3600;

/** The key marking one job as aborted; deleted when the job is retried. */
export function abortKey(queue: string, jobId: string): string {
  return `${QUEUE_PREFIX}:aborted:${queue}:${jobId}`;
}

/** An abort request as published. */
export const abortMessageSchema = z.object({
  queue: z.string().min(1).max(64),
  jobId: z.string().min(1).max(256),
  reason: z.string().max(500),
});
export type AbortMessage = z.infer<typeof abortMessageSchema>;
