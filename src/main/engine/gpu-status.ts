/**
 * The GPU panel's data: devices, live stats from nvidia-smi, lease holders and the wait list.
 */
import type { Redis } from 'ioredis';
import type { GpuInfo } from '../../shared/monitor-types';
import { readGpuStats } from '../../node/gpu/detect-gpus';
import { gpuLeaseStatus } from '../../node/gpu/gpu-lease-status';
import type { GpuDevice } from '../../node/gpu/gpu-types';

/** One call for everything about the GPUs (the "status is one call"). */
export async function readGpuInfo(redis: Redis, devices: readonly GpuDevice[]): Promise<GpuInfo[]> {
  if (devices.length === 0) return [];
  const [stats, leases] = await Promise.all([readGpuStats(devices), gpuLeaseStatus(redis, [...devices])]);
  return devices.map((device) => {
    const stat = stats.find((one) => one.deviceId === device.id);
    const lease = leases.devices.find((one) => one.deviceId === device.id)?.lease ?? null;
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
      lease,
      waiters: leases.waiters,
    };
  });
}
