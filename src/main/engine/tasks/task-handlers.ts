/**
 * The API handlers of the tasks view's calls: tasks, one queue's pause, one worker's restart or stop,
 * schedules, series and metrics. Spread into the engine's handler map by api-handlers.ts.
 */
import type { ApiHandlers } from '../../../shared/api';
import { SemantikError } from '../../../shared/errors';
import type { Store } from '../../../node/store/store';
import { collectMetrics } from '../live/metrics';
import type { MonitorHub } from '../monitor-hub';
import type { WorkerPool } from '../pool/worker-pool';
import type { QueueSet } from '../queue-set';
import { listTasks, taskDetail } from './task-read';
import type { TaskServices } from './task-services';

type TaskCalls =
  | 'tasks:list'
  | 'tasks:get'
  | 'tasks:retry'
  | 'tasks:cancel'
  | 'tasks:abort'
  | 'tasks:promote'
  | 'tasks:priority'
  | 'tasks:bulk'
  | 'queues:pause'
  | 'queues:resume'
  | 'workers:restart'
  | 'workers:stop'
  | 'schedules:list'
  | 'schedules:upsert'
  | 'schedules:remove'
  | 'schedules:run'
  | 'series:get'
  | 'metrics:get';

export interface TaskHandlerDeps {
  store: Store;
  queues: QueueSet;
  pool: WorkerPool;
  hub: MonitorHub;
  tasks: TaskServices;
}

/** Builds the handlers of the calls above. */
export function createTaskHandlers(deps: TaskHandlerDeps): Pick<ApiHandlers, TaskCalls> {
  const { store, queues, pool, hub, tasks } = deps;
  const worker = async (id: string, act: (id: string) => boolean, verb: string): Promise<{ workerId: string; state: string }> => {
    if (act(id)) return { workerId: id, state: 'stopping' };
    const known = (await hub.build()).workers.find((one) => one.workerId === id);
    if (known && !known.local) throw new SemantikError('CONFLICT', `Worker ${id} runs on another machine; ${verb} it there`);
    if (known) throw new SemantikError('CONFLICT', `Worker ${id} is ${known.state}`);
    throw new SemantikError('NOT_FOUND', `No worker ${id}`);
  };
  return {
    'tasks:list': async (input) => listTasks(tasks.reader, input),
    'tasks:get': async (input) => taskDetail(store, queues, input),
    'tasks:retry': async (input) => tasks.actions.run('retry', input),
    'tasks:cancel': async (input) => tasks.actions.run('cancel', input),
    'tasks:abort': async (input) => tasks.actions.run('abort', input),
    'tasks:promote': async (input) => tasks.actions.run('promote', input),
    'tasks:priority': async ({ priority, ...ref }) => tasks.actions.run('priority', ref, priority),
    'tasks:bulk': async (input) => tasks.actions.bulk(input),
    'queues:pause': async ({ name }) => {
      await queues.get(name).pause();
      return { name, paused: true };
    },
    'queues:resume': async ({ name }) => {
      await queues.get(name).resume();
      return { name, paused: false };
    },
    'workers:restart': async ({ id }) => worker(id, (one) => pool.restartWorker(one), 'restart'),
    'workers:stop': async ({ id }) => worker(id, (one) => pool.stopWorker(one), 'stop'),
    'schedules:list': async () => tasks.schedules.list(),
    'schedules:upsert': async (input) => tasks.schedules.upsert(input),
    'schedules:remove': async ({ name }) => ({ removed: await tasks.schedules.remove(name) }),
    'schedules:run': async ({ name }) => tasks.schedules.run(name),
    'series:get': async () => tasks.series.snapshot(),
    'metrics:get': async () => collectMetrics(store, await hub.snapshot()),
  };
}
