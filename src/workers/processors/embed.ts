/**
 * The embed job: lease a GPU when the machine has one (else, or after the wait, the CPU), run the
 * model over the job's texts and return the vectors as binary.
 *
 * It touches neither the file system nor SQLite, so it can run on a worker on another machine.
 */
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { EmbedJobData, EmbedJobResult } from '../../shared/jobs';
import { encodeVectors } from '../../node/vector-codec';
import type { WorkerContext } from '../worker-context';

const WAIT_ON_FOREVER_MS = 365 * 24 * 3600 * 1000;

/** Processes one embed job. */
export async function processEmbed(ctx: WorkerContext, job: Job<EmbedJobData>): Promise<EmbedJobResult> {
  const started = Date.now();
  const modelId = await ctx.embedders.modelId();
  if (job.data.modelId !== modelId) {
    throw new UnrecoverableError(`this worker embeds with model ${modelId}; the job asks for ${job.data.modelId}`);
  }
  const jobId = job.id ?? 'unknown';
  const lease = ctx.leaser
    ? await ctx.leaser.acquire(ctx.owner(jobId), {
        waitMs: ctx.config.gpuFallback === 'wait' ? WAIT_ON_FOREVER_MS : ctx.config.gpuWaitMs,
        maxHoldMs: ctx.config.gpuMaxHoldMs,
        pid: process.pid,
      })
    : null;
  const deviceKey = lease ? lease.deviceId : 'cpu';
  const active = ctx.stats.active.get(jobId);
  if (active) active.device = deviceKey;
  try {
    const embedder = await ctx.embedders.get(deviceKey);
    const computeStart = Date.now();
    const vectors = await embedder.embed(job.data.texts);
    const computeEnd = Date.now();
    // Fencing: a worker that was paused past its lease's TTL must not deliver work done on a
    // device that someone else now holds; the job is retried elsewhere.
    if (lease && !(await lease.isValid())) {
      throw new Error(`lost the lease on ${lease.deviceId} while embedding (fencing token ${lease.token}); result discarded`);
    }
    // A simulated GPU computes on the CPU: say so in the record.
    const device = deviceKey.startsWith('sim:') ? `${deviceKey} (simulated, cpu)` : embedder.device;
    return {
      modelId,
      dims: embedder.info.dims,
      count: job.data.texts.length,
      vectorsBase64: encodeVectors(vectors),
      device,
      workerId: ctx.config.workerId,
      millis: Date.now() - started,
      lease: lease ? { deviceId: lease.deviceId, token: lease.token, startedAt: computeStart, finishedAt: computeEnd } : null,
    };
  } finally {
    await lease?.release();
  }
}
