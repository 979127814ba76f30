/**
 * Tasks: every job of every queue as the monitor lists it, from the durable history (SQLite) and,
 * while a job is still in Redis, from Redis.
 *
 * Plain data only, so that it crosses IPC, WebSocket and HTTP unchanged.
 */

/** Every state a recorded job can be in; `cancelled` was removed before it ran, `unknown` was lost. */
export const TASK_STATES = [
  'waiting',
  'prioritized',
  'delayed',
  'waiting-children',
  'active',
  'completed',
  'failed',
  'paused',
  'cancelled',
  'unknown',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** States in which a job is still to run or running (the rest are final). */
export const PENDING_TASK_STATES: readonly TaskState[] = ['waiting', 'prioritized', 'delayed', 'waiting-children', 'active', 'paused'];

/** Columns the tasks list can be sorted by; a leading `-` in the sort string means descending. */
export const TASK_SORT_FIELDS = [
  'addedAt',
  'startedAt',
  'finishedAt',
  'duration',
  'name',
  'state',
  'queue',
  'attempts',
  'worker',
  'device',
  'folder',
  'progress',
] as const;
export type TaskSortField = (typeof TASK_SORT_FIELDS)[number];

/** One row of the tasks list. `ref` (`queue:id`) names the job across queues (ids may repeat). */
export interface TaskRow {
  ref: string;
  queue: string;
  id: string;
  name: string;
  state: TaskState;
  priority: number;
  attempts: number;
  workerId: string | null;
  device: string | null;
  folder: string | null;
  /** What it works on, in words: a file and how many more, a chunk count (null where nothing says). */
  subject: string | null;
  /** The parent job's ref (an embed job's ingest job), or null. */
  parent: string | null;
  addedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  /** Percent done, when the job reports progress. */
  progress: number | null;
  /** The last error's message (first line), or null. */
  error: string | null;
  /** An embed task's device memory before and after it, in MiB (null off a GPU or not measured). */
  gpuBeforeMiB: number | null;
  gpuAfterMiB: number | null;
}

/** What happened to a job, in order: the detail view's timeline. */
export interface TimelineEntry {
  at: number;
  event: TimelineEvent;
  attempt?: number;
  worker?: string;
  detail?: string;
}

export type TimelineEvent =
  | 'added'
  | 'waiting'
  | 'delayed'
  | 'waiting-children'
  | 'active'
  | 'completed'
  | 'failed'
  | 'retrying'
  | 'stalled'
  | 'retried'
  | 'promoted'
  | 'cancelled'
  | 'abort-requested'
  | 'removed';

/** One attempt to run a job, derived from its timeline. */
export interface TaskAttempt {
  attempt: number;
  startedAt: number;
  endedAt: number | null;
  worker: string | null;
  outcome: 'running' | 'completed' | 'failed' | 'stalled';
  error: string | null;
}

/** A job's child in a flow (an ingest job's embed jobs). */
export interface TaskChild {
  ref: string;
  name: string;
  state: TaskState;
}

/** Everything about one job: the detail view. */
export interface TaskDetail extends TaskRow {
  data: unknown;
  options: unknown;
  progressData: unknown;
  result: unknown;
  stack: string | null;
  timeline: TimelineEntry[];
  attemptsList: TaskAttempt[];
  logs: string[];
  children: TaskChild[];
  /** True while the job is still in Redis (actions are possible); false when only history has it. */
  live: boolean;
}

/** One page of the tasks list with the counts per state under the same filter. */
export interface TasksPage {
  /** Rows matching the filter, all pages (agrees with the sum of `counts` over the listed states). */
  total: number;
  /** Rows per state matching every filter but the state one. */
  counts: Record<TaskState, number>;
  tasks: TaskRow[];
  limit: number;
  offset: number;
  sort: string;
  /** Server time the query took, for the monitor's footer and the benchmark. */
  tookMs: number;
}

/** What an action on one job did. */
export interface TaskActionResult {
  ref: string;
  /** The job's state after the action, as Redis reports it. */
  state: string;
  message: string;
}

/** Actions that can be applied to a filtered selection of jobs. */
export const BULK_ACTIONS = ['retry', 'cancel', 'abort', 'promote', 'priority'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** The states an action applies to; bulk actions skip jobs in other states. */
export const ACTION_STATES: Record<BulkAction, readonly TaskState[]> = {
  retry: ['failed'],
  cancel: ['waiting', 'prioritized', 'delayed', 'paused', 'waiting-children'],
  abort: ['active'],
  promote: ['delayed'],
  priority: ['waiting', 'prioritized', 'paused', 'delayed'],
};

/** The outcome of a bulk action. */
export interface BulkResult {
  action: BulkAction;
  matched: number;
  done: number;
  skipped: number;
  /** The first few failures, with reasons. */
  errors: Array<{ ref: string; message: string }>;
}

/** Splits a ref `queue:id` (the queue never contains a colon; the id may). */
export function splitTaskRef(ref: string): { queue: string; id: string } | null {
  const at = ref.indexOf(':');
  if (at <= 0 || at === ref.length - 1) return null;
  return { queue: ref.slice(0, at), id: ref.slice(at + 1) };
}

/** Derives the attempts of a job from its timeline: each `active` starts one. */
export function attemptsFromTimeline(timeline: readonly TimelineEntry[]): TaskAttempt[] {
  const attempts: TaskAttempt[] = [];
  let current: TaskAttempt | null = null;
  const end = (outcome: TaskAttempt['outcome'], at: number, error: string | null): void => {
    if (!current) return;
    current.outcome = outcome;
    current.endedAt = at;
    current.error = error;
    current = null;
  };
  for (const entry of timeline) {
    switch (entry.event) {
      case 'active':
        end('stalled', entry.at, null);
        current = {
          attempt: attempts.length + 1,
          startedAt: entry.at,
          endedAt: null,
          worker: entry.worker ?? null,
          outcome: 'running',
          error: null,
        };
        attempts.push(current);
        break;
      case 'completed':
        end('completed', entry.at, null);
        break;
      case 'failed':
      case 'retrying':
        end('failed', entry.at, entry.detail ?? null);
        break;
      case 'stalled':
        end('stalled', entry.at, entry.detail ?? null);
        break;
      default:
        break;
    }
  }
  return attempts;
}
