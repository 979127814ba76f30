/**
 * `semantik worker --redis URL`: a worker on another machine that joins a running app's queues and
 * takes embed work with its own GPUs. It needs only Redis (no data folder, no SQLite).
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SemantikError } from '../../shared/errors';
import type { WorkerConfig } from '../../shared/worker-protocol';
import { detectGpus } from '../../node/gpu/detect-gpus';
import { defaultModelDir } from '../../workers/embed/default-model-dir';
import { runWorker } from '../../workers/worker-main';
import { loadConfig } from '../engine/config';
import { workerSettings } from '../engine/worker-settings';

export interface WorkerCommandOptions {
  redis: string;
  password?: string;
  concurrency?: number;
  /** PEM file of the certificate to trust for rediss:// (the app's `redis/tls/cert.pem`). */
  ca?: string;
}

function readCa(path: string | undefined): string | undefined {
  if (path === undefined || path === '') return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SemantikError('BAD_INPUT', `cannot read the CA certificate ${path}`, { cause });
  }
}

/** Runs a remote embed worker until SIGINT/SIGTERM; returns the exit code. */
export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  const config = loadConfig(process.env);
  const devices = await detectGpus();
  const password = options.password ?? process.env.SEMANTIK_REDIS_PASSWORD;
  const ca = readCa(options.ca ?? process.env.SEMANTIK_REDIS_CA);
  // Lease keys are per device id: this machine's GPUs must not share keys with the app's own
  // (cuda:0 here is another device than cuda:0 there), so their ids name this host.
  const host = hostname();
  const workerConfig: WorkerConfig = {
    workerId: `r-${host}-${process.pid}`,
    redisUrl: options.redis,
    ...(password ? { redisPassword: password } : {}),
    ...(ca ? { redisCa: ca } : {}),
    queues: ['embed'],
    ...workerSettings(config),
    concurrency: options.concurrency ?? config.concurrency,
    gpus: devices.map((device) => ({
      id: `${device.id}@${host}`,
      index: device.index,
      simulated: device.simulated,
      ...(device.uuid ? { uuid: device.uuid } : {}),
    })),
    modelDir: config.modelDir ?? defaultModelDir(),
    // During a switch, jobs name the new model: found in this machine's models folder.
    modelsDir: join(config.dataDir, 'models'),
    otherModelDirs: [defaultModelDir()],
    // This machine's own settings for the task limit and GPU memory (there is no pool here to recycle it).
    ...(config.pool.taskTimeLimitMs !== null ? { taskTimeLimitMs: config.pool.taskTimeLimitMs } : {}),
    ...(config.pool.gpuReleaseAfterTask ? { gpuReleaseAfterTask: true } : {}),
    ...(config.pool.modelMaxMemoryBytes !== null ? { modelMaxMemoryBytes: config.pool.modelMaxMemoryBytes } : {}),
  };
  await runWorker(JSON.stringify(workerConfig));
  return 0;
}
