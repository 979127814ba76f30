/**
 * The history recorder: every job event of every queue, written to SQLite in batches.
 *
 * Events are buffered as they are read and written every FLUSH_MS in one transaction, together with
 * the stream positions they reach, so that a restart resumes exactly where the last batch ended.
 * Per batch, each job's events fold into one patch; the jobs' facts come from one pipelined read of
 * their Redis hashes. Nothing is kept in memory between batches but a few counters: memory stays
 * flat however long the history grows.
 */
import type { Redis } from 'ioredis';
import { QUEUES } from '../../../shared/jobs';
import type { TaskState, TimelineEvent } from '../../../shared/tasks';
import { revealJsonText } from '../../../node/jobs/payload-seal';
import { childLogger } from '../../../node/logger';
import type { JobPatch, QueuePauseChange } from '../../../node/store/job-history';
import type { Store } from '../../../node/store/store';
import type { QueueSet } from '../queue-set';
import { foldJobEvents, needsDigest, type JobEvent } from './fold-events';
import { readDigests } from './job-digest';
import { StoreLookups } from './store-lookups';
import { eventsKey, StreamReader, type StreamEntry } from './stream-reader';
import { chunksOf, parseJson } from './summaries';

/** How often buffered events are written. */
export const FLUSH_MS = 250;
/** Buffered events at which the reader waits for a write (bounds memory under a burst). */
export const MAX_BUFFER = 5_000;
const RETRY_MS = 1_000;

const log = childLogger('history');

/** Cumulative counts since start, for the live series. */
export interface RecorderTotals {
  completed: number;
  failed: number;
  chunks: number;
}

interface Buffered {
  queue: string;
  jobId: string;
  event: JobEvent;
}

/** Records job events into the store's history. */
export class HistoryRecorder {
  private buffer: Buffered[] = [];
  private pauses: QueuePauseChange[] = [];
  private readonly paused = new Map<string, boolean>();
  private readonly positions = new Map<string, string>();
  private readonly folders: StoreLookups;
  private reader: StreamReader | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private writing = false;
  private readonly counts: RecorderTotals = { completed: 0, failed: 0, chunks: 0 };

  constructor(
    private readonly redis: Redis,
    private readonly store: Store,
    private readonly queues: QueueSet,
  ) {
    this.folders = new StoreLookups(store);
  }

