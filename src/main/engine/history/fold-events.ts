/**
 * Folds one job's events of a batch (in stream order) and its digest (read after them) into one
 * history patch: the last event decides the state, the digest fills in the facts (worker,
 * timestamps, attempts, data and result summaries), the events add timeline entries.
 */
import type { TaskState, TimelineEntry } from '../../../shared/tasks';
import type { JobPatch } from '../../../node/store/job-history';
import { refOfJobKey, type JobDigest } from './job-digest';
import { jobSubject, type PathOfDoc } from './job-subject';
import { dataFacts, deviceOf, parseJson, progressJson, progressPercent, summarizeJson } from './summaries';

/** One entry of a queue's event stream, with the queue's pause state when it was read. */
export interface JobEvent {
  event: string;
  at: number;
  fields: Record<string, string>;
  paused: boolean;
}

/** Whether the fold needs the job's digest from Redis (most events do). */
export function needsDigest(events: readonly JobEvent[]): boolean {
  return events.some((one) => one.event !== 'progress' && one.event !== 'stalled' && one.event !== 'removed' && one.event !== 'note');
}

/** Maps `runId` to its folder (embed and ingest jobs name only their run). */
export type FolderOfRun = (runId: number) => string | null;

const FINAL: ReadonlySet<string> = new Set(['completed', 'failed']);

/** What folding one job's events builds, and what each event reads besides itself. */
interface Fold {
  patch: JobPatch;
  timeline: TimelineEntry[];
  digest: JobDigest | null;
  /** Whether the batch holds the job's `added` event. */
  added: boolean;
  /** The digest's failure reason, the detail of a retry. */
  failure: string | undefined;
}

/** Builds the patch; `digest` is null when the job has left Redis already. */
export function foldJobEvents(
  queue: string,
  jobId: string,
  events: readonly JobEvent[],
  digest: JobDigest | null,
  folderOfRun: FolderOfRun,
  pathOfDoc: PathOfDoc = () => null,
): JobPatch {
  const last = events[events.length - 1];
  const fold: Fold = {
    patch: { queue, jobId, at: last?.at ?? Date.now() },
    timeline: [],
    digest,
    added: events.some((one) => one.event === 'added'),
    failure: digest?.failedReason ?? undefined,
  };
  for (const one of events) foldEvent(fold, one);
  const { patch, timeline } = fold;
  if (digest) applyDigest(patch, digest, fold.added, folderOfRun, pathOfDoc);
  // An embed batch's subject is its chunk count, known from its result once it is done.
  if (queue === 'embed' && patch.result !== undefined) patch.subject = jobSubject(queue, null, parseJson(patch.result), pathOfDoc);
  if (timeline.length > 0) patch.timeline = timeline;
  return patch;
}

/** Applies one event to the patch and the timeline. */
function foldEvent(fold: Fold, one: JobEvent): void {
  const { patch, timeline } = fold;
  const { event, at, fields } = one;
  switch (event) {
    case 'added':
      foldAdded(fold, one);
      break;
    case 'waiting':
      foldWaiting(fold, one);
      break;
    case 'delayed':
      foldDelayed(fold, one);
      break;
    case 'waiting-children':
      patch.state = 'waiting-children';
      break;
    case 'active':
      foldActive(fold, at);
      break;
    case 'progress': {
      const progress = parseJson(fields.data ?? null);
      patch.progress = progressPercent(progress);
      patch.progressData = progressJson(progress);
      break;
    }
    case 'completed':
    case 'failed':
      finish(patch, one, fold.digest, timeline);
      break;
    case 'stalled':
      timeline.push({ at, event: 'stalled', detail: 'the worker stopped renewing its lock; the job goes back to the queue' });
      break;
    case 'removed':
      foldRemoved(fold, one);
      break;
    case 'note':
      // An action taken through the API (promoted, abort requested): the timeline says who did what.
      timeline.push({ at, event: fields.kind as TimelineEntry['event'], ...(fields.detail ? { detail: fields.detail } : {}) });
      break;
    case 'sync':
      foldSync(fold, one);
      break;
    default:
      break;
  }
}

/** The state of a job that waits: paused with its queue, prioritized, or plain waiting. */
function waitingState(fold: Fold, paused: boolean): TaskState {
  return paused ? 'paused' : (fold.digest?.priority ?? 0) > 0 ? 'prioritized' : 'waiting';
}

/** The timeline entry of a failed attempt that will be tried again. */
function retryingEntry(fold: Fold, at: number): TimelineEntry {
  return { at, event: 'retrying', attempt: fold.digest?.attemptsMade, ...(fold.failure ? { detail: fold.failure } : {}) };
}

/** A job added (or added again under its id): the record starts over. */
function foldAdded(fold: Fold, one: JobEvent): void {
  const { patch, timeline } = fold;
  patch.reset = true;
  patch.state = waitingState(fold, one.paused);
  patch.name = one.fields.name ?? fold.digest?.name ?? '';
  timeline.length = 0;
  timeline.push({ at: one.at, event: 'added' });
}

