/**
 * The extract job: read each file of a batch and turn it into text chunks, replace the chunks of
 * the batch's documents in one transaction, then add one ingest flow whose embed children carry
 * the chunk texts.
 *
 * Each file is handled on its own and parsed in an extraction thread with a time and memory limit
 * (ExtractPool): a damaged, hanging or memory-hungry file is recorded as failed with its reason,
 * an unknown or binary one as unsupported, a vanished one is dropped, and the batch goes on.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { createHash, randomUUID } from 'node:crypto';
import {
  CHUNKS_PER_EMBED_JOB,
  MAX_PENDING_EMBED_JOBS,
  type ChunkRef,
  type EmbedJobData,
  type ExtractJobData,
  type IngestJobData,
} from '../../shared/jobs';
import { childLogger } from '../../node/logger';
import { SemantikError } from '../../shared/errors';
import { FLOW_QUEUES_OPTIONS } from '../../node/queues';
import { waitForRoom } from '../backpressure';
import { ExtractPool } from '../extract/extract-pool';
import { detectByName } from '../extract/extractors/index';
import { readStable } from '../extract/read-file';
import { extractTargets, type ExtractTarget } from '../job-references';
import { refuse } from '../job-trust';
import type { WorkerContext } from '../worker-context';
import type { ChunkReplacement } from '../../node/store/chunks';
import type { Store } from '../../node/store/store';

/** Least time between two progress reports of an extract job. */
const PROGRESS_EVERY_MS = 500;

const log = childLogger('extract');
/** One pool of extraction threads per worker process (per context), made on first use. */
const pools = new WeakMap<WorkerContext, ExtractPool>();

function poolFor(ctx: WorkerContext): ExtractPool {
  let pool = pools.get(ctx);
  if (!pool) {
    pool = new ExtractPool({
      timeoutMs: ctx.config.extractTimeoutMs,
      memoryBytes: ctx.config.extractMemoryBytes,
      maxIdle: ctx.config.concurrency,
    });
    pools.set(ctx, pool);
  }
  return pool;
}

/** Processes one extract job; returns how many files it chunked and how many chunks it queued. */
export async function processExtract(
  ctx: WorkerContext,
  job: Job<ExtractJobData>,
): Promise<{ files: number; chunks: number; failed: number }> {
  const { runId } = job.data;
  // Paths come from the store by document id, each under the run's registered folder: a batch
  // naming anything else is refused before a file is read.
  const targets = extractTargets(ctx.store, runId, job.data.files);
  if (!targets.ok) throw refuse('extract', job, targets.reason);
  const files = targets.value;
  const pool = poolFor(ctx);
  const batch: BatchResults = { writes: [], failures: [], failed: 0, transient: false };
  let lastProgress = 0;
  for (const [index, file] of files.entries()) {
    // A round trip to Redis (and an event the monitor records): sent at most every PROGRESS_EVERY_MS.
    if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      await job.updateProgress({ done: index, total: files.length, currentFile: ctx.seal(file.path) });
    }
    await extractFile(ctx, pool, runId, file, batch);
  }
  const { refs, texts } = writeChunks(ctx.store, batch.writes);
  if (refs.length > 0) await addIngestFlow(ctx, runId, refs, texts);
  await job.updateProgress({ done: files.length, total: files.length, currentFile: null });
  if (batch.failures.length > 0) await failWithFailures(ctx, job, batch, files.length);
  return { files: files.length, chunks: refs.length, failed: batch.failed };
}

/** What a batch gathers as its files are extracted. */
interface BatchResults {
  /** Chunks are written for the whole batch in one transaction once every file is extracted. */
  writes: ChunkReplacement[];
  /** `<path>: <reason>` of each file that failed. */
  failures: string[];
  failed: number;
  /** Unexpected errors (I/O, the store) may pass on a retry; a file's content will not change by one. */
  transient: boolean;
}

