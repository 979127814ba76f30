/**
 * The tasks API's reads: pages of the list (from the history) and one job's detail (from Redis
 * while the job is there, merged with its recorded timeline; from the history after).
 */
import { jobSubject } from '../history/job-subject';
import type { Job } from 'bullmq';
import type { ApiParsedInput } from '../../../shared/api';
import { SemantikError } from '../../../shared/errors';
import { gpuMemoryOf } from '../../../shared/task-gpu-memory';
import { mergeTaskFilters, parseTaskQuery, type TaskFilter } from '../../../shared/task-query';
import {
  attemptsFromTimeline,
  TASK_STATES,
  type TaskDetail,
  type TaskState,
  type TaskRow,
  type TasksPage,
  type TimelineEntry,
} from '../../../shared/tasks';
import type { JobRecord } from '../../../node/store/job-history';
import type { Store } from '../../../node/store/store';
import type { HistoryReader } from '../history/history-reader';
import { refOfJobKey } from '../history/job-digest';
import { dataFacts, deviceOf, parseJson, progressPercent, summarizeValue } from '../history/summaries';
import { reveal } from '../../../node/jobs/payload-seal';
import type { QueueSet } from '../queue-set';
import { liveJob, liveState, resolveTask, type TaskKey } from './task-lookup';

/** Data and results up to this size are shown whole in the detail view; larger ones summarised. */
const FULL_VALUE_MAX = 4 * 1024;
const LOG_LINES = 200;

/** Parses the query and state list of a call into one filter; BAD_INPUT lists what is wrong. */
export function taskFilterOf(q: string, states: readonly string[] | undefined, now = Date.now()): TaskFilter {
  const parsed = parseTaskQuery(q, now);
  if (parsed.errors.length > 0) throw new SemantikError('BAD_INPUT', `Invalid query: ${parsed.errors.join('; ')}`);
  return states ? mergeTaskFilters(parsed.filter, { states: states as TaskFilter['states'] }) : parsed.filter;
}

/**
 * One page of the tasks list, with counts per state that agree with it.
 *
 * Read in the history thread: over a million records the query can take a second, which on this
 * thread would freeze the desktop window.
 */
export async function listTasks(reader: HistoryReader, input: ApiParsedInput<'tasks:list'>): Promise<TasksPage> {
  const started = performance.now();
  const filter = taskFilterOf(input.q, input.state);
  const { counts, tasks } = await reader.page(filter, input.sort, input.limit, input.offset);
  const states: readonly TaskState[] = filter.states ?? TASK_STATES;
  const total = states.reduce((sum, state) => sum + counts[state], 0);
  return {
    total,
    counts,
    tasks,
    limit: input.limit,
    offset: input.offset,
    sort: input.sort,
    tookMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

function shown(value: unknown): unknown {
  const text = JSON.stringify(value ?? null);
  return text.length <= FULL_VALUE_MAX ? value : summarizeValue(value);
}

function rowOfJob(key: TaskKey, job: Job): TaskRow {
  const result: unknown = job.returnvalue;
  const startedAt = job.processedOn ?? null;
  const finishedAt = job.finishedOn ?? null;
  return {
    ref: `${key.queue}:${key.id}`,
    queue: key.queue,
    id: key.id,
    name: job.name,
    state: 'unknown',
    priority: job.priority ?? 0,
    attempts: job.attemptsMade,
    workerId: job.processedBy ?? null,
    device: deviceOf(result),
    folder: dataFacts(job.data).folder,
    // A job too new for the history: named without a store lookup (an extract job by its file count).
    subject: jobSubject(key.queue, job.data, result, () => null),
    parent: refOfJobKey(job.parentKey ?? null),
    addedAt: job.timestamp,
    startedAt,
    finishedAt,
    durationMs: startedAt !== null && finishedAt !== null ? finishedAt - startedAt : null,
    progress: progressPercent(job.progress),
    error: job.failedReason || null,
    gpuBeforeMiB: gpuMemoryOf(result)?.beforeMiB ?? null,
    gpuAfterMiB: gpuMemoryOf(result)?.afterMiB ?? null,
  };
}

/** A timeline for a job the history has not recorded yet (seconds old): from its timestamps. */
function timelineOfJob(job: Job): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ at: job.timestamp, event: 'added' }];
  if (job.processedOn) entries.push({ at: job.processedOn, event: 'active', ...(job.processedBy ? { worker: job.processedBy } : {}) });
  if (job.finishedOn) entries.push({ at: job.finishedOn, event: job.failedReason ? 'failed' : 'completed' });
  return entries;
}

/** Everything about one job. */
export async function taskDetail(store: Store, queues: QueueSet, input: ApiParsedInput<'tasks:get'>): Promise<TaskDetail> {
  const key = await resolveTask(store, queues, input);
  const record: JobRecord | null = store.history().get(key.queue, key.id);
  const job = await liveJob(queues, key);
  if (!record && !job) throw new SemantikError('NOT_FOUND', `No job ${key.id} in queue ${key.queue} or in the history`);
  const ref = `${key.queue}:${key.id}`;
  const children = store
    .history()
    .children(ref)
    .map(({ ref: child, name, state }) => ({ ref: child, name, state }));
  if (job) {
    // What workers sealed in Redis (paths, texts, failure reasons) is shown opened, as before.
    const open = <T>(value: T): T => reveal(queues.keys.payload, value) as T;
    const row = open({ ...rowOfJob(key, job), state: await liveState(queues, key, job) });
    if (row.state === 'completed') row.progress = 100;
    // Embed and ingest jobs name only their run: the recorder resolved its folder.
    if (record?.folder) row.folder = record.folder;
    // The recorder looked the batch's first file up in the store; the live job names only its count.
    if (record?.subject) row.subject = record.subject;
    const logs = await queues.get(key.queue).getJobLogs(key.id, 0, LOG_LINES - 1, false);
    const timeline = record?.timeline.length ? record.timeline : timelineOfJob(job);
    return {
      ...row,
      data: shown(open(job.data)),
      options: summarizeValue(job.opts),
      progressData: open(job.progress ?? null),
      result: shown(open(job.returnvalue ?? null)),
      error: open(job.failedReason || null),
      stack: open(job.stacktrace?.length ? (job.stacktrace[job.stacktrace.length - 1] ?? null) : null),
      timeline,
      attemptsList: attemptsFromTimeline(timeline),
      logs: open([...logs.logs].reverse()),
      children,
      live: true,
    };
  }
  // The history has it (checked above): Redis has forgotten the job.
  const { data, result, opts, progressData, stack, logs, timeline, ...row } = record!;
  return {
    ...row,
    data: parseJson(data),
    options: parseJson(opts),
    progressData: parseJson(progressData),
    result: parseJson(result),
    stack,
    timeline,
    attemptsList: attemptsFromTimeline(timeline),
    logs,
    children,
    live: false,
  };
}
