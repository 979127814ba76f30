/**
 * The engine's start steps, in the order createEngine (engine.ts) takes them: Redis, the store and
 * the queues, the models, the worker pool and the monitor hub, the task services, the workers, the
 * folder watcher. Each step adds to the stop steps what undoes it.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { WorkerConfig } from '../../shared/worker-protocol';
import { LOCAL_QUEUES } from '../../shared/jobs';
import type { ApiHandlers } from '../../shared/api';
import { childLogger } from '../../node/logger';
import { redisOptionsFromUrl, type RedisConnectionOptions } from '../../node/redis-options';
import { openStore } from '../../node/store/open-store';
import type { Store } from '../../node/store/store';
import type { GpuDevice } from '../../node/gpu/gpu-types';
import { defaultModelDir } from '../../node/models/default-model-dir';
import { loadJobKeys, type KeyWrapper } from '../../node/jobs/job-keys';
import type { EngineConfig } from './config';
import { restrictDatabaseFiles } from './data-folder-modes';
import type { EngineEvents } from './engine-events';
import { readGpuInfo } from './gpu-status';
import { claimInstance, releaseInstance } from './instance-file';
import { HistoryReader } from './history/history-reader';
import { MonitorHub } from './monitor-hub';
import type { WorkerLauncher } from './pool/launcher';
import type { WorkerPool } from './pool/worker-pool';
import type { Autoscaler } from './pool/autoscaler';
import { createAutoscaler, createPool, poolWorkerConfig, startAutoscale, startControl } from './pool-setup';
import { QueueSet } from './queue-set';
import { resolveRedisBinary } from './redis/redis-binary';
import { ensureRedisTls } from './redis/redis-tls';
import { superviseEmbeddedRedis, type SupervisedRedis } from './redis/redis-supervisor';
import { ModelsService } from './models/models-service';
import { WatchService } from './watch/watch-service';
import type { StopSteps } from './stop-steps';
import { TaskServices } from './tasks/task-services';
import { workerSettings } from './worker-settings';

const log = childLogger('engine');

/** What every start step reads: the settings, and the steps that undo what has started. */
export interface StartContext {
  config: EngineConfig;
  /** The environment with the settings file under it. */
  env: NodeJS.ProcessEnv;
  stops: StopSteps;
}

/** The Redis the engine uses. */
export interface RedisInUse {
  /** The embedded redis-server and its supervisor (null with SEMANTIK_REDIS_URL). */
  server: SupervisedRedis | null;
  connection: RedisConnectionOptions;
  url: string;
}

/** SEMANTIK_REDIS_URL's Redis, else an embedded redis-server, started and supervised. */
export async function startRedis(ctx: StartContext, resourcesDir: string): Promise<RedisInUse> {
  const { config, env } = ctx;
  if (config.redisUrl) {
    return { server: null, connection: redisOptionsFromUrl(config.redisUrl, env.SEMANTIK_REDIS_PASSWORD), url: config.redisUrl };
  }
  const binary = resolveRedisBinary({
    resourcesDir,
    ...(env.SEMANTIK_REDIS_BINARY ? { configuredPath: env.SEMANTIK_REDIS_BINARY } : {}),
  });
  // Restarted on the same port if it dies (AOF keeps the queues); TLS-only when exposed.
  const expose = config.pool.redisExpose;
  const server = await superviseEmbeddedRedis({
    dataDir: config.dataDir,
    maxMemoryBytes: config.redisMaxMemoryBytes,
    binary,
    logger: childLogger('redis'),
    ...(expose ? { tls: { ...ensureRedisTls(config.dataDir, expose.host), bind: expose.host } } : {}),
    ...(expose?.port ? { port: expose.port } : {}),
  });
  ctx.stops.add(() => server.stop());
  const connection: RedisConnectionOptions = {
    host: '127.0.0.1',
    port: server.port,
    password: server.password,
    maxRetriesPerRequest: null,
    ...(server.tls ? { tls: server.tls } : {}),
  };
  return { server, connection, url: config.redisUrl ?? server.url };
}

/** The engine's data: its claim on the data folder, a Redis client, the store and its history reader, the queues. */
export interface EngineData {
  redis: Redis;
  store: Store;
  /** The tasks list's heavy reads, in a thread of their own (closed before the store). */
  historyReader: HistoryReader;
  queues: QueueSet;
}

/** Claims the data folder for this instance and opens the Redis client, the store and the queues. */
export function openData(ctx: StartContext, redisInUse: RedisInUse, keyWrapper: KeyWrapper | undefined): EngineData {
  const { config, stops } = ctx;
  claimInstance(config.dataDir, { redisUrl: redisInUse.url, externalRedis: Boolean(config.redisUrl), monitorUrl: null });
  stops.add(() => releaseInstance(config.dataDir));
  const redis = new Redis(redisInUse.connection);
  // It reconnects by itself (e.g. while the supervisor restarts redis-server): log, do not crash.
  redis.on('error', (error: Error) => log.warn({ err: error.message }, 'redis connection error'));
  stops.add(() => redis.disconnect());
  const store = openStore(join(config.dataDir, 'semantik.db'));
  stops.add(() => store.close());
  restrictDatabaseFiles(store.path);
  const historyReader = new HistoryReader(store.path);
  stops.add(() => historyReader.close());
  const queues = new QueueSet(redisInUse.connection, loadJobKeys(config.dataDir, keyWrapper));
  stops.add(() => queues.close());
  return { redis, store, historyReader, queues };
}

