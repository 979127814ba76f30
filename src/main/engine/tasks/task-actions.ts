/**
 * Actions on jobs: retry, cancel, promote, change priority, abort; and each of them over a filtered
 * selection. Every action checks the job's live state in Redis (the history may lag a moment).
 */
import type { Redis } from 'ioredis';
import type { ApiParsedInput } from '../../../shared/api';
import { SemantikError } from '../../../shared/errors';
import type { QueueName } from '../../../shared/jobs';
import { mergeTaskFilters } from '../../../shared/task-query';
import { ACTION_STATES, type BulkAction, type BulkResult, type TaskActionResult } from '../../../shared/tasks';
import { abortKey } from '../../../node/job-abort';
import type { Store } from '../../../node/store/store';
import type { HistoryReader } from '../history/history-reader';
import type { HistoryRecorder } from '../history/recorder';
import type { QueueSet } from '../queue-set';
import type { AbortService } from './task-abort';
import { taskFilterOf } from './task-read';
import { jobForAction, liveState, resolveTask, type TaskKey } from './task-lookup';

/** Failures listed in a bulk result (the rest are counted). */
const BULK_ERRORS_SHOWN = 20;

export interface ActionDeps {
  redis: Redis;
  store: Store;
  queues: QueueSet;
  /** Selections run in the history thread: with a search term they may read the whole history. */
  reader: HistoryReader;
  recorder: HistoryRecorder;
  aborts: AbortService;
}

/** Runs actions on jobs. */
export class TaskActions {
  constructor(private readonly deps: ActionDeps) {}

  /** One action on one job; `priority` is needed for the priority action. */
  async run(action: BulkAction, input: { queue?: QueueName | undefined; id: string }, priority?: number): Promise<TaskActionResult> {
    const key = await resolveTask(this.deps.store, this.deps.queues, input);
    return this.onKey(action, key, priority);
  }

  /** The action over every job the query selects (in the states the action applies to). */
  async bulk(input: ApiParsedInput<'tasks:bulk'>): Promise<BulkResult> {
    const filter = mergeTaskFilters(taskFilterOf(input.q, input.state), { states: [...ACTION_STATES[input.action]] });
    const selected = await this.deps.reader.select(filter, input.limit);
    const result: BulkResult = { action: input.action, matched: selected.length, done: 0, skipped: 0, errors: [] };
    for (const { queue, id } of selected) {
      try {
        await this.onKey(input.action, { queue: queue as QueueName, id }, input.priority);
        result.done += 1;
      } catch (error) {
        // A job whose state moved on since the history saw it is skipped, not an error.
        if (error instanceof SemantikError && error.code === 'CONFLICT') {
          result.skipped += 1;
        } else if (result.errors.length < BULK_ERRORS_SHOWN) {
          result.errors.push({ ref: `${queue}:${id}`, message: error instanceof Error ? error.message : String(error) });
        }
      }
    }
    return result;
  }

  private async onKey(action: BulkAction, key: TaskKey, priority?: number): Promise<TaskActionResult> {
    if (action === 'abort') return this.deps.aborts.abort(key);
    const { store, queues, redis, recorder } = this.deps;
    const job = await jobForAction(store, queues, key);
    const state = await liveState(queues, key, job);
    const ref = `${key.queue}:${key.id}`;
    if (!ACTION_STATES[action].includes(state)) {
      throw new SemantikError(
        'CONFLICT',
        `Cannot ${action} ${ref}: it is ${state} (${action} applies to ${ACTION_STATES[action].join(', ')} jobs)`,
      );
    }
    let message: string;
    try {
      switch (action) {
        case 'retry':
          // A job retried after an abort must run: its aborted mark goes.
          await redis.del(abortKey(key.queue, key.id));
          await job.retry('failed');
          message = 'retried: back in the queue';
          break;
        case 'cancel':
          await job.remove();
          message = 'cancelled: removed from the queue';
          break;
        case 'promote':
          await job.promote();
          recorder.note(key.queue, key.id, 'promoted');
          message = 'promoted: runs as soon as a worker is free';
          break;
        case 'priority':
          if (priority === undefined) throw new SemantikError('BAD_INPUT', 'a priority is required');
          await job.changePriority({ priority });
          // No event tells the history about a priority: read the job again.
          recorder.sync(key.queue, key.id, state);
          message = `priority set to ${priority}`;
          break;
      }
    } catch (error) {
      if (error instanceof SemantikError) throw error;
      // BullMQ refuses when the job moved on meanwhile (e.g. a worker locked it).
      throw new SemantikError('CONFLICT', `Cannot ${action} ${ref}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    const after = await job.getState().catch(() => 'unknown');
    return { ref, state: action === 'cancel' ? 'cancelled' : after, message };
  }
}
