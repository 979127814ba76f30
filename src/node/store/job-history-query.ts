/**
 * Reading the job history: pages of the tasks list, counts per state, one record, children.
 */
import type { TaskFilter } from '../../shared/task-query';
import { TASK_STATES, type TaskRow, type TaskState, type TimelineEntry } from '../../shared/tasks';
import type { Stmt, StoreContext } from './db-context';
import { filterSql, ftsMatch, orderBy } from './job-history-filter';

/** An embed task's device memory figure from its result summary (LIKE first: most results have none). */
const gpuMemory = (field: string): string =>
  `CASE WHEN result LIKE '%"gpuMemory":{%' AND json_valid(result) THEN json_extract(result, '$.gpuMemory.${field}') END`;

const ROW_COLUMNS = `queue, job_id AS id, name, state, priority, attempts, worker AS workerId, device, folder, subject, parent,
  added_at AS addedAt, started_at AS startedAt, finished_at AS finishedAt, duration_ms AS durationMs, progress, error,
  ${gpuMemory('beforeMiB')} AS gpuBeforeMiB, ${gpuMemory('afterMiB')} AS gpuAfterMiB`;

type RawRow = Omit<TaskRow, 'ref'>;

/** A full record: the row plus what the detail view shows. */
export interface JobRecord extends TaskRow {
  data: string | null;
  result: string | null;
  opts: string | null;
  progressData: string | null;
  stack: string | null;
  logs: string[];
  timeline: TimelineEntry[];
}

