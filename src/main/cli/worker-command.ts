/**
 * `semantik worker --redis URL`: a worker on another machine that joins a running app's queues and
 * takes embed work with its own GPUs. It needs only Redis (no data folder, no SQLite).
 */
import { hostname } from 'node:os';
import type { WorkerConfig } from '../../shared/worker-protocol';
import { detectGpus } from '../../node/gpu/detect-gpus';
import { defaultModelDir } from '../../workers/embed/default-model-dir';
import { runWorker } from '../../workers/worker-main';
import { loadConfig } from '../engine/config';

export interface WorkerCommandOptions {
  redis: string;
  password?: string;
  concurrency?: number;
}

/** Runs a remote embed worker until SIGINT/SIGTERM; returns the exit code. */
export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  const config = loadConfig(process.env);
  const devices = await detectGpus();
  const password = options.password ?? process.env.SEMANTIK_REDIS_PASSWORD;
  const workerConfig: WorkerConfig = {
    workerId: `r-${hostname()}-${process.pid}`,
    redisUrl: options.redis,
    ...(password ? { redisPassword: password } : {}),
    queues: ['embed'],
    concurrency: options.concurrency ?? config.concurrency,
    gpus: devices.map((device) => ({ id: device.id, index: device.index, simulated: device.simulated })),
    gpuWaitMs: config.gpuWaitMs,
    gpuMaxHoldMs: config.gpuMaxHoldMs,
    gpuLeaseTtlMs: config.gpuLeaseTtlMs,
    gpuFallback: config.gpuFallback,
    modelDir: config.modelDir ?? defaultModelDir(),
    maxFileBytes: config.maxFileBytes,
    extractTimeoutMs: config.extractTimeoutMs,
    extractMemoryBytes: config.extractMemoryBytes,
    ignorePatterns: config.ignorePatterns,
    includeHidden: config.includeHidden,
    followSymlinks: config.followSymlinks,
    heartbeatMs: config.heartbeatMs,
  };
  await runWorker(JSON.stringify(workerConfig));
  return 0;
}
