/**
 * The engine's settings: defaults, overridden by environment variables (see the README's table).
 * `settings.json` in the data folder fills the variables the environment leaves unset before they
 * reach here (settings/load-settings.ts).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SemantikError } from '../../shared/errors';
import { parseFollowLinks, type FollowLinks } from '../../shared/follow-links';
import { DEFAULT_FILES_PER_EXTRACT_JOB, MAX_FILES_PER_EXTRACT_JOB } from '../../shared/jobs';
import { DEFAULT_RETENTION_DAYS } from '../../shared/schedules';
import { parseBytes, parseDurationMs } from '../../node/durations';
import { DEFAULT_HF_ENDPOINT } from './models/hub-files';
import { loadPoolConfig, type PoolConfig } from './pool-config';

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
  /** Wall-clock limit to extract one file (SEMANTIK_EXTRACT_TIMEOUT). */
  extractTimeoutMs: number;
  /** Heap limit of the thread that extracts one file (SEMANTIK_EXTRACT_MEMORY). */
  extractMemoryBytes: number;
  /** Files per extract job, at most (SEMANTIK_EXTRACT_BATCH). */
  extractBatchFiles: number;
  /** .gitignore-style patterns skipped in every folder, besides the defaults (SEMANTIK_IGNORE, comma-separated). */
  ignorePatterns: string[];
  /** Index files and folders whose names start with a dot (SEMANTIK_INCLUDE_HIDDEN). */
  includeHidden: boolean;
  /** Which symbolic links a walk follows; never one to an ancestor (SEMANTIK_FOLLOW_SYMLINKS). */
  followSymlinks: FollowLinks;
  modelDir: string | null;
  /** Watch indexed folders while the engine runs, and scan them all at start (SEMANTIK_WATCH). */
  watch: boolean;
  /** Hugging Face compatible hub models are downloaded from (SEMANTIK_HF_ENDPOINT). */
  hfEndpoint: string;
  heartbeatMs: number;
  /** Finished jobs older than this many days leave Redis and the live history (SEMANTIK_RETENTION_DAYS). */
  retentionDays: number;
  /** How long an aborted job's processor has before its worker is replaced (SEMANTIK_ABORT_GRACE). */
  abortGraceMs: number;
  /** Pool limits, autoscale, GPU memory and Redis exposure (pool-config.ts). */
  pool: PoolConfig;
}

/** The OS-standard data folder, as Electron's `userData` would be for an app named Semantik. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Semantik');
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Semantik');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'semantik');
}

/** The data folder the environment names (SEMANTIK_DATA_DIR), else the OS-standard one. */
export function dataDirFrom(env: NodeJS.ProcessEnv): string {
  return resolve(env.SEMANTIK_DATA_DIR ?? defaultDataDir(env));
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

function boolSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new SemantikError('BAD_INPUT', `${name}: "${env[name]}" must be true or false`);
}

function followLinksSetting(env: NodeJS.ProcessEnv): FollowLinks {
  const raw = env.SEMANTIK_FOLLOW_SYMLINKS;
  if (raw === undefined || raw.trim() === '') return 'inside';
  const mode = parseFollowLinks(raw);
  if (mode === null) throw new SemantikError('BAD_INPUT', `SEMANTIK_FOLLOW_SYMLINKS: "${raw}" must be inside, all or none (0)`);
  return mode;
}

/**
 * SEMANTIK_HF_ENDPOINT: an https URL. Plain http only to this machine (127.0.0.1, localhost, ::1),
 * where a local mirror or a test's fake hub answers and nothing on the network can alter a model.
 */
export function hubEndpoint(raw: string | undefined): string {
  const value = raw?.trim() || DEFAULT_HF_ENDPOINT;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SemantikError('BAD_INPUT', `SEMANTIK_HF_ENDPOINT: "${value}" is not a URL`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname.toLowerCase());
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new SemantikError('BAD_INPUT', `SEMANTIK_HF_ENDPOINT: "${value}" must be an https URL (plain http only to this machine)`);
  return value.replace(/\/+$/, '');
}

/** Reads the configuration; `overrides` come from the caller (CLI flags, the Electron shell). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<EngineConfig> = {}): EngineConfig {
  const fallback = env.SEMANTIK_GPU_FALLBACK ?? 'cpu';
  if (fallback !== 'cpu' && fallback !== 'wait') {
    throw new SemantikError('BAD_INPUT', `SEMANTIK_GPU_FALLBACK: "${fallback}" must be cpu or wait`);
  }
  const config: EngineConfig = {
    dataDir: dataDirFrom(env),
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
    extractTimeoutMs: parseDurationMs(env.SEMANTIK_EXTRACT_TIMEOUT ?? '60s', 'SEMANTIK_EXTRACT_TIMEOUT'),
    extractMemoryBytes: parseBytes(env.SEMANTIK_EXTRACT_MEMORY ?? '1gb', 'SEMANTIK_EXTRACT_MEMORY'),
    extractBatchFiles: intSetting(env, 'SEMANTIK_EXTRACT_BATCH', 1, MAX_FILES_PER_EXTRACT_JOB) ?? DEFAULT_FILES_PER_EXTRACT_JOB,
    ignorePatterns: (env.SEMANTIK_IGNORE ?? '')
      .split(',')
      .map((pattern) => pattern.trim())
      .filter(Boolean),
    includeHidden: boolSetting(env, 'SEMANTIK_INCLUDE_HIDDEN', false),
    followSymlinks: followLinksSetting(env),
    modelDir: env.SEMANTIK_MODEL_DIR?.trim() || null,
    watch: boolSetting(env, 'SEMANTIK_WATCH', true),
    hfEndpoint: hubEndpoint(env.SEMANTIK_HF_ENDPOINT),
    heartbeatMs: parseDurationMs(env.SEMANTIK_HEARTBEAT ?? '1s', 'SEMANTIK_HEARTBEAT'),
    retentionDays: intSetting(env, 'SEMANTIK_RETENTION_DAYS', 1, 3650) ?? DEFAULT_RETENTION_DAYS,
    abortGraceMs: parseDurationMs(env.SEMANTIK_ABORT_GRACE ?? '10s', 'SEMANTIK_ABORT_GRACE'),
    pool: loadPoolConfig(env),
    ...overrides,
  };
  if (config.workers !== null && config.workers > config.maxWorkers) config.maxWorkers = config.workers;
  // The worker config refuses smaller limits; say so here, where the setting is named.
  if (config.extractTimeoutMs < 100) throw new SemantikError('BAD_INPUT', 'SEMANTIK_EXTRACT_TIMEOUT: must be at least 100ms');
  if (config.extractMemoryBytes < 16 * 1024 ** 2) throw new SemantikError('BAD_INPUT', 'SEMANTIK_EXTRACT_MEMORY: must be at least 16mb');
  return config;
}
