import { z } from 'zod';
import { FOLLOW_LINKS_CHOICES } from './follow-links';
import { DEFAULT_FILES_PER_EXTRACT_JOB, MAX_FILES_PER_EXTRACT_JOB } from './jobs';

/**
 * Messages between the supervisor and its worker processes (over the fork/utilityProcess channel).
 *
 * Workers report state; the supervisor commands. Heartbeats carry what the monitor shows, so the
 * supervisor never has to ask a worker anything.
 */

export const workerStateSchema = z.enum(['starting', 'idle', 'busy', 'stopping']);
export type WorkerState = z.infer<typeof workerStateSchema>;

export const activeJobSchema = z.object({
  id: z.string(),
  queue: z.string(),
  name: z.string(),
  startedAt: z.number(),
  device: z.string().optional(),
});
export type ActiveJob = z.infer<typeof activeJobSchema>;

export const heartbeatSchema = z.object({
  workerId: z.string(),
  pid: z.number().int(),
  host: z.string(),
  state: workerStateSchema,
  device: z.string(),
  concurrency: z.number().int(),
  active: z.array(activeJobSchema),
  processed: z.number().int(),
  /** Jobs that failed for good (no attempt left). */
  failed: z.number().int(),
  /** Failed attempts that went back to the queue for another try (Flower's "retried"). Absent from older remote workers. */
  retried: z.number().int().default(0),
  rssBytes: z.number(),
  cpuPercent: z.number(),
  startedAt: z.number(),
  at: z.number(),
  queues: z.array(z.string()),
  /** Jobs (`queue:id`) aborted whose processor has not returned yet; the supervisor replaces a worker that keeps one. */
  aborting: z.array(z.string()).optional(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

const serializedErrorSchema = z.object({
  name: z.string(),
  message: z.string(),
  code: z.string(),
  stack: z.string().optional(),
});

/** Worker → supervisor. */
export const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), workerId: z.string(), pid: z.number().int() }),
  z.object({ type: z.literal('heartbeat'), heartbeat: heartbeatSchema }),
  z.object({
    type: z.literal('log'),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    msg: z.string(),
  }),
  z.object({ type: z.literal('fatal'), error: serializedErrorSchema }),
  z.object({ type: z.literal('stopped') }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

/** Supervisor → worker. */
export const supervisorMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stop'), graceMs: z.number().int().min(0) }),
  /** Embed jobs at once in this worker: the pool spreads the GPUs over its workers (pool-plan.ts). */
  z.object({ type: z.literal('concurrency'), embed: z.number().int().min(1).max(64) }),
]);
export type SupervisorMessage = z.infer<typeof supervisorMessageSchema>;

/** The worker's configuration, passed in its environment as JSON (SEMANTIK_WORKER_CONFIG). */
export const workerConfigSchema = z.object({
  workerId: z.string().min(1),
  redisUrl: z.string().min(1),
  redisPassword: z.string().optional(),
  dataDir: z.string().optional(),
  /** The job key (local workers only): the local queues run only jobs signed with it, and it signs the jobs this worker adds. */
  jobKey: z.string().min(16).optional(),
  /** The payload key (base64url, 32 bytes): encrypts and decrypts job texts and paths in Redis. */
  payloadKey: z.string().min(16).optional(),
  /** Queues this worker serves; a remote worker serves only `embed`. */
  queues: z.array(z.string()).min(1),
  concurrency: z.number().int().min(1).max(64),
  /** Device inventory: ids of CUDA devices to lease, or simulated ones (`sim:N`). */
  gpus: z.array(z.object({ id: z.string(), index: z.number().int(), simulated: z.boolean(), uuid: z.string().optional() })),
  gpuWaitMs: z.number().int().min(0),
  gpuMaxHoldMs: z.number().int().min(1000),
  gpuLeaseTtlMs: z.number().int().min(500),
  gpuFallback: z.enum(['cpu', 'wait']),
  /** The active embedding model's folder (the built-in one unless configured). */
  modelDir: z.string(),
  /**
   * Where an embed job's model is looked up when it is not `modelDir`: the models folder (each
   * subfolder a model) and single model folders (the built-in one, SEMANTIK_MODEL_DIR).
   */
  modelsDir: z.string().optional(),
  otherModelDirs: z.array(z.string()).optional(),
  maxFileBytes: z.number().int().min(1),
  /** What to walk and how to read it (defaults for a supervisor that does not send them). */
  extractTimeoutMs: z.number().int().min(100).default(60_000),
  extractMemoryBytes: z
    .number()
    .int()
    .min(16 * 1024 * 1024)
    .default(1024 ** 3),
  extractBatchFiles: z.number().int().min(1).max(MAX_FILES_PER_EXTRACT_JOB).default(DEFAULT_FILES_PER_EXTRACT_JOB),
  ignorePatterns: z.array(z.string()).default([]),
  includeHidden: z.boolean().default(false),
  followSymlinks: z.enum(FOLLOW_LINKS_CHOICES).default('inside'),
  heartbeatMs: z.number().int().min(100),
  /** This worker's share of the machine's cores for embedding on the CPU (its sessions and their threads); absent: 1. */
  cpuEmbedThreads: z.number().int().min(1).max(256).optional(),
  /** Embed jobs at once; absent: `concurrency`. Changed at run time by a `concurrency` message. */
  embedConcurrency: z.number().int().min(1).max(64).optional(),
  /** Soft time limit per task: its AbortSignal fires and the attempt fails (retried). Absent: none. */
  taskTimeLimitMs: z.number().int().min(100).optional(),
  /** Release the model session (and its device memory) after every embed task. */
  gpuReleaseAfterTask: z.boolean().optional(),
  /** MODEL_MAX_MEMORY_GB in bytes: a session using more of a GPU than this is released after its task. */
  modelMaxMemoryBytes: z.number().int().min(1).optional(),
  /** PEM of a certificate to trust for rediss:// (the app's self-signed one, for remote workers). */
  redisCa: z.string().optional(),
});
export type WorkerConfig = z.infer<typeof workerConfigSchema>;
