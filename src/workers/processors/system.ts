/**
 * System jobs: the `test_task` ping that `semantik doctor` sends through a worker.
 */
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { SYSTEM_JOBS, type PingJobData, type PingJobResult } from '../../shared/jobs';
import type { WorkerContext } from '../worker-context';

/** Processes one job of the system queue. */
export async function processSystem(ctx: WorkerContext, job: Job<PingJobData>): Promise<PingJobResult> {
  if (job.name !== SYSTEM_JOBS.ping) throw new UnrecoverableError(`unknown system job ${job.name}`);
  return { nonce: job.data.nonce, workerId: ctx.config.workerId, pid: process.pid };
}