  /** Resumes from the saved stream positions and starts reading and writing. */
  async start(): Promise<void> {
    const history = this.store.history();
    for (const queue of QUEUES) {
      this.positions.set(queue, history.getKv(`stream:${queue}`) ?? '0');
      this.paused.set(queue, await this.queues.get(queue).isPaused());
    }
    const connection = this.redis.duplicate();
    // It reconnects by itself (e.g. while the supervisor restarts redis-server): log, do not crash.
    connection.on('error', (error: Error) => log.warn({ err: error.message }, 'history stream connection error'));
    this.reader = new StreamReader(connection, new Map(this.positions), (entries) => this.accept(entries));
    this.reader.start();
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  /** Stops reading and writes what is buffered. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.reader?.stop();
    this.reader = null;
    await this.flush();
  }

  /** Finished jobs and embedded chunks recorded since start. */
  get totals(): Readonly<RecorderTotals> {
    return this.counts;
  }

  /** Adds the reconciler's reading of a job's state in Redis, as if it were an event. */
  sync(queue: string, jobId: string, state: TaskState): void {
    const paused = this.paused.get(queue) ?? false;
    this.buffer.push({ queue, jobId, event: { event: 'sync', at: Date.now(), fields: { state }, paused } });
  }

  /** Adds a timeline entry for an action taken through the API. */
  note(queue: string, jobId: string, kind: TimelineEvent, detail?: string): void {
    const fields: Record<string, string> = { kind, ...(detail ? { detail } : {}) };
    this.buffer.push({ queue, jobId, event: { event: 'note', at: Date.now(), fields, paused: false } });
  }

  /**
   * True when every event in the streams so far has been read and written: what tests (and a
   * caller that must see its own action in the list) wait for.
   */
  async caughtUp(): Promise<boolean> {
    if (this.buffer.length > 0 || this.pauses.length > 0 || this.writing) return false;
    const replies = await this.redis.pipeline(QUEUES.map((queue) => ['xrevrange', eventsKey(queue), '+', '-', 'COUNT', '1'])).exec();
    return QUEUES.every((queue, i) => {
      const entries = replies?.[i]?.[1];
      const last = Array.isArray(entries) && Array.isArray(entries[0]) ? String(entries[0][0]) : null;
      return last === null || last === this.positions.get(queue);
    });
  }

  /** Resolves once everything buffered so far is written. */
  async drain(): Promise<void> {
    await this.flush();
  }

  private async accept(entries: StreamEntry[]): Promise<void> {
    for (const entry of entries) {
      const { event, jobId } = entry.fields;
      if (event === 'paused' || event === 'resumed') {
        this.paused.set(entry.queue, event === 'paused');
        this.pauses.push({ queue: entry.queue, paused: event === 'paused' });
      } else if (event && jobId) {
        const paused = this.paused.get(entry.queue) ?? false;
        this.buffer.push({ queue: entry.queue, jobId, event: { event, at: entry.at, fields: this.revealed(entry.fields), paused } });
      }
      this.positions.set(entry.queue, entry.id);
    }
    while (this.buffer.length >= MAX_BUFFER) await this.flush();
  }

  /** An event's fields with what workers sealed (progress, failure reasons) opened for the history. */
  private revealed(fields: Record<string, string>): Record<string, string> {
    const key = this.queues.keys.payload;
    return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, revealJsonText(key, value)]));
  }

  /** Writes the buffer; runs one batch at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeBatch());
    return this.flushing;
  }

  private async writeBatch(): Promise<void> {
    if (this.buffer.length === 0 && this.pauses.length === 0) return;
    this.writing = true;
    const batch = this.buffer;
    const pauses = this.pauses;
    const kv = Object.fromEntries([...this.positions].map(([queue, id]) => [`stream:${queue}`, id]));
    this.buffer = [];
    this.pauses = [];
    try {
      const patches = await this.fold(batch);
      this.store.history().apply(patches, pauses, kv);
      this.count(patches);
    } catch (error) {
      log.error({ err: error, events: batch.length }, 'recording job events failed; will retry');
      // Put the batch back in front (order matters), then wait: the store may be busy.
      this.buffer = [...batch, ...this.buffer];
      this.pauses = [...pauses, ...this.pauses];
      await new Promise((done) => setTimeout(done, RETRY_MS));
    } finally {
      this.writing = false;
    }
  }

  private async fold(batch: Buffered[]): Promise<JobPatch[]> {
    const byJob = new Map<string, { queue: string; jobId: string; events: JobEvent[] }>();
    for (const { queue, jobId, event } of batch) {
      const key = `${queue}:${jobId}`;
      const entry = byJob.get(key) ?? { queue, jobId, events: [] };
      entry.events.push(event);
      byJob.set(key, entry);
    }
    const jobs = [...byJob.values()];
    const wanted = jobs.filter((job) => needsDigest(job.events));
    const digests = await readDigests(this.redis, wanted, this.queues.keys.payload);
    const digestOf = new Map(wanted.map((job, i) => [`${job.queue}:${job.jobId}`, digests[i] ?? null]));
    const { folderOf, pathOf } = this.folders;
    return jobs.map((job) =>
      foldJobEvents(job.queue, job.jobId, job.events, digestOf.get(`${job.queue}:${job.jobId}`) ?? null, folderOf, pathOf),
    );
  }

  private count(patches: readonly JobPatch[]): void {
    for (const patch of patches) {
      if (patch.finished?.state === 'completed') {
        this.counts.completed += 1;
        this.counts.chunks += chunksOf(patch.queue, parseJson(patch.result ?? null));
      } else if (patch.finished?.state === 'failed') {
        this.counts.failed += 1;
      }
    }
  }
}
