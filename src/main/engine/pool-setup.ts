/**
 * The engine's pool pieces, built from the configuration: the worker pool with its limits, the
 * autoscaler, the control channel (its local socket and its Redis channel), and the worker-config
 * fields they need.
 */
import type { Redis } from 'ioredis';
import type { ApiHandlers } from '../../shared/api';
import type { WorkerConfig } from '../../shared/worker-protocol';
import type { GpuDevice } from '../../node/gpu/gpu-types';
import type { EngineConfig } from './config';
import type { Store } from '../../node/store/store';
import { ControlChannel } from './control-channel';
import { ControlDispatcher } from './control-dispatch';
import { ControlSocket } from './control-socket';
import { controlKeyPath, controlSocketPath } from '../../node/control-protocol';
import { readGpuInfo } from './gpu-status';
import { readInstanceStatus } from './instance-status';
import { loadOrCreateSecret } from '../../node/secret-file';
import type { WorkerLauncher } from './pool/launcher';
import { Autoscaler } from './pool/autoscaler';
import { embedConcurrency } from './pool/pool-plan';
import { cpuEmbedThreads } from './embed-threads';
import { defaultWorkerCount } from './pool-config';
import { WorkerPool } from './pool/worker-pool';
import type { QueueSet } from './queue-set';

/** Worker-config fields of the pool's settings (limits, GPU memory, device uuids, TLS, CPU threads). */
export function poolWorkerConfig(config: EngineConfig, devices: readonly GpuDevice[], redisCa: string | null): Partial<WorkerConfig> {
  const pool = config.pool;
  return {
    gpus: devices.map((device) => ({
      id: device.id,
      index: device.index,
      simulated: device.simulated,
      ...(device.uuid ? { uuid: device.uuid } : {}),
    })),
    // The cores shared among the workers the pool starts with, or autoscale's most.
    cpuEmbedThreads: cpuEmbedThreads(Math.max(config.workers ?? defaultWorkerCount(devices.length), pool.autoscale?.max ?? 0)),
    ...(pool.taskTimeLimitMs !== null ? { taskTimeLimitMs: pool.taskTimeLimitMs } : {}),
    ...(pool.gpuReleaseAfterTask ? { gpuReleaseAfterTask: true } : {}),
    ...(pool.modelMaxMemoryBytes !== null ? { modelMaxMemoryBytes: pool.modelMaxMemoryBytes } : {}),
    ...(redisCa !== null ? { redisCa } : {}),
  };
}

/** Options of {@link createPool}. */
export interface PoolSetup {
  launcher: WorkerLauncher;
  entry: string;
  envFor(workerId: string): Record<string, string>;
  config: EngineConfig;
  gpuCount: number;
}

/** The pool with its limits and embed concurrency plan. */
export function createPool(setup: PoolSetup): WorkerPool {
  const { config, gpuCount } = setup;
  return new WorkerPool({
    launcher: setup.launcher,
    entry: setup.entry,
    envFor: setup.envFor,
    onChange: () => undefined,
    limits: {
      maxMemoryBytes: config.pool.workerMaxMemoryBytes,
      taskTimeLimitMs: config.pool.taskTimeLimitMs,
      hardGraceMs: config.abortGraceMs,
    },
    embedConcurrency: (live) => embedConcurrency(gpuCount, live, config.concurrency),
    stopGraceMs: config.pool.stopGraceMs,
  });
}

/** The autoscaler, off until {@link startAutoscale}. */
export function createAutoscaler(pool: WorkerPool, queues: QueueSet, config: EngineConfig, gpuCount: number): Autoscaler {
  return new Autoscaler(pool, queues, gpuCount, config.pool.autoscaleIdleMs);
}

/** What {@link startControl} answers from. */
export interface ControlServices {
  redis: Redis;
  store: Store;
  handlers: ApiHandlers;
  devices: readonly GpuDevice[];
  config: EngineConfig;
  /** Seals what the control channel's search and status send back over Redis. */
  payloadKey: Buffer;
}

/**
 * Starts the control channel: its local socket and its Redis channel, one dispatcher behind both.
 * Returns what stops them.
 */
export async function startControl(services: ControlServices): Promise<() => void> {
  const { redis, store, handlers, devices, config } = services;
  const reads = {
    status: () => readInstanceStatus({ redis, store, devices, queueCounts: () => handlers['queues:list']({}) }),
    gpus: () => readGpuInfo(redis, devices),
  };
  // The key proves a request comes from this machine's user, not from whoever has the Redis password.
  const key = loadOrCreateSecret(controlKeyPath(config.dataDir)).value;
  const dispatcher = new ControlDispatcher(handlers, reads, key, services.payloadKey);
  const socketPath = controlSocketPath(config.dataDir, key);
  const socket = socketPath === null ? null : new ControlSocket(socketPath, dispatcher);
  await socket?.start();
  const channel = new ControlChannel(redis, dispatcher);
  try {
    await channel.start();
  } catch (error) {
    socket?.stop();
    throw error;
  }
  return () => {
    socket?.stop();
    channel.stop();
  };
}

/** Once the pool is up: autoscale, when SEMANTIK_AUTOSCALE is set. Returns what stops it. */
export function startAutoscale(autoscaler: Autoscaler, config: EngineConfig): () => void {
  const range = config.pool.autoscale;
  if (range) autoscaler.enable(range.min, range.max);
  return () => autoscaler.disable();
}
