/**
 * The ingest job: the parent of a batch's embed jobs. Once they finish, it writes all their
 * vectors in one transaction; chunks whose embed job failed mark their documents failed.
 */
import { Job } from 'bullmq';
import { z } from 'zod';
import type { ChunkRef, EmbedJobData, IngestJobData } from '../../shared/jobs';
import { parseInput } from '../../shared/validate';
import { decodeVectors } from '../../node/vector-codec';
import type { WorkerContext } from '../worker-context';

// Embed results may come from a worker on another machine: validate them like any input.
const embedResultSchema = z.object({
  modelId: z.string(),
  dims: z.number().int().positive().max(8192),
  count: z.number().int().nonnegative(),
  vectorsBase64: z.string(),
  device: z.string(),
  workerId: z.string(),
  millis: z.number(),
  lease: z.object({ deviceId: z.string(), token: z.number(), startedAt: z.number(), finishedAt: z.number() }).nullable(),
});

function childIdOf(key: string): string {
  // Keys look like `<prefix>:<queue>:<id>`; our ids contain no colon.
  return key.slice(key.lastIndexOf(':') + 1);
}

/**
 * Drops the texts of a batch's embed jobs once their vectors are written: Redis keeps what the
 * monitor shows (model, run, count), not the documents' text, for the rest of the retention.
 */
async function forgetTexts(ctx: WorkerContext, data: IngestJobData): Promise<void> {
  const queue = ctx.queue('embed');
  for (const child of data.children) {
    const embed = await Job.fromId<Partial<EmbedJobData>>(queue, child.id);
    if (embed?.data.texts === undefined) continue;
    const kept = { modelId: embed.data.modelId ?? data.modelId, runId: data.runId, count: child.count };
    await embed.updateData(kept);
  }
}

/** Processes one ingest job. */
export async function processIngest(
  ctx: WorkerContext,
  job: Job<IngestJobData>,
): Promise<{ written: number; stale: number; failed: number }> {
  const { runId, modelId, chunks, children } = job.data;
  const values = new Map(Object.entries(await job.getChildrenValues()).map(([key, value]) => [childIdOf(key), value]));
  const failures = new Map(Object.entries(await job.getIgnoredChildrenFailures()).map(([key, reason]) => [childIdOf(key), String(reason)]));
  const okRefs: ChunkRef[] = [];
  const parts: Float32Array[] = [];
  const failedDocs = new Map<number, string>();
  let dims = 0;
  let offset = 0;
  for (const child of children) {
    const refs = chunks.slice(offset, offset + child.count);
    offset += child.count;
    const raw = values.get(child.id);
    if (raw === undefined) {
      const reason = `embedding failed: ${failures.get(child.id) ?? 'no result from the embed job'}`;
      for (const ref of refs) failedDocs.set(ref.docId, reason);
      continue;
    }
    const result = parseInput(embedResultSchema, raw, `result of embed job ${child.id}`);
    if (result.modelId !== modelId || result.count !== refs.length) {
      for (const ref of refs)
        failedDocs.set(
          ref.docId,
          `embed job ${child.id} returned ${result.count} vectors of ${result.modelId}; expected ${refs.length} of ${modelId}`,
        );
      continue;
    }
    dims = result.dims;
    parts.push(decodeVectors(result.vectorsBase64, result.dims, result.count));
    okRefs.push(...refs);
  }
  const vectors = new Float32Array(okRefs.length * dims);
  let at = 0;
  for (const part of parts) {
    vectors.set(part, at);
    at += part.length;
  }
  const { written, stale } = okRefs.length > 0 ? ctx.store.writeVectors(modelId, dims, okRefs, vectors) : { written: 0, stale: 0 };
  // A switch's re-embedding leaves failed chunks uncovered for its next pass: their documents are
  // indexed and searchable with the active model, so they are not failed.
  if (!job.data.reembed) for (const [docId, reason] of failedDocs) ctx.store.markDocument(docId, 'failed', reason, runId);
  await forgetTexts(ctx, job.data);
  return { written, stale, failed: failedDocs.size };
}