/** Maps a raw row (error first line only) to a TaskRow. */
function toRow(raw: RawRow): TaskRow {
  return { ...raw, ref: `${raw.queue}:${raw.id}`, error: raw.error ? firstLine(raw.error) : null };
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/**
 * Statements whose text depends on the filter are prepared per call, not cached: filters vary
 * without bound (list lengths, prefixes), and preparing costs microseconds next to the query.
 */
function dynamic<R>(ctx: StoreContext, sql: string): Stmt<R> {
  return ctx.db.prepare<unknown[], R>(sql);
}

/** One page of rows matching the filter, in the given order. */
export function listJobRecords(ctx: StoreContext, filter: TaskFilter, sort: string, limit: number, offset: number): TaskRow[] {
  const { where, params } = filterSql(filter);
  const searching = ftsMatch(filter.text ?? []) !== null;
  return dynamic<RawRow>(ctx, `SELECT ${ROW_COLUMNS} FROM jobs WHERE ${where} ORDER BY ${orderBy(sort, searching)} LIMIT ? OFFSET ?`)
    .all(...params, limit, offset)
    .map(toRow);
}

/** Rows per state under every condition of the filter but the state one. */
export function countJobRecords(ctx: StoreContext, filter: TaskFilter): Record<TaskState, number> {
  const counts = Object.fromEntries(TASK_STATES.map((state) => [state, 0])) as Record<TaskState, number>;
  const { where, params, empty } = filterSql({ ...filter, states: undefined }, { states: false });
  const onlyQueues = filterSql({ queues: filter.queues }, { states: false });
  const match = ftsMatch(filter.text ?? []);
  let rows: Array<{ state: string; n: number }>;
  if (match !== null) {
    // Joined rather than `id IN (...)`: no temporary set of every match (a common word may match
    // half the history).
    const rest = filterSql(filter, { states: false, text: false, alias: 'j' });
    rows = dynamic<{ state: string; n: number }>(
      ctx,
      `SELECT j.state AS state, count(*) AS n FROM jobs_fts JOIN jobs j ON j.id = jobs_fts.rowid
       WHERE jobs_fts MATCH ? AND ${rest.where} GROUP BY j.state`,
    ).all(match, ...rest.params);
  } else if (empty) {
    rows = ctx.stmt<{ state: string; n: number }>('SELECT state, sum(n) AS n FROM job_counts GROUP BY state').all();
  } else if (filter.queues && where === onlyQueues.where && params.length === onlyQueues.params.length) {
    // Only a queue filter: the trigger-kept counts answer it too.
    rows = dynamic<{ state: string; n: number }>(ctx, `SELECT state, sum(n) AS n FROM job_counts WHERE ${where} GROUP BY state`).all(
      ...params,
    );
  } else {
    rows = dynamic<{ state: string; n: number }>(ctx, `SELECT state, count(*) AS n FROM jobs WHERE ${where} GROUP BY state`).all(...params);
  }
  for (const row of rows) if (row.state in counts) counts[row.state as TaskState] = row.n;
  return counts;
}

/** One job's full record, or null. */
export function getJobRecord(ctx: StoreContext, queue: string, jobId: string): JobRecord | null {
  const raw = ctx
    .stmt<
      RawRow & {
        data: string | null;
        result: string | null;
        opts: string | null;
        progressData: string | null;
        stack: string | null;
        logs: string | null;
        timeline: string;
      }
    >(
      `SELECT ${ROW_COLUMNS}, data, result, opts, progress_data AS progressData, stack, logs, timeline
       FROM jobs WHERE queue = ? AND job_id = ?`,
    )
    .get(queue, jobId);
  if (!raw) return null;
  const { data, result, opts, progressData, stack, logs, timeline, ...row } = raw;
  return {
    ...toRow(row),
    error: row.error,
    data,
    result,
    opts,
    progressData,
    stack,
    logs: parseArray<string>(logs),
    timeline: parseArray<TimelineEntry>(timeline),
  };
}

/** The queues that have a job with this id (ids may repeat across queues). */
export function queuesOfJobId(ctx: StoreContext, jobId: string): string[] {
  return ctx.stmt<string>('SELECT queue FROM jobs WHERE job_id = ? ORDER BY added_at DESC').pluck().all(jobId);
}

/** The jobs whose parent is `parentRef` (`queue:id`). */
export function childRecords(ctx: StoreContext, parentRef: string, limit = 500): TaskRow[] {
  return ctx.stmt<RawRow>(`SELECT ${ROW_COLUMNS} FROM jobs WHERE parent = ? ORDER BY id LIMIT ?`).all(parentRef, limit).map(toRow);
}

/** Refs of jobs matching the filter, oldest first: the selection of a bulk action. */
export function selectJobRefs(
  ctx: StoreContext,
  filter: TaskFilter,
  limit: number,
): Array<{ queue: string; id: string; state: TaskState }> {
  const { where, params } = filterSql(filter);
  return dynamic<{ queue: string; id: string; state: TaskState }>(
    ctx,
    `SELECT queue, job_id AS id, state FROM jobs WHERE ${where} ORDER BY added_at, id LIMIT ?`,
  ).all(...params, limit);
}

/** The newest recorded run of a job scheduler (its jobs are `repeat:<scheduler>:<millis>`). */
export function lastSchedulerRecord(ctx: StoreContext, queue: string, scheduler: string): JobRecord | null {
  const prefix = `repeat:${scheduler}:`;
  const jobId = ctx
    .stmt<string>(
      `SELECT job_id FROM jobs WHERE queue = ? AND job_id >= ? AND job_id < ? AND state IN ('completed', 'failed', 'active')
       ORDER BY added_at DESC LIMIT 1`,
    )
    .pluck()
    .get(queue, prefix, `repeat:${scheduler};`);
  return jobId === undefined ? null : getJobRecord(ctx, queue, jobId);
}

/** Records in a pending state not updated since `before`: the reconciler checks them with Redis. */
export function staleRecords(
  ctx: StoreContext,
  states: readonly TaskState[],
  before: number,
  limit: number,
): Array<{ queue: string; id: string; state: TaskState }> {
  return ctx
    .stmt<{ queue: string; id: string; state: TaskState }>(
      `SELECT queue, job_id AS id, state FROM jobs INDEXED BY jobs_updated
       WHERE state IN (SELECT value FROM json_each(?)) AND updated_at < ? ORDER BY updated_at LIMIT ?`,
    )
    .all(JSON.stringify(states), before, limit);
}

/** Of `ids`, those without a record in `queue`. */
export function unrecordedIds(ctx: StoreContext, queue: string, ids: readonly string[]): string[] {
  if (ids.length === 0) return [];
  return ctx
    .stmt<string>(`SELECT j.value FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE queue = ? AND job_id = j.value)`)
    .pluck()
    .all(JSON.stringify(ids), queue);
}

function parseArray<T>(json: string | null): T[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}
