/**
 * System jobs: the `test_task` ping that `semantik doctor` sends through a worker, the daily
 * `cleanup_old_results`, and the `test_sleep` diagnostic.
 */
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { SYSTEM_JOBS, type CleanupJobData, type PingJobData, type PingJobResult, type SleepJobData } from '../../shared/jobs';
import { parseInput } from '../../shared/validate';
import type { WorkerContext } from '../worker-context';
import { processCleanup } from './cleanup';

const sleepSchema = z.object({ ms: z.number().int().min(0).max(600_000), blocking: z.boolean().optional() });

/** Processes one job of the system queue; `signal` fires when the job is aborted. */
export async function processSystem(ctx: WorkerContext, job: Job, signal?: AbortSignal): Promise<unknown> {
  switch (job.name) {
    case SYSTEM_JOBS.ping: {
      const data = job.data as PingJobData;
      return { nonce: data.nonce, workerId: ctx.config.workerId, pid: process.pid } satisfies PingJobResult;
    }
    case SYSTEM_JOBS.cleanup:
      return processCleanup(ctx, job as Job<CleanupJobData>);
    case SYSTEM_JOBS.sleep:
      return sleep(parseInput(sleepSchema, job.data, 'test_sleep data'), signal);
    default:
      throw new UnrecoverableError(`unknown system job ${job.name}`);
  }
}

async function sleep(data: SleepJobData, signal?: AbortSignal): Promise<{ sleptMs: number }> {
  const started = Date.now();
  if (data.blocking) {
    // Deliberately blocks the event loop, like a stuck native call: nothing in this process runs
    // (not even the abort listener) until it ends or the supervisor replaces the worker.
    while (Date.now() - started < data.ms) {
      /* spin */
    }
    return { sleptMs: Date.now() - started };
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, data.ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Error('sleep aborted'));
      },
      { once: true },
    );
  });
  return { sleptMs: Date.now() - started };
}
