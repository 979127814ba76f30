/**
 * `semantik worker --redis URL`: workers on another machine that join a running app's queues and
 * take embed work with their own GPUs. They need only Redis (no data folder, no SQLite), as its
 * `worker` user: the embed queue and GPU leases, nothing of the other queues (see redis-acl.ts).
 *
 * The worker processes run under a pool of their own, as the app's do, so the same supervision
 * holds on that machine: a crashed worker is restarted with backoff (a crash loop is stopped), one
 * past SEMANTIK_WORKER_MAX_MEMORY is recycled after its job, one stuck past its hard time limit is
 * replaced, and the app's monitor sees each of them as a remote worker.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEngineEntry } from './cli-bundle';
import { SemantikError } from '../../shared/errors';
import type { WorkerConfig } from '../../shared/worker-protocol';
import { detectGpus } from '../../node/gpu/detect-gpus';
import { readPayloadKeyFile } from '../../node/jobs/job-keys';
import { childLogger } from '../../node/logger';
import { defaultModelDir } from '../../node/models/default-model-dir';
import { loadConfig } from '../engine/config';
import { forkLauncher } from '../engine/pool/fork-launcher';
import { cpuEmbedThreads } from '../engine/embed-threads';
import { defaultWorkerCount } from '../engine/pool-config';
import { createPool } from '../engine/pool-setup';
import { workerSettings } from '../engine/worker-settings';
import { workerCredentials } from './worker-credentials';
import { untilStopSignal } from './stop-signals';

const here = dirname(fileURLToPath(import.meta.url));
const log = childLogger('remote-workers');

export interface WorkerCommandOptions {
  redis: string;
  /** A file holding the `worker` user's password; else SEMANTIK_REDIS_PASSWORD. */
  passwordFile?: string;
  /** Refused with an explanation: a password on the command line is visible to every local user. */
  password?: string;
  concurrency?: number;
  /** Worker processes on this machine. @defaultValue SEMANTIK_WORKERS, else one per GPU, at least one */
  workers?: number;
  /** PEM file of the certificate to trust for rediss:// (the app's `redis/tls/cert.pem`). */
  ca?: string;
  /** The app's payload key (its data folder's `payload.key`): embed job texts travel encrypted with it. */
  payloadKeyFile?: string;
}

function readCa(path: string | undefined): string | undefined {
  if (path === undefined || path === '') return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SemantikError('BAD_INPUT', `cannot read the CA certificate ${path}`, { cause });
  }
}

/** Runs remote embed workers until SIGINT/SIGTERM; returns the exit code. */
export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  const config = loadConfig(process.env);
  const devices = await detectGpus();
  // As the `worker` user unless the URL names another; the password never from argv.
  const { url, password } = workerCredentials(options);
  const ca = readCa(options.ca ?? process.env.SEMANTIK_REDIS_CA);
  // A file, never a command-line value: argv is visible to every user of the machine.
  const keyFile = options.payloadKeyFile ?? process.env.SEMANTIK_PAYLOAD_KEY_FILE;
  if (!keyFile)
    throw new SemantikError(
      'BAD_INPUT',
      "embed texts are encrypted: give the app's payload.key with --payload-key-file or SEMANTIK_PAYLOAD_KEY_FILE",
    );
  const payloadKey = readPayloadKeyFile(keyFile).toString('base64url');
  // Lease keys are per device id: this machine's GPUs must not share keys with the app's own
  // (cuda:0 here is another device than cuda:0 there), so their ids name this host.
  const host = hostname();
  const concurrency = options.concurrency ?? config.concurrency;
  const count = options.workers ?? config.workers ?? defaultWorkerCount(devices.length);
  if (count < 1) throw new SemantikError('BAD_INPUT', '--workers must be at least 1');
  const base: Omit<WorkerConfig, 'workerId'> = {
    redisUrl: url,
    ...(password ? { redisPassword: password } : {}),
    ...(ca ? { redisCa: ca } : {}),
    // The payload key only: without the job key, this machine can add no job a local worker runs.
    payloadKey,
    queues: ['embed'],
    ...workerSettings(config),
    concurrency,
    cpuEmbedThreads: cpuEmbedThreads(count),
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
    // This machine's own settings for the task limit and GPU memory; its pool applies the rest.
    ...(config.pool.taskTimeLimitMs !== null ? { taskTimeLimitMs: config.pool.taskTimeLimitMs } : {}),
    ...(config.pool.gpuReleaseAfterTask ? { gpuReleaseAfterTask: true } : {}),
    ...(config.pool.modelMaxMemoryBytes !== null ? { modelMaxMemoryBytes: config.pool.modelMaxMemoryBytes } : {}),
  };
  // Ids name the machine and this command's process, so two commands on one host never collide.
  const prefix = `r-${host}-${process.pid}`;
  const pool = createPool({
    launcher: forkLauncher,
    // The built worker entry when this runs from the CLI bundle, else the TypeScript source.
    entry: cliEngineEntry().workerEntry ?? resolve(here, '../../workers/worker-main.ts'),
    envFor: (id) => ({
      SEMANTIK_WORKER_CONFIG: JSON.stringify({ ...base, workerId: `${prefix}-${id}` } satisfies WorkerConfig),
      SEMANTIK_LOG_LEVEL: process.env.SEMANTIK_LOG_LEVEL ?? 'info',
    }),
    // --concurrency is what the pool's embed plan spreads over this machine's GPUs.
    config: { ...config, concurrency },
    gpuCount: devices.length,
  });
  pool.scale(count);
  log.info({ count, redis: url, gpus: devices.map((device) => device.id) }, 'remote workers starting');
  await untilStopSignal();
  log.info('stopping: workers finish or hand back their jobs');
  await pool.close();
  return 0;
}
