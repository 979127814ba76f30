/**
 * The engine's implementation of every API call. Inputs arrive validated by the transport.
 */
import type { Queue } from 'bullmq';
import type { ApiHandlers } from '../../shared/api';
import { SemantikError } from '../../shared/errors';
import type { AppInfo, FolderInfo } from '../../shared/monitor-types';
import type { Store } from '../../node/store/store';
import { startIndexRun } from './index-runs';
import { StoreLookups } from './history/store-lookups';
import { listJobs } from './job-rows';
import type { MonitorHub } from './monitor-hub';
import type { WorkerPool } from './pool/worker-pool';
import type { QueueSet } from './queue-set';
import type { SearchService } from './search-service';
import type { Autoscaler } from './pool/autoscaler';
import { createModelHandlers } from './models/model-handlers';
import type { ModelsService } from './models/models-service';
import type { LoadedSettings } from './settings/load-settings';
import { createSettingsHandlers } from './settings/settings-handlers';
import { createTaskHandlers } from './tasks/task-handlers';
import type { TaskServices } from './tasks/task-services';
import { QUEUES, type QueueName } from '../../shared/jobs';

/** Opens or reveals files: supplied by the Electron shell; headless mode has none. */
import type { FileOpener } from './file-open/open-command';

export type { FileOpener };

export interface HandlerDeps {
  store: Store;
  queues: QueueSet;
  pool: WorkerPool;
  hub: MonitorHub;
  /** Search on the active model (models/active-search.ts). */
  search: Pick<SearchService, 'search' | 'searchFiles'>;
  models: ModelsService;
  tasks: TaskServices;
  autoscaler: Autoscaler;
  maxWorkers: number;
  appInfo(): AppInfo;
  opener: FileOpener | null;
  /** The settings the engine started with, for the `settings:*` calls. */
  settings: LoadedSettings;
}

function folderById(store: Store, id: number): FolderInfo {
  const folder = store.folderSummaries().find((one) => one.id === id);
  if (!folder) throw new SemantikError('NOT_FOUND', `No indexed folder with id ${id}`);
  return folder;
}

function queueNamed(queues: QueueSet, name: string): Queue {
  if (!(QUEUES as readonly string[]).includes(name)) throw new SemantikError('BAD_INPUT', `No queue named ${name}`);
  return queues.get(name as QueueName);
}

/** A path to open or reveal: a file of an indexed folder, on a machine that can open files. */
function indexedFile(deps: HandlerDeps, path: string): string {
  if (!deps.store.isIndexedPath(path)) throw new SemantikError('FORBIDDEN', `Not a file of an indexed folder: ${path}`);
  if (!deps.opener) {
    throw new SemantikError(
      'UNAVAILABLE',
      'Opening files works in the desktop app, or here with SEMANTIK_OPEN_COMMAND set; the web monitor shows paths only',
    );
  }
  return path;
}

/** Builds the handler map over the engine's parts. */
export function createApiHandlers(deps: HandlerDeps): ApiHandlers {
  const { store, queues, pool, hub } = deps;
  const lookups = new StoreLookups(store);
  return {
    ...createTaskHandlers({ store, queues, pool, hub, tasks: deps.tasks }),
    ...createModelHandlers(deps.models),
    ...createSettingsHandlers(deps.settings),
    'app:info': async () => deps.appInfo(),
    'monitor:snapshot': async () => hub.build(),
    'index:addFolder': async ({ path }) => {
      const { sourceId } = await startIndexRun(store, queues, path);
      return folderById(store, sourceId);
    },
    'index:removeFolder': async ({ id }) => ({ removed: store.removeSource(id) }),
    'index:reindex': async ({ id }) => {
      const source = store.getSource(id);
      if (!source || source.removed) throw new SemantikError('NOT_FOUND', `No indexed folder with id ${id}`);
      await startIndexRun(store, queues, source.path);
      return folderById(store, id);
    },
    'index:problems': async ({ id, limit }) => {
      const source = store.getSource(id);
      if (!source || source.removed) throw new SemantikError('NOT_FOUND', `No indexed folder with id ${id}`);
      return store.problemsOfSource(id, limit);
    },
    'jobs:list': async ({ state, limit, offset }) => listJobs(queues, state, limit, offset, lookups.folderOf),
    'jobs:retry': async ({ queue, id }) => {
      const job = await queueNamed(queues, queue).getJob(id);
      if (!job) throw new SemantikError('NOT_FOUND', `No job ${id} in queue ${queue}`);
      if (!(await job.isFailed())) throw new SemantikError('BAD_INPUT', `Job ${id} has not failed; only failed jobs can be retried`);
      await job.retry('failed');
      return { retried: true };
    },
    'workers:list': async () => (await hub.build()).workers,
    'workers:scale': async ({ count }) => {
      if (count > deps.maxWorkers) throw new SemantikError('BAD_INPUT', `At most ${deps.maxWorkers} workers (SEMANTIK_MAX_WORKERS)`);
      // A count chosen by hand wins over autoscale, which would undo it at its next tick.
      deps.autoscaler.disable();
      pool.scale(count);
      return { target: pool.targetCount };
    },
    'workers:autoscale': async ({ enabled, min, max, idleSeconds }) => {
      if (!enabled || min === undefined || max === undefined) return deps.autoscaler.disable();
      if (max > deps.maxWorkers) throw new SemantikError('BAD_INPUT', `At most ${deps.maxWorkers} workers (SEMANTIK_MAX_WORKERS)`);
      return deps.autoscaler.enable(min, max, idleSeconds === undefined ? undefined : idleSeconds * 1000);
    },
    'gpus:list': async () => (await hub.build()).gpus,
    'queues:list': async () => queues.counts(),
    'queue:pause': async () => {
      await queues.pauseAll();
      return { paused: true };
    },
    'queue:resume': async () => {
      await queues.resumeAll();
      return { paused: false };
    },
    'broker:info': async () => (await hub.build()).broker,
    'search:query': async ({ query, k, mode, filters }) => deps.search.search(query, k, { mode, filters }),
    'search:files': async ({ query, k, mode, filters, passages }) => deps.search.searchFiles(query, k, { mode, filters, passages }),
    'documents:preview': async ({ path, line, page }) =>
      store.documentPreview(path, { ...(line !== undefined ? { line } : {}), ...(page !== undefined ? { page } : {}) }),
    'files:open': async ({ path, line, page }) => {
      const place = { ...(line !== undefined ? { line } : {}), ...(page !== undefined ? { page } : {}) };
      const outcome = await deps.opener?.open(indexedFile(deps, path), place);
      return outcome?.kind === 'revealed' ? { ok: true, message: outcome.message } : { ok: true };
    },
    'files:reveal': async ({ path }) => {
      await deps.opener?.reveal(indexedFile(deps, path));
      return { ok: true };
    },
  };
}
