/**
 * The worker's side of aborting jobs: a subscriber that turns abort requests into BullMQ's
 * `worker.cancelJob` (which fires the processor's AbortSignal), and a processor wrapper that makes
 * an aborted job fail at once, without retries, whether or not the processor heeds the signal.
 *
 * A processor that does not return after its abort (a long native call, a busy loop) is reported
 * in the heartbeat (`aborting`); the supervisor replaces such a worker after a grace period. If the
 * job comes back after that (its lock lapsed), the aborted mark in Redis fails it before it runs.
 */
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { childLogger } from '../node/logger';
import { abortChannel, abortKey, abortMessageSchema } from '../node/job-abort';
import type { WorkerContext } from './worker-context';

const log = childLogger('worker-abort');

/** A processor that may watch the job's AbortSignal. */
export type AbortableProcessor = (job: Job, signal: AbortSignal) => Promise<unknown>;

/** Wraps a processor: checks the aborted mark, and fails the job as soon as its signal fires. */
export function abortable(
  ctx: WorkerContext,
  queue: string,
  run: AbortableProcessor,
): (job: Job, token?: string, signal?: AbortSignal) => Promise<unknown> {
  // Three parameters: BullMQ passes an AbortSignal only to processors that declare one.
  return async (job: Job, _token?: string, signal?: AbortSignal): Promise<unknown> => {
    const id = job.id ?? '';
    const mark = await ctx.redis.get(abortKey(queue, id));
    if (mark !== null) throw new UnrecoverableError(`aborted: ${mark}`);
    const own = signal ?? new AbortController().signal;
    const running = run(job, own);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const ref = `${queue}:${id}`;
        ctx.stats.aborting.add(ref);
        const settled = (): void => void ctx.stats.aborting.delete(ref);
        running.then(settled, settled);
        const reason: unknown = own.reason;
        reject(new UnrecoverableError(`aborted: ${reason instanceof Error ? reason.message : String(reason ?? 'by request')}`));
      };
      if (own.aborted) onAbort();
      else own.addEventListener('abort', onAbort, { once: true });
      running.then(
        (value) => {
          own.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          own.removeEventListener('abort', onAbort);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  };
}

/** Listens for abort requests for the queues of `workers` and cancels the named job if one of them runs it. */
export class AbortListener {
  private subscriber: Redis | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly workers: ReadonlyMap<string, Worker>,
  ) {}

  async start(): Promise<void> {
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, text: string) => this.handle(text));
    subscriber.on('error', (error: Error) => log.warn({ err: error.message }, 'abort subscriber error'));
    await subscriber.subscribe(...[...this.workers.keys()].map(abortChannel));
  }

  stop(): void {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }

  private handle(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      log.warn('ignored an abort request that is not JSON');
      return;
    }
    const parsed = abortMessageSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.message }, 'ignored a malformed abort request');
      return;
    }
    const { queue, jobId, reason } = parsed.data;
    const cancelled = this.workers.get(queue)?.cancelJob(jobId, reason) ?? false;
    if (cancelled) log.info({ queue, jobId, reason }, 'aborting job');
  }
}
