/**
 * Re-embedding for a model switch: the same ingest flow that extract adds (an ingest parent with
 * embed children of up to CHUNKS_PER_EMBED_JOB texts), for chunks that are already indexed.
 */
import type { FlowProducer } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { CHUNKS_PER_EMBED_JOB, type ChunkRef, type EmbedJobData, type IngestJobData } from '../../../shared/jobs';
import type { JobKeys } from '../../../node/jobs/job-keys';
import { signJob } from '../../../node/jobs/job-signature';
import { seal } from '../../../node/jobs/payload-seal';
import { FLOW_QUEUES_OPTIONS } from '../../../node/queues';
import type { ChunkToEmbed } from '../../../node/store/model-selection';

/**
 * BullMQ priority of re-embedding jobs: prioritized jobs run after jobs without a priority, so
 * files being indexed (whose documents wait for their vectors) go first.
 */
export const REEMBED_PRIORITY = 100;

/** Adds one flow embedding `chunks` with `modelId`; returns the ingest job's id. */
export async function addReembedFlow(
  flows: FlowProducer,
  keys: JobKeys,
  modelId: string,
  chunks: readonly ChunkToEmbed[],
): Promise<string> {
  const flowId = randomUUID();
  const children: Array<{ id: string; count: number; data: EmbedJobData }> = [];
  for (let start = 0; start < chunks.length; start += CHUNKS_PER_EMBED_JOB) {
    const texts = chunks.slice(start, start + CHUNKS_PER_EMBED_JOB).map((chunk) => chunk.text);
    children.push({ id: `e-rm-${flowId}-${children.length}`, count: texts.length, data: { modelId, texts: seal(keys.payload, texts) } });
  }
  const refs: ChunkRef[] = chunks.map(({ chunkId, docId, generation }) => ({ chunkId, docId, generation }));
  const ingestId = `i-rm-${flowId}`;
  // runId 0: no run; ingest marks no document failed for a re-embed (see IngestJobData.reembed).
  const ingest: IngestJobData = {
    runId: 0,
    modelId,
    chunks: refs,
    children: children.map(({ id, count }) => ({ id, count })),
    reembed: true,
  };
  await flows.add(
    {
      name: 'ingest',
      queueName: 'ingest',
      data: signJob(keys.sign, 'ingest', 'ingest', ingest),
      opts: { jobId: ingestId, attempts: 5 },
      children: children.map((child) => ({
        name: 'embed',
        queueName: 'embed',
        data: child.data,
        opts: {
          jobId: child.id,
          ignoreDependencyOnFailure: true,
          attempts: 3,
          backoff: { type: 'exponential', delay: 2_000 },
          priority: REEMBED_PRIORITY,
        },
      })),
    },
    { queuesOptions: FLOW_QUEUES_OPTIONS },
  );
  return ingestId;
}
