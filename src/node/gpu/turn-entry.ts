/**
 * A task's place in its worker process's line for the GPU (process-lease.ts): it settles once,
 * with the task's turn on the device, with null when the task stops waiting, or with an error.
 */
import { SemantikError } from '../../shared/errors';
import type { Lease } from './held-lease';

/** Options of one `ProcessGpu.use` call (process-lease.ts). */
export interface UseOptions {
  /** Give up (resolve null: run on the CPU) after this long. */
  waitMs: number;
  /** The task's turn is aborted after this long on the device (SEMANTIK_GPU_MAX_HOLD). */
  maxHoldMs: number;
  /** Stops waiting (resolves null). */
  signal?: AbortSignal;
  /** A device to take if it is free when the process's turn comes (its model session is loaded there). */
  prefer?: string;
}

/** One task in line for the process's device. */
export interface TurnEntry {
  jobId: string;
  /** `<workerId>:<pid>:<jobId>`: the lease's owner during this task's turn. */
  owner: string;
  maxHoldMs: number;
  prefer: string | undefined;
  done: boolean;
  settle(lease: Lease | null): void;
  fail(error: unknown): void;
}

/** Drops the settled entries from a list in place, and returns the list. */
export function liveEntries(entries: TurnEntry[]): TurnEntry[] {
  const kept = entries.filter((entry) => !entry.done);
  entries.splice(0, entries.length, ...kept);
  return entries;
}

/** What {@link waitForTurn} needs from the process's device. */
export interface TurnLine {
  /** Adds the entry to the arrivals and runs a step; resolves when that step is over. */
  enqueue(entry: TurnEntry): Promise<void>;
  /** Runs a step after a task stopped waiting. */
  cancelled(): void;
}

/**
 * Puts a task in line; resolves with its turn, or with null after `waitMs` or on abort.
 *
 * The wait is timed from the end of the first step: a device the process holds is joined even with
 * no wait.
 */
export function waitForTurn(jobId: string, owner: string, request: UseOptions, line: TurnLine): Promise<Lease | null> {
  return new Promise<Lease | null>((resolve, reject) => {
    const finish = (): void => {
      entry.done = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', cancel);
    };
    const entry: TurnEntry = {
      jobId,
      owner,
      maxHoldMs: request.maxHoldMs,
      prefer: request.prefer,
      done: false,
      settle: (lease) => {
        finish();
        resolve(lease);
      },
      fail: (error) => {
        finish();
        reject(error instanceof Error ? error : new SemantikError('GPU', String(error)));
      },
    };
    const cancel = (): void => {
      if (entry.done) return;
      entry.settle(null);
      line.cancelled();
    };
    const deadline = Date.now() + request.waitMs;
    let timer: NodeJS.Timeout | undefined;
    if (request.signal?.aborted) return cancel();
    request.signal?.addEventListener('abort', cancel, { once: true });
    void line.enqueue(entry).then(() => {
      if (!entry.done) timer = setTimeout(cancel, Math.min(Math.max(0, deadline - Date.now()), 2 ** 31 - 1)).unref();
    });
  });
}
