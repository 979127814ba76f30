/**
 * Folds one job's events of a batch (in stream order) and its digest (read after them) into one
 * history patch: the last event decides the state, the digest fills in the facts (worker,
 * timestamps, attempts, data and result summaries), the events add timeline entries.
 */
import type { TaskState, TimelineEntry } from '../../../shared/tasks';
import type { JobPatch } from '../../../node/store/job-history';
import { refOfJobKey, type JobDigest } from './job-digest';
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

/** Builds the patch; `digest` is null when the job has left Redis already. */
export function foldJobEvents(
  queue: string,
  jobId: string,
  events: readonly JobEvent[],
  digest: JobDigest | null,
  folderOfRun: FolderOfRun,
): JobPatch {
  const last = events[events.length - 1];
  const patch: JobPatch = { queue, jobId, at: last?.at ?? Date.now() };
  const timeline: TimelineEntry[] = [];
  const added = events.some((one) => one.event === 'added');
  const waitingState = (paused: boolean): TaskState => (paused ? 'paused' : (digest?.priority ?? 0) > 0 ? 'prioritized' : 'waiting');
  const failure = digest?.failedReason ?? undefined;

  for (const one of events) {
    const { event, at, fields } = one;
    switch (event) {
      case 'added':
        patch.reset = true;
        patch.state = waitingState(one.paused);
        patch.name = fields.name ?? digest?.name ?? '';
        timeline.length = 0;
        timeline.push({ at, event: 'added' });
        break;
      case 'waiting':
        patch.state = waitingState(one.paused);
        if (fields.prev === 'failed') {
          patch.finishedAt = null;
          timeline.push({ at, event: 'retried', detail: 'retried after failing' });
        } else if (fields.prev === 'active') {
          timeline.push({ at, event: 'retrying', attempt: digest?.attemptsMade, ...(failure ? { detail: failure } : {}) });
        } else if (fields.prev === 'delayed' || fields.prev === 'waiting-children') {
          timeline.push({ at, event: 'waiting' });
        }
        break;
      case 'delayed': {
        patch.state = 'delayed';
        const until = Number(fields.delay);
        const retry = !added && (digest?.attemptsMade ?? 0) > 0;
        timeline.push(
          retry
            ? { at, event: 'retrying', attempt: digest?.attemptsMade, ...(failure ? { detail: failure } : {}) }
            : { at, event: 'delayed', ...(Number.isFinite(until) ? { detail: `until ${new Date(until).toISOString()}` } : {}) },
        );
        break;
      }
      case 'waiting-children':
        patch.state = 'waiting-children';
        break;
      case 'active':
        patch.state = 'active';
        patch.startedAt = at;
        patch.finishedAt = null;
        patch.durationMs = null;
        timeline.push({
          at,
          event: 'active',
          ...(digest?.attemptsStarted ? { attempt: digest.attemptsStarted } : {}),
          ...(digest?.processedBy ? { worker: digest.processedBy } : {}),
        });
        break;
      case 'progress': {
        const progress = parseJson(fields.data ?? null);
        patch.progress = progressPercent(progress);
        patch.progressData = progressJson(progress);
        break;
      }
      case 'completed':
      case 'failed':
        finish(patch, one, digest, timeline);
        break;
      case 'stalled':
        timeline.push({ at, event: 'stalled', detail: 'the worker stopped renewing its lock; the job goes back to the queue' });
        break;
      case 'removed':
        if (FINAL.has(fields.prev ?? '')) {
          timeline.push({ at, event: 'removed', detail: 'removed from Redis' });
        } else {
          patch.state = 'cancelled';
          patch.finishedAt = at;
          timeline.push({ at, event: 'cancelled' });
        }
        break;
      case 'note':
        // An action taken through the API (promoted, abort requested): the timeline says who did what.
        timeline.push({ at, event: fields.kind as TimelineEntry['event'], ...(fields.detail ? { detail: fields.detail } : {}) });
        break;
      case 'sync':
        // The reconciler's reading of Redis: the state it found stands.
        if (fields.state === 'completed' || fields.state === 'failed') finish(patch, { ...one, event: fields.state }, digest, timeline);
        else if (fields.state === 'waiting' || fields.state === 'prioritized' || fields.state === 'paused')
          patch.state = waitingState(one.paused);
        else patch.state = (fields.state as TaskState | undefined) ?? 'unknown';
        break;
      default:
        break;
    }
  }
  if (digest) applyDigest(patch, digest, added, folderOfRun);
  if (timeline.length > 0) patch.timeline = timeline;
  return patch;
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

function applyDigest(patch: JobPatch, digest: JobDigest, added: boolean, folderOfRun: FolderOfRun): void {
  patch.attempts = digest.attemptsMade;
  patch.priority = digest.priority;
  if (digest.processedBy) patch.worker = digest.processedBy;
  if (digest.timestamp !== null) patch.addedAt = digest.timestamp;
  if (digest.processedOn !== null && patch.state === 'active') patch.startedAt = digest.processedOn;
  if (digest.processedOn !== null && (patch.state === 'completed' || patch.state === 'failed')) patch.startedAt = digest.processedOn;
  if (digest.logs.length > 0) patch.logs = JSON.stringify(digest.logs);
  // Written only where the record lacks it (see JobPatch.describe): the folder lookup is cached.
  const facts = dataFacts(parseJson(digest.data));
  patch.describe = {
    ...(digest.name && !added ? { name: digest.name } : {}),
    data: summarizeJson(digest.data),
    opts: summarizeJson(digest.opts),
    parent: refOfJobKey(digest.parentKey),
    folder: facts.folder ?? (facts.runId !== null ? folderOfRun(facts.runId) : null),
  };
}
