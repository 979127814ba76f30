/**
 * What a worker process holds while it runs: its config, Redis connection options, the store's
 * writer connection (local workers only), the queues it produces to, GPU leases and model sessions.
 */
import { FlowProducer, Queue, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { QueueName } from '../shared/jobs';
import type { WorkerConfig } from '../shared/worker-protocol';
import { SemantikError } from '../shared/errors';
import { DEFAULT_JOB_OPTIONS, QUEUE_PREFIX } from '../node/queues';
import { redisOptionsFromUrl, withoutInfo } from '../node/redis-options';
import { openStore } from '../node/store/open-store';
import type { Store } from '../node/store/store';
import { createGpuLeaser } from '../node/gpu/gpu-lease';
import { payloadKeyOf } from '../node/jobs/job-keys';
import { signJob } from '../node/jobs/job-signature';
import { seal, unseal } from '../node/jobs/payload-seal';
import { createProcessGpu, type ProcessGpu } from '../node/gpu/process-lease';
import { EmbedderCache } from './embed-cache';

export interface WorkerStats {
  processed: number;
  failed: number;
  retried: number;
  active: Map<string, { id: string; queue: string; name: string; startedAt: number; device?: string }>;
  /** Jobs (`queue:id`) aborted whose processor is still running (see job-abort.ts). */
  aborting: Set<string>;
}

/** The resources of one worker process, created once at start and closed at stop. */
export class WorkerContext {
  readonly connection: ReturnType<typeof redisOptionsFromUrl>;
  readonly redis: Redis;
  readonly host = hostname();
  readonly stats: WorkerStats = { processed: 0, failed: 0, retried: 0, active: new Map(), aborting: new Set() };
  readonly embedders: EmbedderCache;
  readonly leaser: ReturnType<typeof createGpuLeaser> | null;
  /** This process's one device (at most one at a time), shared by its embed tasks in turns. */
  readonly gpu: ProcessGpu | null;
  private storeHandle: Store | null = null;
  private readonly queues = new Map<QueueName, Queue>();
  private flowProducer: FlowProducer | null = null;
  /** Signs the jobs this worker adds to local queues; null in a remote embed worker. */
  readonly jobKey: string | null;
  /** Seals and opens texts and paths in job payloads. */
  readonly payloadKey: Buffer | null;

  constructor(readonly config: WorkerConfig) {
    this.jobKey = config.jobKey ?? null;
    this.payloadKey = config.payloadKey ? payloadKeyOf(config.payloadKey, 'the worker config') : null;
    const connection = redisOptionsFromUrl(config.redisUrl, config.redisPassword, config.redisCa);
    // A remote worker (no data folder) connects as a user that may not run INFO.
    this.connection = config.dataDir === undefined ? withoutInfo(connection) : connection;
    this.redis = new Redis(this.connection);
    this.embedders = new EmbedderCache(
      config.modelDir,
      { dirs: config.otherModelDirs ?? [], ...(config.modelsDir ? { modelsDir: config.modelsDir } : {}) },
      config.cpuEmbedThreads ?? 1,
    );
    this.leaser =
      config.gpus.length > 0
        ? createGpuLeaser({
            redis: this.redis,
            devices: config.gpus.map((gpu) => ({ id: gpu.id, index: gpu.index, name: gpu.id, simulated: gpu.simulated })),
            ttlMs: config.gpuLeaseTtlMs,
          })
        : null;
    this.gpu = this.leaser ? createProcessGpu({ leaser: this.leaser, redis: this.redis, workerId: config.workerId }) : null;
  }

  /** The SQLite store; only local workers (which have a data folder) may ask for it. */
  get store(): Store {
    if (!this.storeHandle) {
      if (!this.config.dataDir) throw new SemantikError('INTERNAL', 'this worker has no data folder (remote embed worker)');
      this.storeHandle = openStore(join(this.config.dataDir, 'semantik.db'));
    }
    return this.storeHandle;
  }

  /** A producer handle for a queue (extract and embed jobs are added by workers). */
  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: QUEUE_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** `data` signed for a job `name` on a local `queue`. */
  sign<T extends object>(queue: QueueName, name: string, data: T): T & { sig: string } {
    if (!this.jobKey) throw new SemantikError('INTERNAL', `this worker has no job key: it cannot add ${queue} jobs`);
    return signJob(this.jobKey, queue, name, data);
  }

  /** Adds a signed job to a local queue. */
  async addSigned(queue: QueueName, name: string, data: object, opts?: JobsOptions): Promise<Job> {
    return this.queue(queue).add(name, this.sign(queue, name, data), opts);
  }

  /** `value` sealed with the payload key. */
  seal(value: unknown): string {
    if (!this.payloadKey) throw new SemantikError('INTERNAL', 'this worker has no payload key (SEMANTIK_PAYLOAD_KEY_FILE)');
    return seal(this.payloadKey, value);
  }

  /** A sealed value opened with the payload key. */
  unseal(sealed: string): unknown {
    if (!this.payloadKey)
      throw new SemantikError('BAD_INPUT', 'this worker has no payload key (SEMANTIK_PAYLOAD_KEY_FILE): it cannot read job texts');
    return unseal(this.payloadKey, sealed);
  }

  /** The flow producer that adds an ingest job together with its embed children, atomically. */
  flows(): FlowProducer {
    this.flowProducer ??= new FlowProducer({ connection: this.connection, prefix: QUEUE_PREFIX });
    return this.flowProducer;
  }

  /** An owner string for leases and logs: worker, pid and job. */
  owner(jobId: string): string {
    return `${this.config.workerId}:${process.pid}:${jobId}`;
  }

  async close(): Promise<void> {
    await this.gpu?.close();
    await this.leaser?.close();
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.flowProducer?.close();
    await this.embedders.disposeAll();
    this.storeHandle?.close();
    this.redis.disconnect();
  }
}
