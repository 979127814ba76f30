/**
 * The engine's settings: defaults, overridden by environment variables (see the README's table).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SemantikError } from '../../shared/errors';
import { parseBytes, parseDurationMs } from '../../node/durations';

export interface EngineConfig {
  dataDir: string;
  /** Worker processes; null means one per GPU, at least one. */
  workers: number | null;
  maxWorkers: number;
  concurrency: number;
  redisUrl: string | null;
  redisMaxMemoryBytes: number;
  gpus: string | null;
  gpuWaitMs: number;
  gpuMaxHoldMs: number;
  gpuLeaseTtlMs: number;
  gpuFallback: 'cpu' | 'wait';
  maxFileBytes: number;
  modelDir: string | null;
  heartbeatMs: number;
}

/** The OS-standard data folder, as Electron's `userData` would be for an app named Semantik. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Semantik');
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Semantik');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'semantik');
}

function intSetting(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SemantikError('BAD_INPUT', `${name}: "${raw}" must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Reads the configuration; `overrides` come from the caller (CLI flags, the Electron shell). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<EngineConfig> = {}): EngineConfig {
  const fallback = env.SEMANTIK_GPU_FALLBACK ?? 'cpu';
  if (fallback !== 'cpu' && fallback !== 'wait') {
    throw new SemantikError('BAD_INPUT', `SEMANTIK_GPU_FALLBACK: "${fallback}" must be cpu or wait`);
  }
  const config: EngineConfig = {
    dataDir: resolve(env.SEMANTIK_DATA_DIR ?? defaultDataDir(env)),
    workers: intSetting(env, 'SEMANTIK_WORKERS', 0, 64),
    maxWorkers: intSetting(env, 'SEMANTIK_MAX_WORKERS', 1, 64) ?? 16,
    concurrency: intSetting(env, 'SEMANTIK_CONCURRENCY', 1, 64) ?? 2,
    redisUrl: env.SEMANTIK_REDIS_URL?.trim() || null,
    redisMaxMemoryBytes: parseBytes(env.SEMANTIK_REDIS_MAXMEMORY ?? '1gb', 'SEMANTIK_REDIS_MAXMEMORY'),
    gpus: env.SEMANTIK_GPUS?.trim() || null,
    gpuWaitMs: parseDurationMs(env.SEMANTIK_GPU_WAIT ?? '5m', 'SEMANTIK_GPU_WAIT'),
    gpuMaxHoldMs: parseDurationMs(env.SEMANTIK_GPU_MAX_HOLD ?? '2h', 'SEMANTIK_GPU_MAX_HOLD'),
    gpuLeaseTtlMs: parseDurationMs(env.SEMANTIK_GPU_LEASE_TTL ?? '10s', 'SEMANTIK_GPU_LEASE_TTL'),
    gpuFallback: fallback,
    maxFileBytes: parseBytes(env.SEMANTIK_MAX_FILE_SIZE ?? '50mb', 'SEMANTIK_MAX_FILE_SIZE'),
    modelDir: env.SEMANTIK_MODEL_DIR?.trim() || null,
    heartbeatMs: parseDurationMs(env.SEMANTIK_HEARTBEAT ?? '1s', 'SEMANTIK_HEARTBEAT'),
    ...overrides,
  };
  if (config.workers !== null && config.workers > config.maxWorkers) config.maxWorkers = config.workers;
  return config;
}
