/**
 * The embed job: lease a GPU when the machine has one (else, or after the wait, the CPU), run the
 * model over the job's texts and return the vectors as binary.
 *
 * It touches neither the file system nor SQLite, so it can run on a worker on another machine.
 *
 * The device is used only while the lease holds: the model stops between batches when the lease
 * is lost or held past its maximum (`lease.signal`), when its last confirmed renewal is older than
 * the TTL (`usableUntil`, which catches a process resumed after a SIGSTOP before its timers run),
 * or when the job's own signal fires (abort, time limit, hand-back); and before the result is
 * returned, Redis is asked whether the fencing token still holds the device.
 */
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { EmbedJobData, EmbedJobResult } from '../../shared/jobs';
import { SemantikError } from '../../shared/errors';
import { encodeVectors } from '../../node/vector-codec';
import type { Lease } from '../../node/gpu/gpu-lease';
import { embedSplittingOnOom, type SplitReport } from '../embed/oom-split';
import { preferredDevice, startDeviceTask } from '../embed-device';
import { embedTexts } from '../job-payloads';
import type { WorkerContext } from '../worker-context';

const WAIT_ON_FOREVER_MS = 365 * 24 * 3600 * 1000;
const NEVER = new AbortController().signal;

async function leaseFor(ctx: WorkerContext, job: Job<EmbedJobData>, signal: AbortSignal): Promise<Lease | null> {
  if (!ctx.leaser) return null;
  const prefer = preferredDevice(ctx);
  const waitMs = ctx.config.gpuFallback === 'wait' ? WAIT_ON_FOREVER_MS : ctx.config.gpuWaitMs;
  const lease = await ctx.leaser.acquire(ctx.owner(job.id ?? 'unknown'), {
    waitMs,
    maxHoldMs: ctx.config.gpuMaxHoldMs,
    pid: process.pid,
    signal,
    ...(prefer ? { prefer } : {}),
  });
  // acquire() resolves null when the job's signal fires while it waits: that is not a CPU fallback.
  signal.throwIfAborted();
  if (!lease) await job.log(`no GPU free within ${Math.round(waitMs / 1000)} s (SEMANTIK_GPU_WAIT): ran on the CPU`);
  return lease;
}

/** Processes one embed job. */
export async function processEmbed(ctx: WorkerContext, job: Job<EmbedJobData>, signal: AbortSignal = NEVER): Promise<EmbedJobResult> {
  const started = Date.now();
  // The job names its model: during a switch, jobs for the new one run beside the old one's.
  const modelId = job.data.modelId;
  // Before taking a GPU: a worker without the model's files fails the same way on every retry.
  await ctx.embedders.locate(modelId).catch((error: unknown) => {
    throw new UnrecoverableError(errorText(error));
  });
  const texts = embedTexts(ctx, job.data);
  const jobId = job.id ?? 'unknown';
  const lease = await leaseFor(ctx, job, signal);
  const deviceKey = lease ? lease.deviceId : 'cpu';
  const active = ctx.stats.active.get(jobId);
  if (active) active.device = deviceKey;
  const deviceTask = lease ? await startDeviceTask(ctx, lease, job) : null;
  try {
    const embedder = await ctx.embedders.get(deviceKey, modelId);
    const callSignal = lease ? AbortSignal.any([signal, lease.signal]) : signal;
    const report: SplitReport = { ooms: 0, calls: 0 };
    const computeStart = Date.now();
    let vectors: Float32Array;
    let computeEnd: number;
    try {
      vectors = await embedSplittingOnOom(
        texts,
        embedder.info.dims,
        (part) => embedder.embed(part, { signal: callSignal, ...(lease ? { usableUntil: () => lease.usableUntil } : {}) }),
        report,
      );
      computeEnd = Date.now();
      // Fencing: a worker that was paused past its lease's TTL must not deliver work done on a
      // device that someone else now holds; the job is retried elsewhere.
      if (lease && !(await lease.isValid())) {
        throw new SemantikError('GPU', `lost the lease on ${lease.deviceId} while embedding; result discarded`);
      }
    } catch (error) {
      await job.log(`stopped on ${deviceKey}${lease ? ` (fencing token ${lease.token})` : ''}: ${errorText(error)}`);
      if (error instanceof SemantikError && error.code === 'MODEL') ctx.embedders.forget(deviceKey);
      throw error;
    }
    if (report.ooms > 0) await job.log(`out of memory ${report.ooms} time(s) on ${deviceKey}: split into ${report.calls} calls`);
    // A simulated GPU computes on the CPU: say so in the record.
    const device = deviceKey.startsWith('sim:') ? `${deviceKey} (simulated, cpu)` : embedder.device;
    return {
      modelId,
      dims: embedder.info.dims,
      count: texts.length,
      vectorsBase64: encodeVectors(vectors),
      device,
      workerId: ctx.config.workerId,
      millis: Date.now() - started,
      lease: lease ? { deviceId: lease.deviceId, token: lease.token, startedAt: computeStart, finishedAt: computeEnd } : null,
    };
  } finally {
    // Session release and the memory sample happen while the device is still ours.
    await deviceTask?.finish();
    await lease?.release();
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
