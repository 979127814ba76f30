/**
 * Guards around every job a worker runs, outside the abort wrapper (job-abort.ts):
 *
 * - the per-task soft time limit (SEMANTIK_TASK_TIME_LIMIT): the processor's AbortSignal fires and
 *   the attempt fails with a retryable error; a processor that does not stop is the supervisor's
 *   business (the hard limit: its worker is replaced, see pool/pool-watch.ts);
 * - the hand-back: a worker that stops (scale down, memory recycle) and still runs jobs after its
 *   grace period puts them back in their queue at once, without using an attempt, instead of
 *   leaving them until their locks lapse.
 */
import { WaitingError, type Job } from 'bullmq';
import { SemantikError } from '../shared/errors';
import { childLogger } from '../node/logger';

const log = childLogger('job-guard');

/** A BullMQ processor that takes the job's AbortSignal (BullMQ passes it to 3-parameter functions). */
export type SignalProcessor = (job: Job, token?: string, signal?: AbortSignal) => Promise<unknown>;

/** The reason of a soft time limit's abort; retryable, unlike an abort by request. */
export class TaskTimeLimitError extends SemantikError {
  constructor(readonly limitMs: number) {
    super('TIMEOUT', `task exceeded its soft time limit of ${Math.round(limitMs / 100) / 10} s (SEMANTIK_TASK_TIME_LIMIT)`);
  }
}

interface Running {
  job: Job;
  token: string;
  handback: AbortController;
}

/** The guards of one worker process. */
export class JobGuards {
  private readonly running = new Set<Running>();
  private handing: Promise<number> = Promise.resolve(0);

  /**
   * @param softLimitMs - per-task soft time limit; undefined for none
   * @param note - writes a line to a job's log through a connection of its own: the BullMQ
   * worker's own connection is closing by the time jobs are handed back
   */
  constructor(
    private readonly softLimitMs: number | undefined,
    private readonly note?: (queue: string, jobId: string, line: string) => Promise<unknown>,
  ) {}

  /** Jobs running now. */
  get size(): number {
    return this.running.size;
  }

  /** Wraps a processor with the time limit and hand-back. */
  wrap(inner: SignalProcessor): SignalProcessor {
    // Three parameters: BullMQ passes an AbortSignal only to processors that declare one.
    return async (job: Job, token?: string, signal?: AbortSignal): Promise<unknown> => {
      const entry: Running = { job, token: token ?? job.token ?? '', handback: new AbortController() };
      const limit = new AbortController();
      const limitMs = this.softLimitMs;
      const timer = limitMs === undefined ? undefined : setTimeout(() => limit.abort(new TaskTimeLimitError(limitMs)), limitMs);
      this.running.add(entry);
      const signals = [limit.signal, entry.handback.signal, ...(signal ? [signal] : [])];
      try {
        const value = await inner(job, token, AbortSignal.any(signals));
        // Handed back while finishing: the job is already waiting again; its lock is gone.
        if (entry.handback.signal.aborted) throw new WaitingError();
        return value;
      } catch (error) {
        if (entry.handback.signal.aborted) throw new WaitingError();
        // The limit fired (and no abort by request): fail this attempt, retryably.
        if (limit.signal.aborted && !signal?.aborted) throw limit.signal.reason;
        throw error;
      } finally {
        clearTimeout(timer);
        this.running.delete(entry);
      }
    };
  }

  /**
   * Fires every running job's signal so its processor stops, and puts the job back in its queue
   * (no attempt used, no lock left to lapse). Returns how many were handed back.
   */
  handBack(): Promise<number> {
    this.handing = this.handAll([...this.running]);
    return this.handing;
  }

  /** Resolves once a hand-back in progress (moves and log lines) is done: await it before exiting. */
  async settled(): Promise<void> {
    await this.handing;
  }

  private async handAll(entries: Running[]): Promise<number> {
    await Promise.all(
      entries.map(async (entry) => {
        // Signal first: the wrapper then ends the attempt as "moved" (WaitingError), never as
        // completed or failed, so BullMQ leaves the job to the move below.
        entry.handback.abort(new SemantikError('WORKER', 'handed back to the queue: the worker is stopping'));
        try {
          await entry.job.moveToWait(entry.token);
        } catch (error) {
          // The lock is gone already (the job finished or stalled): BullMQ's stalled check has it.
          log.warn({ job: entry.job.id, err: error instanceof Error ? error.message : String(error) }, 'could not hand a job back');
          return;
        }
        log.info({ queue: entry.job.queueName, job: entry.job.id }, 'handed back to the queue');
        await this.note?.(
          entry.job.queueName,
          entry.job.id ?? '',
          `handed back to the queue: worker ${entry.job.processedBy ?? '?'} stopped before it finished`,
        ).catch((error: unknown) =>
          log.warn({ job: entry.job.id, err: error instanceof Error ? error.message : String(error) }, 'could not log the hand-back'),
        );
      }),
    );
    return entries.length;
  }
}
