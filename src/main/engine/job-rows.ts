/**
 * The jobs panel's rows, read from BullMQ's lists of every queue.
 */
import type { Job } from 'bullmq';
import type { JobRow } from '../../shared/monitor-types';
import { reveal } from '../../node/jobs/payload-seal';
import type { QueueSet } from './queue-set';

export type JobListState = 'all' | 'waiting' | 'active' | 'completed' | 'failed' | 'delayed';
const STATES = ['active', 'waiting', 'delayed', 'failed', 'completed'] as const;

function progressPercent(progress: unknown): number {
  if (typeof progress === 'number') return progress;
  if (progress && typeof progress === 'object') {
    const { done, total } = progress as { done?: unknown; total?: unknown };
    if (typeof done === 'number' && typeof total === 'number' && total > 0) return Math.round((done / total) * 100);
  }
  return 0;
}

/** Maps a run id to its folder: every indexing job names its run, none its folder. */
export type FolderOfRun = (runId: number) => string | null;

function folderOf(data: unknown, folderOfRun: FolderOfRun): string | null {
  if (!data || typeof data !== 'object') return null;
  const { runId } = data as { runId?: unknown };
  return typeof runId === 'number' ? folderOfRun(runId) : null;
}

/** Maps a BullMQ job to a row. */
export function toJobRow(job: Job, queue: string, state: string, folderOfRun: FolderOfRun): JobRow {
  const result = job.returnvalue as { device?: unknown } | null | undefined;
  return {
    id: job.id ?? '',
    queue,
    name: job.name,
    state,
    progress: state === 'completed' ? 100 : progressPercent(job.progress),
    attempts: job.attemptsMade,
    workerId: job.processedBy ?? null,
    device: typeof result?.device === 'string' ? result.device : null,
    folder: folderOf(job.data, folderOfRun),
    addedAt: job.timestamp,
    startedAt: job.processedOn ?? null,
    finishedAt: job.finishedOn ?? null,
    error: job.failedReason || null,
  };
}

/** One page of jobs across all queues, newest first. */
export async function listJobs(
  queues: QueueSet,
  state: JobListState,
  limit: number,
  offset: number,
  folderOfRun: FolderOfRun,
): Promise<{ total: number; jobs: JobRow[] }> {
  const states = state === 'all' ? STATES : [state];
  const rows: JobRow[] = [];
  let total = 0;
  for (const [name, queue] of queues.byName) {
    const counts = await queue.getJobCounts(...states);
    total += Object.values(counts).reduce((sum, n) => sum + n, 0);
    for (const one of states) {
      const jobs = await queue.getJobs([one], 0, offset + limit - 1, false);
      // Failure reasons leave workers sealed: shown opened.
      const shown = jobs.filter((job): job is Job => Boolean(job)).map((job) => toJobRow(job, name, one, folderOfRun));
      rows.push(...shown.map((row) => reveal(queues.keys.payload, row) as JobRow));
    }
  }
  rows.sort((a, b) => b.addedAt - a.addedAt);
  return { total, jobs: rows.slice(offset, offset + limit) };
}
