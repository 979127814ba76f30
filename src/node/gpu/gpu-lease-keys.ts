/**
 * Where GPU leases live in Redis, and how a lease's value is written.
 *
 * Per device: `lease:<id>` = `owner|token|since` (SET NX PX ttl), `fence:<id>` (INCR per grant and
 * per task turn: the fencing token), `holder:<id>` = hash { pid, until, jobs, idle } with the
 * lease's TTL (`until` is the max-hold deadline of the task on the device, `jobs` the JSON list of
 * the holder's jobs using it, `idle` set while none does). For the pool: `wait` (sorted set owner →
 * join time, one fair queue), `wait-alive` (hash owner → liveness deadline, so a dead waiter drops
 * out) and `wait-jobs` (hash owner → JSON list of the jobs that wait with it, for the status).
 */

/** Every GPU key starts with this. */
export const GPU_KEY_PREFIX = 'semantik:gpu:';
/** The pool's wait list: a sorted set of owners scored by the time they joined (ms). */
export const WAIT_KEY = `${GPU_KEY_PREFIX}wait`;
/** Owner → time (ms) after which a waiter that has not polled again counts as dead. */
export const WAIT_ALIVE_KEY = `${GPU_KEY_PREFIX}wait-alive`;
/** Owner → JSON list of the job ids waiting with that owner (a worker process waits once for all its jobs). */
export const WAIT_JOBS_KEY = `${GPU_KEY_PREFIX}wait-jobs`;
/**
 * Pub/sub channel told the id of a device whose lease was released, so waiters ask at once
 * instead of at their next poll. A lapsed lease (a dead holder) is not told: polling finds it.
 */
export const RELEASED_CHANNEL = `${GPU_KEY_PREFIX}released`;

/** The keys of one device. */
export interface DeviceKeys {
  lease: string;
  fence: string;
  holder: string;
}

/** Keys of the device with this id (`cuda:0`, `sim:1`). */
export function deviceKeys(deviceId: string): DeviceKeys {
  return {
    lease: `${GPU_KEY_PREFIX}lease:${deviceId}`,
    fence: `${GPU_KEY_PREFIX}fence:${deviceId}`,
    holder: `${GPU_KEY_PREFIX}holder:${deviceId}`,
  };
}

/** A lease key's value, decoded. */
export interface LeaseValue {
  owner: string;
  token: number;
  since: number;
}

/** `owner|token|since`; owners may not contain `|`. */
export function encodeLeaseValue(value: LeaseValue): string {
  return `${value.owner}|${value.token}|${value.since}`;
}

/** Decodes a lease key's value; null for anything not written by {@link encodeLeaseValue}. */
export function decodeLeaseValue(text: string | null): LeaseValue | null {
  if (text === null) return null;
  const parts = text.split('|');
  if (parts.length !== 3) return null;
  const [owner = '', token, since] = [parts[0], Number(parts[1]), Number(parts[2])];
  if (owner === '' || !Number.isInteger(token) || !Number.isFinite(since)) return null;
  return { owner, token, since };
}

/**
 * The job part of a worker process's own wait-list entry: the process waits once, for all its jobs
 * (`<workerId>:<pid>:*`); the jobs are listed beside it (WAIT_JOBS_KEY).
 */
export const ALL_JOBS = '*';

/** A worker process's owner name in the wait list: `<workerId>:<pid>:*`. */
export function processOwner(workerId: string, pid: number): string {
  return `${workerId}:${pid}:${ALL_JOBS}`;
}

/** The parts of a lease owner as workers write it: `<workerId>:<pid>:<jobId>` (see WorkerContext.owner). */
export interface OwnerParts {
  workerId: string;
  pid: number | null;
  jobId: string | null;
}

/** Splits an owner into worker id, pid and job id; other owners come back whole as the worker id. */
export function parseOwner(owner: string): OwnerParts {
  const match = /^([^:]+):(\d+):(.+)$/.exec(owner);
  if (!match) return { workerId: owner, pid: null, jobId: null };
  return { workerId: match[1] ?? owner, pid: Number(match[2]), jobId: match[3] ?? null };
}
