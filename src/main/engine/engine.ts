/**
 * Creates the engine: Redis, the store, the queues, the worker pool, the monitor hub and the API
 * handlers, in that order; stops them in reverse.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import type { ApiHandlers } from '../../shared/api';
import type { ModelInfo } from '../../shared/monitor-types';
import { appVersion } from '../../node/app-version';
import { childLogger } from '../../node/logger';
import type { RedisConnectionOptions } from '../../node/redis-options';
import type { openStore } from '../../node/store/open-store';
import { restrictDataFolder } from './data-folder-modes';
import { detectGpus } from '../../node/gpu/detect-gpus';
import { createApiHandlers, type FileOpener } from './api-handlers';
import { commandOpener } from './file-open/open-command';
import type { EngineConfig } from './config';
import { EngineEvents } from './engine-events';
import {
  createPoolAndHub,
  openData,
  openModels,
  startRedis,
  startTaskServices,
  startWatching,
  startWorkers,
  workerEnvironment,
  type EngineData,
  type RedisInUse,
  type StartContext,
} from './engine-start';
import { defaultWorkerCount } from './pool-config';
import type { Engine } from './engine-types';
import type { WorkerLauncher } from './pool/launcher';
import type { WorkerPool } from './pool/worker-pool';
import type { Autoscaler } from './pool/autoscaler';
import type { QueueSet } from './queue-set';
import type { KeyWrapper } from '../../node/jobs/job-keys';
import type { SupervisedRedis } from './redis/redis-supervisor';
import type { ModelsService } from './models/models-service';
import type { WatchService } from './watch/watch-service';
import { loadSettings } from './settings/load-settings';
import { StopSteps } from './stop-steps';
import type { TaskServices } from './tasks/task-services';
import { logsDirOf } from '../../node/log-file';

export interface EngineOptions {
  launcher: WorkerLauncher;
  /** @defaultValue SEMANTIK_DATA_DIR, else the OS-standard data folder */
  dataDir?: string;
  /** @defaultValue SEMANTIK_WORKERS, else one per GPU, at least one */
  workers?: number;
  env?: NodeJS.ProcessEnv;
  mode?: 'electron' | 'headless';
  /** The worker entry module. @defaultValue src/workers/worker-main.ts next to this source */
  workerEntry?: string;
  /** Where bundled Redis and models live. @defaultValue the repository's resources/ */
  resourcesDir?: string;
  opener?: FileOpener;
  /** Catch-up scan at start and folder watching. @defaultValue SEMANTIK_WATCH (on) */
  watch?: boolean;
  /** Keeps the payload key in the OS keychain (the desktop shell's safeStorage). @defaultValue a plain 0600 file */
  keyWrapper?: KeyWrapper;
}

/** What the CLI and tests need beyond the `Engine` interface. */
export interface RunningEngine extends Engine {
  readonly config: EngineConfig;
  readonly redisConnection: RedisConnectionOptions;
  readonly redis: Redis;
  readonly queues: QueueSet;
  readonly pool: WorkerPool;
  readonly autoscaler: Autoscaler;
  /** The embedded Redis and its supervisor (null with SEMANTIK_REDIS_URL). */
  readonly redisServer: SupervisedRedis | null;
  /**
   * Says, before anything is awaited, that a stop has begun: a stop signal from a terminal reaches
   * the whole process group, redis-server included, whose exit is then expected, not restarted.
   */
  beginStop(): void;
  readonly store: ReturnType<typeof openStore>;
  /** The active embedding model. */
  readonly model: ModelInfo;
  /** Models: list, downloads, blue/green switches (models/). */
  readonly models: ModelsService;
  /** Folder watching and the catch-up at start (null when SEMANTIK_WATCH=0). */
  readonly watch: WatchService | null;
  /** Job history, actions, schedules and live series. */
  readonly tasks: TaskServices;
}

const log = childLogger('engine');
const here = fileURLToPath(new URL('.', import.meta.url));

