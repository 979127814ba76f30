/**
 * The job history on one store connection: the supervisor's recorder writes it, the tasks API
 * reads it, the cleanup job compacts it. Get one with `store.history()`.
 */
import type { TaskFilter } from '../../shared/task-query';
import type { TaskRow, TaskState } from '../../shared/tasks';
import type { StoreContext } from './db-context';
import { archivedCount, archiveJobRecords, pruneJobArchive } from './job-history-archive';
import { DURATION_BUCKETS_MS } from './job-history-schema';
import * as query from './job-history-query';
import { applyJobPatches, type JobPatch, type QueuePauseChange } from './job-history-write';

export type { JobPatch, QueuePauseChange } from './job-history-write';
export type { JobRecord } from './job-history-query';

/** Finished-attempt counters of one queue and final state, for /metrics. */
export interface JobTotals {
  queue: string;
  state: string;
  n: number;
  durationSumMs: number;
}

/** Operations on the `jobs` tables of one connection. */
export class JobHistory {
  constructor(private readonly ctx: StoreContext) {}

  /** Writes a batch of patches and pause changes, and the stream positions reached, atomically. */
  apply(patches: readonly JobPatch[], pauses: readonly QueuePauseChange[] = [], kv: Readonly<Record<string, string>> = {}): void {
    applyJobPatches(this.ctx, patches, pauses, kv);
  }

  /** One page of the tasks list. */
  list(filter: TaskFilter, sort: string, limit: number, offset: number): TaskRow[] {
    return query.listJobRecords(this.ctx, filter, sort, limit, offset);
  }
  /** Rows per state under the filter's other conditions. */
  counts(filter: TaskFilter): Record<TaskState, number> {
    return query.countJobRecords(this.ctx, filter);
  }
  /** One job's record, or null. */
  get(queue: string, jobId: string): query.JobRecord | null {
    return query.getJobRecord(this.ctx, queue, jobId);
  }
  /** Queues holding a job with this id, newest first. */
  queuesOf(jobId: string): string[] {
    return query.queuesOfJobId(this.ctx, jobId);
  }
  /** A parent's children. */
  children(parentRef: string, limit?: number): TaskRow[] {
    return query.childRecords(this.ctx, parentRef, limit);
  }
  /** The jobs a bulk action applies to. */
  select(filter: TaskFilter, limit: number): Array<{ queue: string; id: string; state: TaskState }> {
    return query.selectJobRefs(this.ctx, filter, limit);
  }
  /** A scheduler's latest run. */
  lastSchedulerRun(queue: string, scheduler: string): query.JobRecord | null {
    return query.lastSchedulerRecord(this.ctx, queue, scheduler);
  }
  /** Pending records not updated since `before`. */
  stale(states: readonly TaskState[], before: number, limit: number): Array<{ queue: string; id: string; state: TaskState }> {
    return query.staleRecords(this.ctx, states, before, limit);
  }
  /** Of `ids`, those the history does not have. */
  unrecorded(queue: string, ids: readonly string[]): string[] {
    return query.unrecordedIds(this.ctx, queue, ids);
  }

  /** Moves finished records older than `cutoff` to the archive; returns how many. */
  archive(cutoff: number, now?: number): number {
    return archiveJobRecords(this.ctx, cutoff, now);
  }
  /** Drops archive rows older than `cutoff`. */
  pruneArchive(cutoff: number): number {
    return pruneJobArchive(this.ctx, cutoff);
  }
  /** How many records the archive holds. */
  archived(): number {
    return archivedCount(this.ctx);
  }

  /** A kept value (e.g. an event stream position), or null. */
  getKv(key: string): string | null {
    return this.ctx.stmt<string>('SELECT value FROM kv WHERE key = ?').pluck().get(key) ?? null;
  }
  /** Keeps a value. */
  setKv(key: string, value: string): void {
    this.ctx.stmt('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Finished-attempt counters per queue and state. */
  totals(): JobTotals[] {
    return this.ctx.stmt<JobTotals>('SELECT queue, state, n, duration_sum_ms AS durationSumMs FROM job_totals ORDER BY queue, state').all();
  }
  /** Per queue, the count of completed jobs in each duration bucket (not cumulative). */
  durationBuckets(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    const rows = this.ctx.stmt<{ queue: string; bucket: number; n: number }>('SELECT queue, bucket, n FROM job_durations').all();
    for (const row of rows) {
      const buckets = out.get(row.queue) ?? new Array<number>(DURATION_BUCKETS_MS.length + 1).fill(0);
      buckets[row.bucket] = row.n;
      out.set(row.queue, buckets);
    }
    return out;
  }
  /** The number of records. */
  size(): number {
    return this.ctx.stmt<number>('SELECT coalesce(sum(n), 0) FROM job_counts').pluck().get() ?? 0;
  }
}
