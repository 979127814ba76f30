/**
 * The engine's pool pieces, built from the configuration: the worker pool with its limits, the
 * autoscaler, the control channel, the worker-config fields they need, and the device inventory
 * published in Redis for `semantik gpus`.
 */
import type { Redis } from 'ioredis';
import type { ApiHandlers } from '../../shared/api';
import type { WorkerConfig } from '../../shared/worker-protocol';
import { GPU_KEY_PREFIX } from '../../node/gpu/gpu-lease-keys';
import type { GpuDevice } from '../../node/gpu/gpu-types';
import type { EngineConfig } from './config';
import { ControlChannel } from './control-channel';
import { controlKeyPath } from '../../node/control-protocol';
import { loadOrCreateSecret } from '../../node/secret-file';
import type { WorkerLauncher } from './pool/launcher';
import { Autoscaler } from './pool/autoscaler';
import { embedConcurrency } from './pool/pool-plan';
import { cpuEmbedThreads } from './embed-threads';
import { defaultWorkerCount } from './pool-config';
import { WorkerPool } from './pool/worker-pool';
import type { QueueSet } from './queue-set';

/** Redis key: the running engine's devices as JSON, so `semantik gpus` lists what the engine sees. */
export const GPU_DEVICES_KEY = `${GPU_KEY_PREFIX}devices`;

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

/** The autoscaler, off until {@link startPoolServices}. */
export function createAutoscaler(pool: WorkerPool, queues: QueueSet, config: EngineConfig, gpuCount: number): Autoscaler {
  return new Autoscaler(pool, queues, gpuCount, config.pool.autoscaleIdleMs);
}

/** What {@link startPoolServices} starts. */
export interface PoolServices {
  redis: Redis;
  handlers: ApiHandlers;
  devices: readonly GpuDevice[];
  autoscaler: Autoscaler;
  config: EngineConfig;
  /** Seals what the control channel's search sends back. */
  payloadKey: Buffer;
}

/**
 * Once the pool is up: publishes the device list, starts the control channel and, when
 * SEMANTIK_AUTOSCALE is set, autoscale. Returns what stops them.
 */
export async function startPoolServices(services: PoolServices): Promise<() => void> {
  const { redis, handlers, devices, autoscaler, config } = services;
  await redis.set(GPU_DEVICES_KEY, JSON.stringify(devices));
  // The key proves a request comes from this machine's user, not from whoever has the Redis password.
  const control = new ControlChannel(redis, handlers, loadOrCreateSecret(controlKeyPath(config.dataDir)).value, services.payloadKey);
  await control.start();
  const range = config.pool.autoscale;
  if (range) autoscaler.enable(range.min, range.max);
  return () => {
    autoscaler.disable();
    control.stop();
  };
}