/** A job back to waiting: retried after failing, retrying after an attempt, or out of a delay or its children's wait. */
function foldWaiting(fold: Fold, one: JobEvent): void {
  const { patch, timeline } = fold;
  const { at, fields } = one;
  patch.state = waitingState(fold, one.paused);
  if (fields.prev === 'failed') {
    patch.finishedAt = null;
    timeline.push({ at, event: 'retried', detail: 'retried after failing' });
  } else if (fields.prev === 'active') {
    timeline.push(retryingEntry(fold, at));
  } else if (fields.prev === 'delayed' || fields.prev === 'waiting-children') {
    timeline.push({ at, event: 'waiting' });
  }
}

/** A delayed job: a retry's backoff, or a delay it was added with. */
function foldDelayed(fold: Fold, one: JobEvent): void {
  const { at, fields } = one;
  fold.patch.state = 'delayed';
  const until = Number(fields.delay);
  const retry = !fold.added && (fold.digest?.attemptsMade ?? 0) > 0;
  fold.timeline.push(
    retry
      ? retryingEntry(fold, at)
      : { at, event: 'delayed', ...(Number.isFinite(until) ? { detail: `until ${new Date(until).toISOString()}` } : {}) },
  );
}

/** A job a worker started: a new attempt, not finished yet. */
function foldActive(fold: Fold, at: number): void {
  const { patch, digest } = fold;
  patch.state = 'active';
  patch.startedAt = at;
  patch.finishedAt = null;
  patch.durationMs = null;
  fold.timeline.push({
    at,
    event: 'active',
    ...(digest?.attemptsStarted ? { attempt: digest.attemptsStarted } : {}),
    ...(digest?.processedBy ? { worker: digest.processedBy } : {}),
  });
}

/** A job removed from Redis: a finished one keeps its state; any other was cancelled. */
function foldRemoved(fold: Fold, one: JobEvent): void {
  const { patch, timeline } = fold;
  const { at, fields } = one;
  if (FINAL.has(fields.prev ?? '')) {
    timeline.push({ at, event: 'removed', detail: 'removed from Redis' });
  } else {
    patch.state = 'cancelled';
    patch.finishedAt = at;
    timeline.push({ at, event: 'cancelled' });
  }
}

/** The reconciler's reading of Redis: the state it found stands. */
function foldSync(fold: Fold, one: JobEvent): void {
  const { patch } = fold;
  const { fields } = one;
  if (fields.state === 'completed' || fields.state === 'failed') finish(patch, { ...one, event: fields.state }, fold.digest, fold.timeline);
  else if (fields.state === 'waiting' || fields.state === 'prioritized' || fields.state === 'paused')
    patch.state = waitingState(fold, one.paused);
  else patch.state = (fields.state as TaskState | undefined) ?? 'unknown';
}

function finish(patch: JobPatch, one: JobEvent, digest: JobDigest | null, timeline: TimelineEntry[]): void {
  const completed = one.event === 'completed';
  patch.state = completed ? 'completed' : 'failed';
  const finishedAt = digest?.finishedOn ?? one.at;
  patch.finishedAt = finishedAt;
  const startedAt = digest?.processedOn ?? patch.startedAt ?? null;
  patch.durationMs = startedAt !== null && startedAt !== undefined ? Math.max(0, finishedAt - startedAt) : null;
  patch.progress = completed ? 100 : (patch.progress ?? undefined);
  if (completed) {
    patch.error = null;
    patch.stack = null;
    // The digest's result is already shrunk in Redis; the event's is the raw value (a fallback
    // for a job removed on completion before the digest was read).
    const result = summarizeJson(digest?.returnvalue ?? one.fields.returnvalue ?? null);
    patch.result = result;
    patch.device = deviceOf(parseJson(result));
  } else {
    patch.error = (one.fields.failedReason ?? digest?.failedReason ?? 'failed').slice(0, 4_000);
    patch.stack = digest?.stack ?? null;
  }
  patch.finished = { state: completed ? 'completed' : 'failed', durationMs: patch.durationMs };
  timeline.push({
    at: finishedAt,
    event: completed ? 'completed' : 'failed',
    ...(digest?.attemptsMade ? { attempt: digest.attemptsMade } : {}),
    ...(digest?.processedBy ? { worker: digest.processedBy } : {}),
    ...(completed ? {} : { detail: patch.error ?? undefined }),
  });
}

function applyDigest(patch: JobPatch, digest: JobDigest, added: boolean, folderOfRun: FolderOfRun, pathOfDoc: PathOfDoc): void {
  patch.attempts = digest.attemptsMade;
  patch.priority = digest.priority;
  if (digest.processedBy) patch.worker = digest.processedBy;
  if (digest.timestamp !== null) patch.addedAt = digest.timestamp;
  if (digest.processedOn !== null && patch.state === 'active') patch.startedAt = digest.processedOn;
  if (digest.processedOn !== null && (patch.state === 'completed' || patch.state === 'failed')) patch.startedAt = digest.processedOn;
  if (digest.logs.length > 0) patch.logs = JSON.stringify(digest.logs);
  // Written only where the record lacks it (see JobPatch.describe): the folder lookup is cached.
  const data = parseJson(digest.data);
  const facts = dataFacts(data);
  patch.describe = {
    subject: patch.queue === 'embed' ? null : jobSubject(patch.queue, data, null, pathOfDoc),
    ...(digest.name && !added ? { name: digest.name } : {}),
    data: summarizeJson(digest.data),
    opts: summarizeJson(digest.opts),
    parent: refOfJobKey(digest.parentKey),
    folder: facts.folder ?? (facts.runId !== null ? folderOfRun(facts.runId) : null),
  };
}
