/**
 * The extract job: read each file of a batch, turn it into text chunks, replace the document's
 * chunks in one transaction, then add one ingest flow whose embed children carry the chunk texts.
 *
 * Each file is handled on its own: a vanished, unreadable, binary or oversized file is recorded
 * with its reason and the rest of the batch goes on.
 */
import type { Job } from 'bullmq';
import { createHash, randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import {
  CHUNKS_PER_EMBED_JOB,
  MAX_PENDING_EMBED_JOBS,
  type ChunkRef,
  type EmbedJobData,
  type ExtractJobData,
  type IngestJobData,
} from '../../shared/jobs';
import { waitForRoom } from '../backpressure';
import { chunkText } from '../extract/chunk-text';
import { bytesToText } from '../extract/read-text';
import type { WorkerContext } from '../worker-context';

const MIB = 1024 * 1024;

/** Processes one extract job; returns how many files it chunked and how many chunks it queued. */
export async function processExtract(
  ctx: WorkerContext,
  job: Job<ExtractJobData>,
): Promise<{ files: number; chunks: number; failed: number }> {
  const { runId, files } = job.data;
  const store = ctx.store;
  const refs: ChunkRef[] = [];
  const texts: string[] = [];
  let failed = 0;

  for (const [index, file] of files.entries()) {
    await job.updateProgress({ done: index, total: files.length, currentFile: file.path });
    try {
      const info = await stat(file.path).catch((error: Error) => {
        throw new Error(`file vanished before it could be read (${error.message})`);
      });
      if (!info.isFile()) throw new Error('no longer a regular file');
      if (info.size > ctx.config.maxFileBytes) {
        throw new Error(
          `file too large: ${(info.size / MIB).toFixed(1)} MB (limit ${(ctx.config.maxFileBytes / MIB).toFixed(0)} MB, SEMANTIK_MAX_FILE_SIZE)`,
        );
      }
      const bytes = await readFile(file.path);
      const content = bytesToText(bytes);
      if (content.kind === 'unsupported') {
        store.markDocument(file.docId, 'unsupported', content.reason, runId);
        continue;
      }
      const hash = createHash('sha256').update(bytes).digest('hex');
      const chunks = chunkText(content.text);
      const { generation, chunkIds } = store.replaceChunks(file.docId, hash, chunks);
      chunkIds.forEach((chunkId, i) => {
        refs.push({ chunkId, docId: file.docId, generation });
        // chunkIds and chunks have the same length: one id per inserted chunk.
        texts.push(chunks[i]!.text);
      });
    } catch (error) {
      failed += 1;
      store.markDocument(file.docId, 'failed', (error as Error).message, runId);
    }
  }

  if (refs.length > 0) {
    const modelId = await ctx.embedders.modelId();
    await waitForRoom(ctx.queue('embed'), MAX_PENDING_EMBED_JOBS);
    const flowId = randomUUID();
    const children: Array<{ id: string; count: number; data: EmbedJobData }> = [];
    for (let start = 0; start < texts.length; start += CHUNKS_PER_EMBED_JOB) {
      const slice = texts.slice(start, start + CHUNKS_PER_EMBED_JOB);
      children.push({ id: `e-${flowId}-${children.length}`, count: slice.length, data: { modelId, texts: slice } });
    }
    const ingest: IngestJobData = { runId, modelId, chunks: refs, children: children.map(({ id, count }) => ({ id, count })) };
    await ctx.flows().add({
      name: 'ingest',
      queueName: 'ingest',
      data: ingest,
      opts: { jobId: `i-${flowId}`, attempts: 5 },
      children: children.map((child) => ({
        name: 'embed',
        queueName: 'embed',
        data: child.data,
        // A failed embed must not leave its parent waiting forever: the ingest job records the
        // failure for the affected documents instead.
        opts: { jobId: child.id, ignoreDependencyOnFailure: true, attempts: 3, backoff: { type: 'exponential', delay: 2_000 } },
      })),
    });
  }
  await job.updateProgress({ done: files.length, total: files.length, currentFile: null });
  return { files: files.length, chunks: refs.length, failed };
}
