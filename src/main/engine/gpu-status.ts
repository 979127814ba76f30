/**
 * The GPU panel's data: devices, live stats from nvidia-smi, each device's one holder (worker,
 * pid, the jobs using it), the one wait list with waiting times, and memory around the last
 * sampled task.
 */
import type { Redis } from 'ioredis';
import type { GpuStatus, GpuTaskMemory } from '../../shared/monitor-types';
import { readGpuStats } from '../../node/gpu/detect-gpus';
import { parseOwner } from '../../node/gpu/gpu-lease-keys';
import { gpuLeaseStatus } from '../../node/gpu/gpu-lease-status';
import { readTaskMemory } from '../../node/gpu/gpu-memory';
import type { GpuDevice } from '../../node/gpu/gpu-types';

/** One call for everything about the GPUs: devices with their holders, and who waits. */
export async function readGpuInfo(redis: Redis, devices: readonly GpuDevice[]): Promise<GpuStatus> {
  if (devices.length === 0) return { gpus: [], waiters: [] };
  const [stats, leases, memory] = await Promise.all([readGpuStats(devices), gpuLeaseStatus(redis, [...devices]), readTaskMemory(redis)]);
  const now = Date.now();
  const waiters = leases.waiters.map((waiter) => {
    const parts = parseOwner(waiter.owner);
    return { ...waiter, workerId: parts.workerId, pid: parts.pid, waitingMs: Math.max(0, now - waiter.since) };
  });
  const gpus = devices.map((device) => {
    const stat = stats.find((one) => one.deviceId === device.id);
    const lease = leases.devices.find((one) => one.deviceId === device.id)?.lease ?? null;
    const owner = lease ? parseOwner(lease.holder) : null;
    const sample = memory.get(device.id);
    const taskMemory: GpuTaskMemory | null = sample
      ? {
          beforeMiB: sample.beforeMiB,
          afterMiB: sample.afterMiB,
          processMiB: sample.processMiB,
          released: sample.released,
          source: sample.source,
          owner: sample.owner,
          at: sample.at,
        }
      : null;
    return {
      id: device.id,
      index: device.index,
      name: device.name,
      simulated: device.simulated,
      utilizationPercent: stat?.utilizationPercent ?? null,
      memoryUsedMiB: stat?.memoryUsedMiB ?? null,
      memoryTotalMiB: stat?.memoryTotalMiB ?? device.memoryTotalMiB ?? null,
      temperatureC: stat?.temperatureC ?? null,
      powerW: stat?.powerW ?? null,
      lease:
        lease && owner
          ? { ...lease, workerId: owner.workerId, ...(owner.jobId ? { jobId: owner.jobId } : {}), pid: lease.pid ?? owner.pid }
          : null,
      taskMemory,
    };
  });
  return { gpus, waiters };
}
