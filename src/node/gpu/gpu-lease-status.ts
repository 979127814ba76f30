/**
 * Who holds which GPU since when, which of its jobs use it, and who waits: one read for the GPU
 * panel, the CLI and the web monitor.
 */
import type { Redis } from 'ioredis';
import type { GpuLeaseInfo, GpuWaiter } from '../../shared/monitor-types';
import { SemantikError } from '../../shared/errors';
import { decodeLeaseValue, deviceKeys, WAIT_ALIVE_KEY, WAIT_JOBS_KEY, WAIT_KEY } from './gpu-lease-keys';
import type { GpuDevice } from './gpu-types';

/** Every device's lease (null when free) and the one live wait list in join order. */
export interface GpuLeaseStatus {
  devices: { deviceId: string; lease: GpuLeaseInfo | null }[];
  waiters: GpuWaiter[];
}

/** Reads the lease state in one MULTI, so holders and waiters are one consistent snapshot. */
export async function gpuLeaseStatus(redis: Redis, devices: readonly GpuDevice[]): Promise<GpuLeaseStatus> {
  const multi = redis.multi().time().zrange(WAIT_KEY, 0, '-1', 'WITHSCORES').hgetall(WAIT_ALIVE_KEY).hgetall(WAIT_JOBS_KEY);
  for (const device of devices) {
    const keys = deviceKeys(device.id);
    multi.get(keys.lease).pttl(keys.lease).hgetall(keys.holder);
  }
  const replies = await multi.exec();
  if (replies === null) throw new SemantikError('REDIS', 'GPU lease status transaction was aborted');
  const results = replies.map(([error, result]) => {
    if (error) throw new SemantikError('REDIS', 'GPU lease status read failed', { cause: error });
    return result;
  });
  const [time, waitList, alive, waitJobs] = results;
  const now = Array.isArray(time) ? Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000) : Date.now();
  return {
    devices: devices.map((device, i) => ({
      deviceId: device.id,
      lease: leaseInfo(results[4 + i * 3], results[5 + i * 3], results[6 + i * 3]),
    })),
    waiters: liveWaiters(waitList, alive, waitJobs, now),
  };
}

function record(value: unknown): Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, string>) : {};
}

/** A JSON list of job ids as a holder or waiter wrote it; anything else reads as none. */
function jobList(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

function leaseInfo(value: unknown, pttl: unknown, holderHash: unknown): GpuLeaseInfo | null {
  const lease = decodeLeaseValue(typeof value === 'string' ? value : null);
  if (lease === null) return null;
  const holder = record(holderHash);
  const pid = holder.pid;
  return {
    holder: lease.owner,
    jobIds: jobList(holder.jobs),
    idle: holder.idle === '1',
    pid: typeof pid === 'string' && /^\d+$/.test(pid) ? Number(pid) : null,
    since: lease.since,
    fencingToken: lease.token,
    // PTTL is -1 (no TTL) or -2 (gone since GET) only if something else wrote the key.
    expiresInMs: typeof pttl === 'number' ? Math.max(0, pttl) : 0,
  };
}

function liveWaiters(waitList: unknown, alive: unknown, waitJobs: unknown, now: number): GpuWaiter[] {
  if (!Array.isArray(waitList)) return [];
  // RESP2 gives member, score, member, score…; RESP3 gives [member, score] pairs.
  const flat: unknown[] = waitList.flat();
  const deadlines = new Map(Object.entries(record(alive)));
  const jobs = record(waitJobs);
  const waiters: GpuWaiter[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const owner = String(flat[i]);
    // Dead waiters stay in the list until the next acquire prunes them: hide them here.
    if (Number(deadlines.get(owner)) >= now) waiters.push({ owner, since: Number(flat[i + 1]), jobIds: jobList(jobs[owner]) });
  }
  return waiters;
}
