/**
 * Messages between the supervisor and its history-read thread (see history-reader.ts).
 *
 * Both sides are this app's own code in one process, so requests are typed, not validated; replies
 * get a structural check (isHistoryReadReply) before their id is trusted.
 */
import type { SerializedError } from '../../../shared/errors';
import type { TaskFilter } from '../../../shared/task-query';
import type { TaskRow, TaskState } from '../../../shared/tasks';
import type { JobHistory } from '../../../node/store/job-history';

/** What the thread is started with. */
export interface HistoryThreadData {
  /** The SQLite file; the thread opens it read-only. */
  dbPath: string;
}

/** One page of the tasks list and the counts per state under the same filter. */
export interface HistoryPage {
  counts: Record<TaskState, number>;
  tasks: TaskRow[];
}

/** A job a bulk action applies to. */
export type SelectedJob = ReturnType<JobHistory['select']>[number];

/** Each read the thread serves: its arguments and its result. */
export interface HistoryReads {
  page: { args: { filter: TaskFilter; sort: string; limit: number; offset: number }; result: HistoryPage };
  select: { args: { filter: TaskFilter; limit: number }; result: SelectedJob[] };
}

export type HistoryReadKind = keyof HistoryReads;

/** A read request; `id` matches it to its reply. */
export type HistoryReadRequest = { [K in HistoryReadKind]: { type: K; id: number; args: HistoryReads[K]['args'] } }[HistoryReadKind];

/** Supervisor → thread: a read, or "close the store and end". */
export type ToHistoryThread = HistoryReadRequest | { type: 'close' };

/** Thread → supervisor: the result of one request, or its error as data. */
export type HistoryReadReply =
  { id: number; ok: true; value: HistoryReads[HistoryReadKind]['result'] } | { id: number; ok: false; error: SerializedError };

/** True when `message` has the shape of a reply (the value's shape is the request's, by id). */
export function isHistoryReadReply(message: unknown): message is HistoryReadReply {
  if (typeof message !== 'object' || message === null) return false;
  const reply = message as Record<string, unknown>;
  if (typeof reply.id !== 'number') return false;
  if (reply.ok === true) return 'value' in reply;
  if (reply.ok !== false || typeof reply.error !== 'object' || reply.error === null) return false;
  const error = reply.error as Record<string, unknown>;
  return typeof error.message === 'string' && typeof error.code === 'string';
}
