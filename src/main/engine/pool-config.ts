/**
 * Settings of the worker pool, its limits, GPU memory and the exposure of Redis to remote
 * workers, read from the environment (see the README's settings table).
 */
import { SemantikError } from '../../shared/errors';
import { parseBytes, parseDurationMs } from '../../node/durations';

/** Where the embedded Redis also listens, with TLS, for workers on other machines. */
export interface RedisExposure {
  /** The address to listen on beyond loopback (an interface address, or 0.0.0.0). */
  host: string;
  /** The TLS port; null: the same port as the loopback one. */
  port: number | null;
}

export interface PoolConfig {
  /** Recycle a worker above this RSS (SEMANTIK_WORKER_MAX_MEMORY, default 4gb; 0 turns it off). */
  workerMaxMemoryBytes: number | null;
  /** Soft time limit per task (SEMANTIK_TASK_TIME_LIMIT, default 3h; 0 turns it off). */
  taskTimeLimitMs: number | null;
  /** How long a worker stopped by scaling or recycling may finish its jobs (SEMANTIK_WORKER_STOP_GRACE). */
  stopGraceMs: number;
  /** SEMANTIK_AUTOSCALE=min,max turns autoscale on at start. */
  autoscale: { min: number; max: number } | null;
  /** An idle worker is stopped by autoscale after this (SEMANTIK_AUTOSCALE_IDLE, default 60s). */
  autoscaleIdleMs: number;
  /** SEMANTIK_GPU_RELEASE_AFTER_TASK: free the model session after every embed task. */
  gpuReleaseAfterTask: boolean;
  /** MODEL_MAX_MEMORY_GB in bytes: a session using more of a GPU is released after its task. */
  modelMaxMemoryBytes: number | null;
  /** SEMANTIK_REDIS_EXPOSE=host[:port]: listen beyond loopback, with TLS and the password. Off by default. */
  redisExpose: RedisExposure | null;
}

const ON = ['1', 'true', 'yes', 'on'];
const OFF = ['', '0', 'false', 'no', 'off'];

/** Reads the pool settings; throws BAD_INPUT naming the setting when one is malformed. */
export function loadPoolConfig(env: NodeJS.ProcessEnv): PoolConfig {
  const maxMemory = parseBytes(env.SEMANTIK_WORKER_MAX_MEMORY ?? '4gb', 'SEMANTIK_WORKER_MAX_MEMORY');
  const timeLimit = parseDurationMs(env.SEMANTIK_TASK_TIME_LIMIT ?? '3h', 'SEMANTIK_TASK_TIME_LIMIT');
  if (timeLimit > 0 && timeLimit < 100)
    throw new SemantikError('BAD_INPUT', 'SEMANTIK_TASK_TIME_LIMIT: must be at least 100ms (or 0 for none)');
  return {
    workerMaxMemoryBytes: maxMemory > 0 ? maxMemory : null,
    taskTimeLimitMs: timeLimit > 0 ? timeLimit : null,
    stopGraceMs: parseDurationMs(env.SEMANTIK_WORKER_STOP_GRACE ?? '30s', 'SEMANTIK_WORKER_STOP_GRACE'),
    autoscale: parseAutoscale(env.SEMANTIK_AUTOSCALE),
    autoscaleIdleMs: parseDurationMs(env.SEMANTIK_AUTOSCALE_IDLE ?? '60s', 'SEMANTIK_AUTOSCALE_IDLE'),
    gpuReleaseAfterTask: parseFlag(env.SEMANTIK_GPU_RELEASE_AFTER_TASK, 'SEMANTIK_GPU_RELEASE_AFTER_TASK'),
    modelMaxMemoryBytes: parseGigabytes(env.MODEL_MAX_MEMORY_GB),
    redisExpose: parseExposure(env.SEMANTIK_REDIS_EXPOSE),
  };
}

function parseFlag(raw: string | undefined, name: string): boolean {
  const value = (raw ?? '').trim().toLowerCase();
  if (ON.includes(value)) return true;
  if (OFF.includes(value)) return false;
  throw new SemantikError('BAD_INPUT', `${name}: "${raw}" must be 1 or 0`);
}

/** `min,max` (e.g. `1,8`); empty or `off` for none. */
export function parseAutoscale(raw: string | undefined): { min: number; max: number } | null {
  const value = (raw ?? '').trim().toLowerCase();
  if (OFF.includes(value)) return null;
  const match = /^(\d+)\s*,\s*(\d+)$/.exec(value);
  const [min, max] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!match || min > max || max < 1 || max > 64) {
    throw new SemantikError('BAD_INPUT', `SEMANTIK_AUTOSCALE: "${raw}" must be min,max with 0 <= min <= max <= 64, e.g. 1,8`);
  }
  return { min, max };
}

function parseGigabytes(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  const gb = Number(raw);
  if (!Number.isFinite(gb) || gb <= 0) throw new SemantikError('BAD_INPUT', `MODEL_MAX_MEMORY_GB: "${raw}" must be a positive number`);
  return Math.round(gb * 1024 ** 3);
}

/** `host` or `host:port` (IPv6 in brackets); empty or `off` for none. */
export function parseExposure(raw: string | undefined): RedisExposure | null {
  const value = (raw ?? '').trim();
  if (OFF.includes(value.toLowerCase())) return null;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+)(?::(\d+))?$/.exec(value);
  const port = match?.[2] === undefined ? null : Number(match[2]);
  if (!match || (port !== null && (port < 1 || port > 65535))) {
    throw new SemantikError('BAD_INPUT', `SEMANTIK_REDIS_EXPOSE: "${raw}" must be host or host:port, e.g. 0.0.0.0:6390`);
  }
  return { host: (match[1] ?? '').replace(/^\[(.*)\]$/, '$1'), port };
}

/** Workers started when SEMANTIK_WORKERS is not set: one per GPU, at least one. */
export function defaultWorkerCount(gpus: number): number {
  return Math.max(1, gpus);
}