/** Starts the engine; on failure, whatever was started is stopped again. */
export async function createEngine(options: EngineOptions): Promise<RunningEngine> {
  // The environment with <data folder>/settings.json under it (a variable that is set wins), all
  // checked before anything starts: a bad value or template is a setting error, not a failed click later.
  const settings = loadSettings(options.env ?? process.env, {
    ...(options.dataDir ? { dataDir: resolve(options.dataDir) } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  });
  const { env, config } = settings;
  const openerFromEnv = commandOpener(settings.openCommands);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  restrictDataFolder(config.dataDir);
  const resourcesDir = options.resourcesDir ?? env.SEMANTIK_RESOURCES_DIR ?? resolve(here, '../../../resources');
  const ctx: StartContext = { config, env, stops: new StopSteps() };
  try {
    const redisInUse = await startRedis(ctx, resourcesDir);
    const data = openData(ctx, redisInUse, options.keyWrapper);
    const devices = await detectGpus(env);
    const workerCount = config.workers ?? defaultWorkerCount(devices.length);
    const maxWorkers = Math.max(config.maxWorkers, workerCount);
    const events = new EngineEvents();
    const models = await openModels(ctx, data, redisInUse, events);
    const envFor = workerEnvironment(ctx, redisInUse, data.queues, devices, models);
    const entry = options.workerEntry ?? resolve(here, '../../workers/worker-main.ts');
    const { pool, autoscaler, hub } = createPoolAndHub(
      ctx,
      data,
      { launcher: options.launcher, entry, envFor, devices, maxWorkers },
      events,
    );
    const tasks = await startTaskServices(ctx, data, pool, hub);
    const version = appVersion(here);
    const handlers = createApiHandlers({
      store: data.store,
      queues: data.queues,
      pool,
      hub,
      search: models.search,
      models,
      tasks,
      autoscaler,
      maxWorkers,
      // Without the desktop app's opener, files open only through SEMANTIK_OPEN_COMMAND, if set.
      opener: options.opener ?? openerFromEnv,
      settings,
      appInfo: () => ({
        version,
        dataDir: config.dataDir,
        logsDir: logsDirOf(config.dataDir),
        mode: options.mode ?? 'headless',
        readOnly: false,
        model: models.activeModel(),
      }),
    });
    await startWorkers(ctx, data, workerCount, { pool, autoscaler, hub, models, handlers, devices });
    const watch = await startWatching(ctx, options.watch ?? config.watch, data, events);
    log.info({ dataDir: config.dataDir, workers: workerCount, gpus: devices.length, model: models.activeModel().id }, 'engine started');
    return runningEngine(ctx, { redisInUse, data, pool, autoscaler, models, watch, tasks, handlers, events });
  } catch (error) {
    await ctx.stops.runAll();
    throw error;
  }
}

/** The parts of a started engine. */
interface StartedParts {
  redisInUse: RedisInUse;
  data: EngineData;
  pool: WorkerPool;
  autoscaler: Autoscaler;
  models: ModelsService;
  watch: WatchService | null;
  tasks: TaskServices;
  handlers: ApiHandlers;
  events: EngineEvents;
}

/** The started engine as its hosts see it; its stop runs the stop steps once. */
function runningEngine(ctx: StartContext, parts: StartedParts): RunningEngine {
  const { config, stops } = ctx;
  const { redisInUse, data, models } = parts;
  let stopped: Promise<void> | null = null;
  return {
    config,
    redisConnection: redisInUse.connection,
    redis: data.redis,
    queues: data.queues,
    pool: parts.pool,
    autoscaler: parts.autoscaler,
    redisServer: redisInUse.server,
    store: data.store,
    get model() {
      return models.activeModel();
    },
    models,
    watch: parts.watch,
    tasks: parts.tasks,
    handlers: parts.handlers,
    dataDir: config.dataDir,
    onEvent: (event, listener) => parts.events.on(event, listener),
    beginStop() {
      redisInUse.server?.beginStop();
    },
    stop() {
      stopped ??= stops.runAll().then(() => log.info('engine stopped'));
      return stopped;
    },
  };
}
