import { z } from 'zod';

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
  failed: z.number().int(),
  rssBytes: z.number(),
  cpuPercent: z.number(),
  startedAt: z.number(),
  at: z.number(),
  queues: z.array(z.string()),
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
]);
export type SupervisorMessage = z.infer<typeof supervisorMessageSchema>;

/** The worker's configuration, passed in its environment as JSON (SEMANTIK_WORKER_CONFIG). */
export const workerConfigSchema = z.object({
  workerId: z.string().min(1),
  redisUrl: z.string().min(1),
  redisPassword: z.string().optional(),
  dataDir: z.string().optional(),
  /** Queues this worker serves; a remote worker serves only `embed`. */
  queues: z.array(z.string()).min(1),
  concurrency: z.number().int().min(1).max(64),
  /** Device inventory: ids of CUDA devices to lease, or simulated ones (`sim:N`). */
  gpus: z.array(z.object({ id: z.string(), index: z.number().int(), simulated: z.boolean() })),
  gpuWaitMs: z.number().int().min(0),
  gpuMaxHoldMs: z.number().int().min(1000),
  gpuLeaseTtlMs: z.number().int().min(500),
  gpuFallback: z.enum(['cpu', 'wait']),
  /** The active embedding model's folder (the built-in one unless configured). */
  modelDir: z.string(),
  maxFileBytes: z.number().int().min(1),
  heartbeatMs: z.number().int().min(100),
});
export type WorkerConfig = z.infer<typeof workerConfigSchema>;
