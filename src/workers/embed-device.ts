/**
 * What happens to a device's memory around an embed task: sampled before and after (for the task's
 * own result and the device's status), and the session released after the task when
 * SEMANTIK_GPU_RELEASE_AFTER_TASK is set or when this process uses more of the GPU than
 * MODEL_MAX_MEMORY_GB.
 */
import type { Job } from 'bullmq';
import type { TaskGpuMemory } from '../shared/jobs';
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
/**
 * A real device's reading is reused this long: nvidia-smi takes tens of milliseconds a call, so
 * back-to-back tasks share one reading (the one after a task is the one before the next).
 */
const SAMPLE_REUSE_MS = 1_000;
const lastReading = new Map<string, { at: number; usedMiB: number | null }>();
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
  /**
   * Call once the task is done, while the lease is still held; later calls return the first
   * call's answer. Resolves with the device's memory before and after the task (null when the
   * lease was lost meanwhile). Never throws.
   */
  finish(): Promise<TaskGpuMemory | null>;
}

/** Memory used on the device now, or a reading of it younger than SAMPLE_REUSE_MS (real devices). */
async function usedMiB(device: MemoryDevice, fresh = false): Promise<number | null> {
  const known = lastReading.get(device.id);
  if (!device.simulated && !fresh && known && Date.now() - known.at < SAMPLE_REUSE_MS) return known.usedMiB;
  const value = await deviceMemoryUsedMiB(device);
  lastReading.set(device.id, { at: Date.now(), usedMiB: value });
  return value;
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
  // Every task gets its before and after figures; the per-process figure (nvidia-smi's compute
  // apps) is read every MEMORY_SAMPLE_MS, or every task when a release or a limit needs it.
  const due = device !== null && (device.simulated || releaseAlways || now - (lastSampled.get(lease.deviceId) ?? 0) >= MEMORY_SAMPLE_MS);
  const beforeMiB = device ? await usedMiB(device) : null;
  let finished: Promise<TaskGpuMemory | null> | null = null;
  return {
    finish() {
      finished ??= finishTask();
      return finished;
    },
  };

  async function finishTask(): Promise<TaskGpuMemory | null> {
    const left = (inUse.get(lease.deviceId) ?? 1) - 1;
    if (left > 0) inUse.set(lease.deviceId, left);
    else inUse.delete(lease.deviceId);
    if (device === null || lease.signal.aborted) return null; // not ours any more: touch nothing
    try {
      const processMiB = !device.simulated && (limitMiB !== null || due) ? await processMemoryOnDeviceMiB(device) : null;
      const overLimit = limitMiB !== null && processMiB !== null && processMiB > limitMiB;
      const release = releaseAlways || overLimit;
      if (release) await ctx.embedders.release(lease.deviceId);
      if (overLimit) {
        log.warn({ deviceId: lease.deviceId, processMiB, limitMiB }, 'session above MODEL_MAX_MEMORY_GB: released');
        await job.log(`session used ${processMiB} MiB of ${lease.deviceId}, above MODEL_MAX_MEMORY_GB (${limitMiB} MiB): released`);
      }
      // After a release the reading must be new: it shows what the release gave back.
      const afterMiB = await usedMiB(device, release);
      const memory: TaskGpuMemory = {
        deviceId: lease.deviceId,
        beforeMiB,
        afterMiB,
        source: device.simulated ? 'simulated' : 'nvidia-smi',
      };
      if (!due) return memory;
      lastSampled.set(lease.deviceId, Date.now());
      await recordTaskMemory(ctx.redis, {
        deviceId: lease.deviceId,
        beforeMiB,
        afterMiB,
        processMiB,
        released: release,
        source: device.simulated ? 'process-rss' : 'nvidia-smi',
        owner: lease.owner,
        at: Date.now(),
      });
      return memory;
    } catch (error) {
      // Bookkeeping must never fail a task whose vectors are already computed.
      log.warn(
        { deviceId: lease.deviceId, err: error instanceof Error ? error.message : String(error) },
        'device memory bookkeeping failed',
      );
      return null;
    }
  }
}
