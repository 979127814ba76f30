/**
 * Writing the job history: the recorder's batches of patches, each batch one transaction.
 *
 * A patch names a job (queue and id) and the fields that changed; absent fields are left as they
 * are, so the FTS triggers fire only when a searched column is written. Timeline entries are
 * appended (the oldest dropped past TIMELINE_MAX, keeping the first).
 */
import type { TaskState, TimelineEntry } from '../../shared/tasks';
import type { StoreContext } from './db-context';
import { DURATION_BUCKETS_MS } from './job-history-schema';

/** Timeline entries kept per job: enough for every retry of a normal job, bounded for a looping one. */
export const TIMELINE_MAX = 50;

/** What changed about one job. `undefined` leaves a column alone; `null` clears it. */
export interface JobPatch {
  queue: string;
  jobId: string;
  /** When the change happened (epoch ms): `updated_at`, and `added_at` of a new row without one. */
  at: number;
  /** The id was added anew (a new job reusing an old id): forget the previous run's fields. */
  reset?: boolean;
  name?: string;
  state?: TaskState;
  priority?: number;
  attempts?: number;
  worker?: string | null;
  device?: string | null;
  folder?: string | null;
  /** What the job works on, in words (see job-subject.ts). */
  subject?: string | null;
  parent?: string | null;
  addedAt?: number;
  startedAt?: number | null;
  finishedAt?: number | null;
  durationMs?: number | null;
  progress?: number | null;
  progressData?: string | null;
  error?: string | null;
  stack?: string | null;
  data?: string | null;
  result?: string | null;
  opts?: string | null;
  logs?: string | null;
  timeline?: TimelineEntry[];
  /**
   * What the job is (its data does not change after it is added): written only to a new or reset
   * row, or one that lacks it, so that the search index is not rewritten on every state change.
   */
  describe?: {
    name?: string;
    data: string | null;
    opts: string | null;
    parent: string | null;
    folder: string | null;
    subject?: string | null;
  };
  /** Count this finish in the /metrics counters (once per finished attempt). */
  finished?: { state: 'completed' | 'failed'; durationMs: number | null };
}

/** A whole queue paused or resumed: its waiting jobs show as paused, and back. */
export interface QueuePauseChange {
  queue: string;
  paused: boolean;
}

const COLUMNS = {
  name: 'name',
  state: 'state',
  priority: 'priority',
  attempts: 'attempts',
  worker: 'worker',
  device: 'device',
  folder: 'folder',
  subject: 'subject',
  parent: 'parent',
  addedAt: 'added_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  durationMs: 'duration_ms',
  progress: 'progress',
  progressData: 'progress_data',
  error: 'error',
  stack: 'stack',
  data: 'data',
  result: 'result',
  opts: 'opts',
  logs: 'logs',
} as const satisfies Partial<Record<keyof JobPatch, string>>;
type Field = keyof typeof COLUMNS;
const FIELDS = Object.keys(COLUMNS) as Field[];

/** Fields a reset clears unless the patch sets them. */
const RESET_FIELDS: readonly Field[] = [
  'worker',
  'device',
  'startedAt',
  'finishedAt',
  'durationMs',
  'progress',
  'progressData',
  'error',
  'stack',
  'result',
  'logs',
];

type Params = Record<string, string | number | null>;