/** Reads and extracts one file: its chunks join the batch's writes, or the document is marked (or dropped) with its reason. */
async function extractFile(ctx: WorkerContext, pool: ExtractPool, runId: number, file: ExtractTarget, batch: BatchResults): Promise<void> {
  const store = ctx.store;
  // A retried batch (after one of its files failed) skips the files it already indexed.
  if (file.indexed) return;
  try {
    const byName = detectByName(file.path);
    if ('unsupported' in byName) {
      // Skipped unread: a video is not worth reading to learn that it is not a document.
      store.markDocument(file.docId, 'unsupported', byName.unsupported, runId);
      return;
    }
    const read = await readStable(file.path, ctx.config.maxFileBytes);
    if (read.kind === 'vanished') {
      // Deleted since the scan: not a failure; the index forgets it as the next scan would.
      store.deleteDocuments([file.docId]);
      return;
    }
    const hash = createHash('sha256').update(read.bytes).digest('hex');
    const result = await pool.extract(file.path, read.bytes);
    if (result.kind === 'unsupported') {
      store.markDocument(file.docId, 'unsupported', result.reason, runId);
      return;
    }
    if (result.kind === 'failed') {
      batch.failed += 1;
      batch.failures.push(`${file.path}: ${result.reason}`);
      log.info({ path: file.path, reason: result.reason }, 'extraction failed');
      store.markDocument(file.docId, 'failed', result.reason, runId);
      return;
    }
    batch.writes.push({ docId: file.docId, hash, chunks: result.chunks, read: { size: read.size, mtimeMs: read.mtimeMs } });
  } catch (error) {
    batch.failed += 1;
    batch.failures.push(`${file.path}: ${(error as Error).message}`);
    // A file too large or no longer a regular file fails the same way on a retry.
    if (!(error instanceof SemantikError && error.code === 'BAD_INPUT')) batch.transient = true;
    store.markDocument(file.docId, 'failed', (error as Error).message, runId);
  }
}

/** Replaces the chunks of the batch's documents; returns the written chunks' references and texts, in the same order. */
function writeChunks(store: Store, writes: ChunkReplacement[]): { refs: ChunkRef[]; texts: string[] } {
  const refs: ChunkRef[] = [];
  const texts: string[] = [];
  // A document deleted since it was read (null) has nothing to embed. Should the write itself
  // fail, the job fails and its retry extracts the batch again.
  const replaced = writes.length > 0 ? store.replaceChunksOfMany(writes) : [];
  replaced.forEach((written, i) => {
    if (!written) return;
    const { docId, chunks } = writes[i]!;
    written.chunkIds.forEach((chunkId, k) => {
      refs.push({ chunkId, docId, generation: written.generation });
      // chunkIds and chunks have the same length: one id per inserted chunk.
      texts.push(chunks[k]!.text);
    });
  });
  return { refs, texts };
}

/** Adds the flow that embeds the texts (children of up to CHUNKS_PER_EMBED_JOB texts) and then writes their vectors (the ingest parent). */
async function addIngestFlow(ctx: WorkerContext, runId: number, refs: ChunkRef[], texts: string[]): Promise<void> {
  // The index's active model (a switch moves it; the engine records it at start), else this worker's own.
  const modelId = ctx.store.modelSelection().get().active ?? (await ctx.embedders.modelId());
  await waitForRoom(ctx.queue('embed'), MAX_PENDING_EMBED_JOBS);
  const flowId = randomUUID();
  const children: Array<{ id: string; count: number; data: EmbedJobData }> = [];
  for (let start = 0; start < texts.length; start += CHUNKS_PER_EMBED_JOB) {
    const slice = texts.slice(start, start + CHUNKS_PER_EMBED_JOB);
    children.push({ id: `e-${flowId}-${children.length}`, count: slice.length, data: { runId, modelId, texts: ctx.seal(slice) } });
  }
  const ingest: IngestJobData = { runId, modelId, chunks: refs, children: children.map(({ id, count }) => ({ id, count })) };
  await ctx.flows().add(
    {
      name: 'ingest',
      queueName: 'ingest',
      data: ctx.sign('ingest', 'ingest', ingest),
      opts: { jobId: `i-${flowId}`, attempts: 5 },
      children: children.map((child) => ({
        name: 'embed',
        queueName: 'embed',
        data: child.data,
        // A failed embed must not leave its parent waiting forever: the ingest job records the
        // failure for the affected documents instead.
        opts: { jobId: child.id, ignoreDependencyOnFailure: true, attempts: 3, backoff: { type: 'exponential', delay: 2_000 } },
      })),
    },
    // A FlowProducer ignores the queues' default options: the flow's retention is set here.
    { queuesOptions: FLOW_QUEUES_OPTIONS },
  );
}

/**
 * Fails the job with its files' failures. The other files are indexed (their flow is queued);
 * failing the job shows the bad ones in the monitor, where the job can be retried once they are
 * fixed (indexed files are skipped).
 */
async function failWithFailures(ctx: WorkerContext, job: Job<ExtractJobData>, batch: BatchResults, fileCount: number): Promise<never> {
  const { failures } = batch;
  for (const failure of failures) await job.log(ctx.seal(`failed: ${failure}`));
  const message = `${failures.length} of ${fileCount} files could not be extracted: ${failures.join('; ').slice(0, 2_000)}`;
  // A damaged file fails the same way every time: no automatic retries, a person retries it
  // once it is fixed. An unexpected error gets the job's retries.
  throw batch.transient ? new Error(message) : new UnrecoverableError(message);
}
