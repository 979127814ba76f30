/**
 * Creates the engine: Redis, the store, the queues, the worker pool, the monitor hub and the API
 * handlers, in that order; stops them in reverse.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { ApiEvent, ApiEvents } from '../../shared/api';
import type { ModelInfo } from '../../shared/monitor-types';
import type { WorkerConfig } from '../../shared/worker-protocol';
import { LOCAL_QUEUES } from '../../shared/jobs';
import { childLogger } from '../../node/logger';
import { redisOptionsFromUrl, type RedisConnectionOptions } from '../../node/redis-options';
import { openStore } from '../../node/store/open-store';
import { restrictDatabaseFiles, restrictDataFolder } from './data-folder-modes';
import { detectGpus } from '../../node/gpu/detect-gpus';
import { defaultModelDir } from '../../node/models/default-model-dir';
import { createApiHandlers, type FileOpener } from './api-handlers';
import { commandOpener } from './file-open/open-command';
import type { EngineConfig } from './config';
import { defaultWorkerCount } from './pool-config';
import type { Engine } from './engine-types';
import { readGpuInfo } from './gpu-status';
import { claimInstance, releaseInstance } from './instance-file';
import { HistoryReader } from './history/history-reader';
import { MonitorHub } from './monitor-hub';
import type { WorkerLauncher } from './pool/launcher';
import type { WorkerPool } from './pool/worker-pool';
import type { Autoscaler } from './pool/autoscaler';
import { createAutoscaler, createPool, poolWorkerConfig, startPoolServices } from './pool-setup';
import { QueueSet } from './queue-set';
import { loadJobKeys, type KeyWrapper } from '../../node/jobs/job-keys';
import { resolveRedisBinary } from './redis/redis-binary';
import { ensureRedisTls } from './redis/redis-tls';
import { superviseEmbeddedRedis, type SupervisedRedis } from './redis/redis-supervisor';
import { ModelsService } from './models/models-service';
import { WatchService } from './watch/watch-service';
import { loadSettings } from './settings/load-settings';
import { TaskServices } from './tasks/task-services';
import { workerSettings } from './worker-settings';

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

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(here, '../../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

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
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        log.error({ err: error }, 'error while stopping');
      }
    }
    cleanups.length = 0;
  };
  try {
    let redisHandle: SupervisedRedis | null = null;
    let connection: RedisConnectionOptions;
    if (config.redisUrl) {
      connection = redisOptionsFromUrl(config.redisUrl, env.SEMANTIK_REDIS_PASSWORD);
    } else {
      const binary = resolveRedisBinary({
        resourcesDir,
        ...(env.SEMANTIK_REDIS_BINARY ? { configuredPath: env.SEMANTIK_REDIS_BINARY } : {}),
      });
      // Restarted on the same port if it dies (AOF keeps the queues); TLS-only when exposed.
      const expose = config.pool.redisExpose;
      redisHandle = await superviseEmbeddedRedis({
        dataDir: config.dataDir,
        maxMemoryBytes: config.redisMaxMemoryBytes,
        binary,
        logger: childLogger('redis'),
        ...(expose ? { tls: { ...ensureRedisTls(config.dataDir, expose.host), bind: expose.host } } : {}),
        ...(expose?.port ? { port: expose.port } : {}),
      });
      const handle = redisHandle;
      cleanups.push(() => handle.stop());
      connection = {
        host: '127.0.0.1',
        port: handle.port,
        password: handle.password,
        maxRetriesPerRequest: null,
        ...(handle.tls ? { tls: handle.tls } : {}),
      };
    }
    const redisUrl = config.redisUrl ?? redisHandle?.url ?? '';
    claimInstance(config.dataDir, { redisUrl, externalRedis: Boolean(config.redisUrl), monitorUrl: null });
    cleanups.push(() => releaseInstance(config.dataDir));
    const redis = new Redis(connection);
    // It reconnects by itself (e.g. while the supervisor restarts redis-server): log, do not crash.
    redis.on('error', (error: Error) => log.warn({ err: error.message }, 'redis connection error'));
    cleanups.push(() => redis.disconnect());
    const store = openStore(join(config.dataDir, 'semantik.db'));
    cleanups.push(() => store.close());
    restrictDatabaseFiles(store.path);
    // The tasks list's heavy reads, in a thread of their own (closed before the store).
    const historyReader = new HistoryReader(store.path);
    cleanups.push(() => historyReader.close());
    const queues = new QueueSet(connection, loadJobKeys(config.dataDir, options.keyWrapper));
    cleanups.push(() => queues.close());

    const devices = await detectGpus(env);
    const workerCount = config.workers ?? defaultWorkerCount(devices.length);
    const maxWorkers = Math.max(config.maxWorkers, workerCount);

    const events = new EventEmitter();
    events.setMaxListeners(100);
    let watch: WatchService | null = null;
    const emit = <E extends ApiEvent>(event: E, payload: ApiEvents[E]): void => {
      // Runs the watcher starts finish quietly: no "finished indexing" notice for every saved file.
      if (!watch?.quiets(event, payload)) events.emit(event, payload);
    };
    // The active model is recorded in the store; SEMANTIK_MODEL_DIR, when set, is switched to.
    const models = await ModelsService.open({
      store,
      modelsDir: join(config.dataDir, 'models'),
      builtInDir: defaultModelDir(env),
      configuredDir: config.modelDir,
      endpoint: config.hfEndpoint,
      queues,
      connection,
      emit: (overview) => emit('models:changed', overview),
    });
    cleanups.push(() => models.stop());
    const places = models.places();
    const workerEntry = options.workerEntry ?? resolve(here, '../../workers/worker-main.ts');
    const password = connection.password;
    const envFor = (workerId: string): Record<string, string> => {
      const workerConfig: WorkerConfig = {
        workerId,
        redisUrl: config.redisUrl ?? redisUrl,
        ...(password ? { redisPassword: password } : {}),
        dataDir: config.dataDir,
        // In the worker's environment (owner-only), never on its command line.
        jobKey: queues.keys.sign,
        payloadKey: queues.keys.payload.toString('base64url'),
        queues: [...LOCAL_QUEUES, 'embed'],
        ...workerSettings(config),
        gpus: devices.map((device) => ({ id: device.id, index: device.index, simulated: device.simulated })),
        // A worker (re)started after a switch starts with the model active then.
        modelDir: models.activeDir(),
        otherModelDirs: [...places.dirs],
        ...(places.modelsDir ? { modelsDir: places.modelsDir } : {}),
        ...poolWorkerConfig(config, devices, redisHandle?.tls?.ca ?? null),
      };
      return { SEMANTIK_WORKER_CONFIG: JSON.stringify(workerConfig), SEMANTIK_LOG_LEVEL: env.SEMANTIK_LOG_LEVEL ?? 'info' };
    };
    let hub: MonitorHub | null = null;
    const pool = createPool({ launcher: options.launcher, entry: workerEntry, envFor, config, gpuCount: devices.length });
    cleanups.push(() => pool.close());
    const autoscaler = createAutoscaler(pool, queues, config, devices.length);
    hub = new MonitorHub({
      store,
      pool,
      queues,
      redis,
      externalRedis: Boolean(config.redisUrl),
      maxWorkers,
      gpus: () => readGpuInfo(redis, devices),
      autoscale: () => autoscaler.state(),
      emit,
    });
    const monitor = hub;
    cleanups.push(() => monitor.stop());
    const tasks = new TaskServices({
      redis,
      store,
      queues,
      pool,
      reader: historyReader,
      retentionDays: config.retentionDays,
      retentionFromEnv: Boolean(env.SEMANTIK_RETENTION_DAYS?.trim()),
      abortGraceMs: config.abortGraceMs,
      gpus: async () => (await monitor.snapshot()).gpus,
    });
    await tasks.start();
    cleanups.push(() => tasks.stop());
    const version = packageVersion();
    const handlers = createApiHandlers({
      store,
      queues,
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
      appInfo: () => ({ version, dataDir: config.dataDir, mode: options.mode ?? 'headless', readOnly: false, model: models.activeModel() }),
    });
    pool.scale(workerCount);
    await pool.whenReady();
    cleanups.push(await startPoolServices({ redis, handlers, devices, autoscaler, config, payloadKey: queues.keys.payload }));
    hub.start();
    models.start();
    watch = (options.watch ?? config.watch) ? WatchService.fromConfig(config, store, queues) : null;
    const watching = watch;
    if (watching) {
      cleanups.push(() => watching.stop());
      await watching.start();
    }
    log.info({ dataDir: config.dataDir, workers: workerCount, gpus: devices.length, model: models.activeModel().id }, 'engine started');
    let stopped: Promise<void> | null = null;
    return {
      config,
      redisConnection: connection,
      redis,
      queues,
      pool,
      autoscaler,
      redisServer: redisHandle,
      store,
      get model() {
        return models.activeModel();
      },
      models,
      watch,
      tasks,
      handlers,
      dataDir: config.dataDir,
      onEvent(event, listener) {
        events.on(event, listener);
        return () => void events.off(event, listener);
      },
      beginStop() {
        redisHandle?.beginStop();
      },
      stop() {
        stopped ??= cleanup().then(() => log.info('engine stopped'));
        return stopped;
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
