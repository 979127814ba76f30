/**
 * What happens to a device's memory around an embed task: sampled before and after (for the
 * status), and the session released after the task when SEMANTIK_GPU_RELEASE_AFTER_TASK is set or
 * when this process uses more of the GPU than MODEL_MAX_MEMORY_GB.
 */
import type { Job } from 'bullmq';
import { childLogger } from '../node/logger';
import {
  deviceMemoryUsedMiB,
  MEMORY_SAMPLE_MS,
  processMemoryOnDeviceMiB,
  recordTaskMemory,
  type MemoryDevice,
} from '../node/gpu/gpu-memory';
import type { Lease } from '../node/gpu/gpu-lease';
import type { WorkerContext } from './worker-context';

const log = childLogger('embed-device');
const MIB = 1024 * 1024;
const lastSampled = new Map<string, number>();
/** Devices this process holds a lease on right now (embed concurrency may be above one). */
const inUse = new Map<string, number>();

/**
 * The device to ask the leaser for first: one whose session this worker has loaded and is not
 * using, so a worker that keeps its device keeps its session (and its GPU memory) warm.
 */
export function preferredDevice(ctx: WorkerContext): string | undefined {
  return ctx.embedders.devices().find((key) => key !== 'cpu' && !inUse.has(key));
}

/**
 * Frees sessions on GPUs this worker no longer holds: a session left on a device that another
 * worker now leases would take that worker's memory.
 */
async function releaseOtherDevices(ctx: WorkerContext, current: string): Promise<void> {
  const others = ctx.embedders.devices().filter((key) => key !== 'cpu' && key !== current && !inUse.has(key));
  await Promise.all(others.map((key) => ctx.embedders.release(key)));
}

/** A task's memory bookkeeping on one leased device. */
export interface DeviceTask {
  /** Call once the task is done, while the lease is still held. Never throws. */
  finish(): Promise<void>;
}

function deviceOf(ctx: WorkerContext, deviceId: string): MemoryDevice | null {
  return ctx.config.gpus.find((gpu) => gpu.id === deviceId) ?? null;
}

/** Starts the bookkeeping for a task on `lease`'s device; samples "before" when a sample is due. */
export async function startDeviceTask(ctx: WorkerContext, lease: Lease, job: Job): Promise<DeviceTask> {
  inUse.set(lease.deviceId, (inUse.get(lease.deviceId) ?? 0) + 1);
  await releaseOtherDevices(ctx, lease.deviceId).catch((error: unknown) =>
    log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not release a session on another device'),
  );
  const device = deviceOf(ctx, lease.deviceId);
  const limitMiB = ctx.config.modelMaxMemoryBytes ? ctx.config.modelMaxMemoryBytes / MIB : null;
  const releaseAlways = ctx.config.gpuReleaseAfterTask === true;
  const now = Date.now();
  // Simulated devices cost nothing to sample; real ones are sampled every MEMORY_SAMPLE_MS, or
  // every task when a release or a limit needs the numbers.
  const due = device !== null && (device.simulated || releaseAlways || now - (lastSampled.get(lease.deviceId) ?? 0) >= MEMORY_SAMPLE_MS);
  const beforeMiB = due && device ? await deviceMemoryUsedMiB(device) : null;
  return {
    async finish() {
      const left = (inUse.get(lease.deviceId) ?? 1) - 1;
      if (left > 0) inUse.set(lease.deviceId, left);
      else inUse.delete(lease.deviceId);
      if (device === null || lease.signal.aborted) return; // not ours any more: touch nothing
      try {
        const processMiB = !device.simulated && (limitMiB !== null || due) ? await processMemoryOnDeviceMiB(device) : null;
        const overLimit = limitMiB !== null && processMiB !== null && processMiB > limitMiB;
        const release = releaseAlways || overLimit;
        if (release) await ctx.embedders.release(lease.deviceId);
        if (overLimit) {
          log.warn({ deviceId: lease.deviceId, processMiB, limitMiB }, 'session above MODEL_MAX_MEMORY_GB: released');
          await job.log(`session used ${processMiB} MiB of ${lease.deviceId}, above MODEL_MAX_MEMORY_GB (${limitMiB} MiB): released`);
        }
        if (!due) return;
        lastSampled.set(lease.deviceId, Date.now());
        await recordTaskMemory(ctx.redis, {
          deviceId: lease.deviceId,
          beforeMiB,
          afterMiB: await deviceMemoryUsedMiB(device),
          processMiB,
          released: release,
          source: device.simulated ? 'process-rss' : 'nvidia-smi',
          owner: lease.owner,
          at: Date.now(),
        });
      } catch (error) {
        // Bookkeeping must never fail a task whose vectors are already computed.
        log.warn(
          { deviceId: lease.deviceId, err: error instanceof Error ? error.message : String(error) },
          'device memory bookkeeping failed',
        );
      }
    },
  };
}
