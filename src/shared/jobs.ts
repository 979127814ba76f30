/**
 * The job queues and the data each job carries: the contract between the supervisor, local workers
 * and remote embed workers, which share nothing but Redis.
 */

/** Queue names. Embed is the only queue a remote worker (no file system, no SQLite) may serve. */
export const QUEUES = ['scan', 'extract', 'embed', 'ingest', 'system'] as const;
export type QueueName = (typeof QUEUES)[number];

/** Queues that need the local file system and the SQLite store. */
export const LOCAL_QUEUES: readonly QueueName[] = ['scan', 'extract', 'ingest', 'system'];

/**
 * Jobs carry references, not authority: the local queues' processors take every path and folder
 * from the store by id and check it lies under a registered folder, and run only jobs signed with
 * the job key (field `sig`, see src/node/jobs/job-signature.ts). Texts and paths travel sealed
 * (`Sealed`: AES-256-GCM with the payload key, see src/node/jobs/payload-seal.ts).
 */

/** A value encrypted with the payload key: one opaque string (`sealed:v1:...`). */
export type Sealed = string;

/** Walk one registered folder (found in the store by `sourceId`) and enqueue extract jobs. */
export interface ScanJobData {
  runId: number;
  sourceId: number;
  /**
   * Only these paths under the folder (files or folders, existing or deleted), as the folder
   * watcher saw them change, sealed (a JSON array of strings); absent: the whole folder.
   */
  paths?: Sealed;
}

/** One file of an extract batch: the document row (its path is in the store) and what the scan saw. */
export interface ExtractFile {
  docId: number;
  size: number;
  mtimeMs: number;
}

/** Read, extract and chunk a batch of files; then add an ingest flow for their chunks. */
export interface ExtractJobData {
  runId: number;
  files: ExtractFile[];
}

/** Embed a batch of chunk texts with a model; the result is binary (see EmbedJobResult). */
export interface EmbedJobData {
  modelId: string;
  /** The chunk texts, sealed (a JSON array of strings); removed once the batch's ingest is done. */
  texts: Sealed;
  /** The run the texts belong to: lets the monitor show the job's folder (absent in older jobs). */
  runId?: number;
}

/**
 * The result of an embed job.
 *
 * Vectors are float32, little-endian, row after row, base64-encoded: BullMQ stores results as JSON
 * and an array of numbers as JSON is about four times larger and far slower to parse.
 */
export interface EmbedJobResult {
  modelId: string;
  dims: number;
  count: number;
  vectorsBase64: string;
  device: string;
  workerId: string;
  millis: number;
  /** The GPU lease the batch ran under (null on the CPU): device, fencing token and when. */
  lease: { deviceId: string; token: number; startedAt: number; finishedAt: number } | null;
  /** Device memory before and after the task, on a GPU (absent on the CPU and in older results). */
  gpuMemory?: TaskGpuMemory | null;
}

/** Device memory around one embed task on a GPU, in MiB (null where it could not be read). */
export interface TaskGpuMemory {
  deviceId: string;
  beforeMiB: number | null;
  afterMiB: number | null;
  /** `nvidia-smi` for a real device; a simulated device computes on the CPU and reports its worker's RSS. */
  source: 'nvidia-smi' | 'simulated';
}

/** A chunk reference carried by an ingest job, so that vectors are written only to current chunks. */
export interface ChunkRef {
  chunkId: number;
  docId: number;
  generation: number;
}

/** Parent of a batch's embed jobs: writes their vectors in one transaction. */
export interface IngestJobData {
  runId: number;
  modelId: string;
  /** Chunk refs in the order of the children's texts, child after child (see `children`). */
  chunks: ChunkRef[];
  /** The embed children in the order their texts appear in `chunks`, with their text counts. */
  children: Array<{ id: string; count: number }>;
  /**
   * A model switch's re-embedding of chunks that are already indexed with the active model: a
   * failure leaves the chunks for the next pass instead of marking their documents failed.
   */
  reembed?: boolean;
}

/** `test_task`: a round trip through a worker that proves the queue works (`semantik doctor`). */
export interface PingJobData {
  sentAt: number;
  nonce: string;
}

export interface PingJobResult {
  nonce: string;
  workerId: string;
  pid: number;
}

/** Names of jobs on the system queue. `test_sleep` is a diagnostic that runs for a while (abort tests). */
export const SYSTEM_JOBS = { ping: 'test_task', cleanup: 'cleanup_old_results', sleep: 'test_sleep' } as const;

/** The daily cleanup: removes Redis results and archives job records older than the retention. */
export interface CleanupJobData {
  retentionDays: number;
}

/** What the cleanup removed: Redis jobs per queue, and history records archived. */
export interface CleanupJobResult {
  retentionDays: number;
  cutoff: number;
  redisRemoved: Record<string, number>;
  recordsArchived: number;
  archivePruned: number;
}

/**
 * `test_sleep`: holds a worker for `ms`. Honours the abort signal unless `blocking`, which spins
 * the event loop like a stuck native call (the case where the supervisor must replace the worker).
 */
export interface SleepJobData {
  ms: number;
  blocking?: boolean;
}

/** Pending work allowed in Redis per queue before a producer waits (backpressure). */
export const MAX_PENDING_EXTRACT_JOBS = 200;
export const MAX_PENDING_EMBED_JOBS = 200;

/**
 * Files per extract job, at most, by default (SEMANTIK_EXTRACT_BATCH). Each job costs a few Redis
 * round trips, an ingest flow and the history's events, and a folder of small files makes embed
 * jobs no larger than its extract jobs: 128 files index 20,000 small files about twice as fast as
 * 16. A scan's first jobs are smaller (FIRST_EXTRACT_JOB_FILES, doubling up to the most), so that
 * a run of a few dozen files still spreads over every worker.
 */
export const DEFAULT_FILES_PER_EXTRACT_JOB = 128;
export const MAX_FILES_PER_EXTRACT_JOB = 1024;
export const FIRST_EXTRACT_JOB_FILES = 16;
/** An extract job is closed once its files reach this many bytes (MiB): a batch of big files stays small. */
export const EXTRACT_JOB_BYTES = 16 * 1024 ** 2;
/** Chunk texts per embed job (64 to 256 keeps the model busy without holding a GPU long). */
export const CHUNKS_PER_EMBED_JOB = 128;