/** Applies a batch in one transaction, with the stream positions it reached (`kv`), if any. */
export function applyJobPatches(
  ctx: StoreContext,
  patches: readonly JobPatch[],
  pauses: readonly QueuePauseChange[] = [],
  kv: Readonly<Record<string, string>> = {},
): void {
  ctx.write(() => {
    for (const patch of patches) applyOne(ctx, patch);
    for (const change of pauses) applyPause(ctx, change);
    const setKv = ctx.stmt('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    for (const [key, value] of Object.entries(kv)) setKv.run(key, value);
  });
}

function applyOne(ctx: StoreContext, patch: JobPatch): void {
  const existing = ctx
    .stmt<{ id: number; timeline: string; described: number }>(
      'SELECT id, timeline, data IS NOT NULL AS described FROM jobs WHERE queue = ? AND job_id = ?',
    )
    .get(patch.queue, patch.jobId);
  const params: Params = { queue: patch.queue, jobId: patch.jobId, now: patch.at };
  const set: Field[] = [];
  const described = existing !== undefined && existing.described === 1 && !patch.reset;
  const values: Partial<JobPatch> = patch.describe && !described ? { ...patch.describe, ...withoutDescribe(patch) } : patch;
  for (const field of FIELDS) {
    const value = values[field];
    if (value !== undefined) {
      set.push(field);
      params[field] = value;
    } else if (patch.reset && existing && RESET_FIELDS.includes(field)) {
      set.push(field);
      params[field] = null;
    }
  }
  if (patch.reset && existing && patch.attempts === undefined) {
    set.push('attempts');
    params.attempts = 0;
  }
  const previous = existing && !patch.reset ? parseTimeline(existing.timeline) : [];
  const timeline = patch.timeline && patch.timeline.length > 0 ? capTimeline([...previous, ...patch.timeline]) : null;
  const writeTimeline = timeline !== null || (patch.reset === true && existing !== undefined);
  if (writeTimeline) params.timeline = JSON.stringify(timeline ?? []);

  if (!existing) {
    params.name ??= '';
    params.state ??= 'waiting';
    params.addedAt ??= patch.at;
    params.timeline ??= '[]';
    const fields = [...new Set<Field>([...set, 'name', 'state', 'addedAt'])].sort();
    const columns = fields.map((field) => COLUMNS[field]).join(', ');
    const values = fields.map((field) => `@${field}`).join(', ');
    ctx
      .stmt(`INSERT INTO jobs (queue, job_id, ${columns}, timeline, updated_at) VALUES (@queue, @jobId, ${values}, @timeline, @now)`)
      .run(params);
  } else {
    const assignments = [...new Set(set)]
      .sort()
      .map((field) => `${COLUMNS[field]} = @${field}`)
      .concat(writeTimeline ? ['timeline = @timeline'] : [], ['updated_at = @now']);
    ctx.stmt(`UPDATE jobs SET ${assignments.join(', ')} WHERE id = @id`).run({ ...params, id: existing.id });
  }
  if (patch.finished) countFinished(ctx, patch.queue, patch.finished.state, patch.finished.durationMs);
}

function withoutDescribe(patch: JobPatch): Partial<JobPatch> {
  const { describe: _describe, ...rest } = patch;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
}

function countFinished(ctx: StoreContext, queue: string, state: 'completed' | 'failed', durationMs: number | null): void {
  ctx
    .stmt(
      `INSERT INTO job_totals (queue, state, n, duration_sum_ms) VALUES (?, ?, 1, ?)
       ON CONFLICT(queue, state) DO UPDATE SET n = n + 1, duration_sum_ms = duration_sum_ms + excluded.duration_sum_ms`,
    )
    .run(queue, state, Math.max(0, durationMs ?? 0));
  if (state !== 'completed' || durationMs === null) return;
  const index = DURATION_BUCKETS_MS.findIndex((bound) => durationMs <= bound);
  const bucket = index < 0 ? DURATION_BUCKETS_MS.length : index;
  ctx
    .stmt('INSERT INTO job_durations (queue, bucket, n) VALUES (?, ?, 1) ON CONFLICT(queue, bucket) DO UPDATE SET n = n + 1')
    .run(queue, bucket);
}

function applyPause(ctx: StoreContext, change: QueuePauseChange): void {
  // INDEXED BY: the state index holds only the few waiting rows; the queue index holds them all.
  if (change.paused) {
    ctx
      .stmt(`UPDATE jobs INDEXED BY jobs_state SET state = 'paused' WHERE state IN ('waiting', 'prioritized') AND queue = ?`)
      .run(change.queue);
  } else {
    ctx
      .stmt(
        `UPDATE jobs INDEXED BY jobs_state SET state = CASE WHEN priority > 0 THEN 'prioritized' ELSE 'waiting' END
         WHERE state = 'paused' AND queue = ?`,
      )
      .run(change.queue);
  }
}

function parseTimeline(json: string): TimelineEntry[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as TimelineEntry[]) : [];
  } catch {
    return [];
  }
}

/** Keeps the first entry (when the job was added) and the latest ones. */
function capTimeline(entries: TimelineEntry[]): TimelineEntry[] {
  if (entries.length <= TIMELINE_MAX) return entries;
  // entries has more than TIMELINE_MAX elements, so a first one exists.
  return [entries[0]!, ...entries.slice(entries.length - (TIMELINE_MAX - 1))];
}