/** Opens the models: the active one is recorded in the store; SEMANTIK_MODEL_DIR, when set, is switched to. */
export async function openModels(
  ctx: StartContext,
  data: EngineData,
  redisInUse: RedisInUse,
  events: EngineEvents,
): Promise<ModelsService> {
  const { config, env } = ctx;
  const models = await ModelsService.open({
    store: data.store,
    modelsDir: join(config.dataDir, 'models'),
    builtInDir: defaultModelDir(env),
    configuredDir: config.modelDir,
    endpoint: config.hfEndpoint,
    queues: data.queues,
    connection: redisInUse.connection,
    emit: (overview) => events.emit('models:changed', overview),
  });
  ctx.stops.add(() => models.stop());
  return models;
}

/** The environment of each worker process the pool starts: its config as JSON, and the log level. */
export function workerEnvironment(
  ctx: StartContext,
  redisInUse: RedisInUse,
  queues: QueueSet,
  devices: readonly GpuDevice[],
  models: ModelsService,
): (workerId: string) => Record<string, string> {
  const { config, env } = ctx;
  const places = models.places();
  const password = redisInUse.connection.password;
  return (workerId) => {
    const workerConfig: WorkerConfig = {
      workerId,
      redisUrl: config.redisUrl ?? redisInUse.url,
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
      ...poolWorkerConfig(config, devices, redisInUse.server?.tls?.ca ?? null),
    };
    return { SEMANTIK_WORKER_CONFIG: JSON.stringify(workerConfig), SEMANTIK_LOG_LEVEL: env.SEMANTIK_LOG_LEVEL ?? 'info' };
  };
}

/** What the worker pool is made from. */
export interface PoolParts {
  launcher: WorkerLauncher;
  /** The worker entry module. */
  entry: string;
  envFor: (workerId: string) => Record<string, string>;
  devices: readonly GpuDevice[];
  maxWorkers: number;
}

/** The worker pool (no worker started yet), its autoscaler and the monitor hub (not started yet). */
export function createPoolAndHub(
  ctx: StartContext,
  data: EngineData,
  parts: PoolParts,
  events: EngineEvents,
): { pool: WorkerPool; autoscaler: Autoscaler; hub: MonitorHub } {
  const { config, stops } = ctx;
  const { devices } = parts;
  const pool = createPool({ launcher: parts.launcher, entry: parts.entry, envFor: parts.envFor, config, gpuCount: devices.length });
  stops.add(() => pool.close());
  const autoscaler = createAutoscaler(pool, data.queues, config, devices.length);
  const hub = new MonitorHub({
    store: data.store,
    pool,
    queues: data.queues,
    redis: data.redis,
    externalRedis: Boolean(config.redisUrl),
    maxWorkers: parts.maxWorkers,
    gpus: () => readGpuInfo(data.redis, devices),
    autoscale: () => autoscaler.state(),
    emit: events.emit,
  });
  stops.add(() => hub.stop());
  return { pool, autoscaler, hub };
}

/** Starts the job history, task actions, schedules and live series. */
export async function startTaskServices(ctx: StartContext, data: EngineData, pool: WorkerPool, hub: MonitorHub): Promise<TaskServices> {
  const { config, env } = ctx;
  const tasks = new TaskServices({
    redis: data.redis,
    store: data.store,
    queues: data.queues,
    pool,
    reader: data.historyReader,
    retentionDays: config.retentionDays,
    retentionFromEnv: Boolean(env.SEMANTIK_RETENTION_DAYS?.trim()),
    abortGraceMs: config.abortGraceMs,
    gpus: async () => (await hub.snapshot()).gpus,
  });
  await tasks.start();
  ctx.stops.add(() => tasks.stop());
  return tasks;
}

/** What runs once the workers are up. */
export interface RunningParts {
  pool: WorkerPool;
  autoscaler: Autoscaler;
  hub: MonitorHub;
  models: ModelsService;
  handlers: ApiHandlers;
  devices: readonly GpuDevice[];
}

/**
 * Starts the workers and the control channel, and waits until the workers are ready; then
 * autoscale, the monitor hub and the models.
 */
export async function startWorkers(ctx: StartContext, data: EngineData, workerCount: number, parts: RunningParts): Promise<void> {
  const { pool, hub, models } = parts;
  // The pool's size is set before any command can change it.
  pool.scale(workerCount);
  // Before the workers are ready, so that `semantik status` answers while they start.
  ctx.stops.add(
    await startControl({
      redis: data.redis,
      store: data.store,
      handlers: parts.handlers,
      devices: parts.devices,
      config: ctx.config,
      payloadKey: data.queues.keys.payload,
    }),
  );
  await pool.whenReady();
  ctx.stops.add(startAutoscale(parts.autoscaler, ctx.config));
  hub.start();
  models.start();
}

/** Starts watching the folders (after a catch-up scan), unless watching is off; the watcher then quiets its runs' events. */
export async function startWatching(
  ctx: StartContext,
  enabled: boolean,
  data: EngineData,
  events: EngineEvents,
): Promise<WatchService | null> {
  const watch = enabled ? WatchService.fromConfig(ctx.config, data.store, data.queues) : null;
  events.watch = watch;
  if (watch) {
    ctx.stops.add(() => watch.stop());
    await watch.start();
  }
  return watch;
}
