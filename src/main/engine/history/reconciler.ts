/**
 * Keeps the history true to Redis where events were missed: a stream trimmed while the supervisor
 * was down, jobs that existed before the history did, a job that vanished without a final event.
 *
 * At start it records every job Redis holds that the history lacks; then, every CHECK_MS, it asks
 * Redis about pending records that have not changed for a while. Its findings go through the
 * recorder like events, so that writes stay in one ordered path.
 */
import { QUEUES, type QueueName } from '../../../shared/jobs';
import { PENDING_TASK_STATES, type TaskState } from '../../../shared/tasks';
import { childLogger } from '../../../node/logger';
import type { Store } from '../../../node/store/store';
import type { QueueSet } from '../queue-set';
import type { HistoryRecorder } from './recorder';

/** How often pending records are checked. */
export const CHECK_MS = 30_000;
/** A pending record unchanged for this long is checked against Redis. */
export const STALE_AFTER_MS = 60_000;
/** Records checked per round. */
const CHECK_BATCH = 200;
/** Ids read per page while backfilling. */
const PAGE = 500;

const log = childLogger('history');

/** BullMQ's states, as the history names them. */
const REDIS_STATES: Record<string, TaskState> = {
  wait: 'waiting',
  waiting: 'waiting',
  paused: 'paused',
  prioritized: 'prioritized',
  delayed: 'delayed',
  active: 'active',
  completed: 'completed',
  failed: 'failed',
  'waiting-children': 'waiting-children',
};

/** Backfills at start and checks stale records periodically. */
export class HistoryReconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly queues: QueueSet,
    private readonly recorder: HistoryRecorder,
  ) {}

  /** Starts the backfill in the background and the periodic check. */
  start(): void {
    this.running = this.backfill().then(
      () => undefined,
      (error: unknown) => log.warn({ err: error }, 'history backfill failed'),
    );
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.checkStale())
        .then(
          () => undefined,
          (error: unknown) => log.warn({ err: error }, 'history check failed'),
        );
    }, CHECK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Records every job in Redis that the history does not have yet. */
  async backfill(): Promise<number> {
    const history = this.store.history();
    let added = 0;
    for (const queue of QUEUES) {
      for (const type of ['active', 'wait', 'prioritized', 'delayed', 'waiting-children', 'failed', 'completed'] as const) {
        for (let start = 0; !this.stopped; start += PAGE) {
          const ids = await this.queues.get(queue).getRanges([type], start, start + PAGE - 1, true);
          for (const id of history.unrecorded(queue, ids)) {
            this.recorder.sync(queue, id, REDIS_STATES[type] ?? 'unknown');
            added += 1;
          }
          if (ids.length < PAGE) break;
        }
      }
    }
    if (added > 0) {
      await this.recorder.drain();
      log.info({ added }, 'recorded jobs the history did not have');
    }
    return added;
  }

  /** Asks Redis about pending records unchanged for STALE_AFTER_MS; returns how many changed. */
  async checkStale(now = Date.now()): Promise<number> {
    const stale = this.store.history().stale(PENDING_TASK_STATES, now - STALE_AFTER_MS, CHECK_BATCH);
    let changed = 0;
    for (const record of stale) {
      if (this.stopped) break;
      const state = await this.queues.get(record.queue as QueueName).getJobState(record.id);
      const mapped = REDIS_STATES[state] ?? 'unknown';
      // Unchanged records are synced too: that moves their `updated_at`, so the next round
      // checks others.
      if (mapped !== record.state) changed += 1;
      this.recorder.sync(record.queue, record.id, mapped);
    }
    if (stale.length > 0) await this.recorder.drain();
    return changed;
  }
}
