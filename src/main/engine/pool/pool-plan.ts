/**
 * The pool's decisions as pure functions: how many embed jobs each worker runs, and when a worker
 * has to be replaced (memory above its limit, a task past its hard time limit).
 */
import type { Heartbeat } from '../../../shared/worker-protocol';

/**
 * Embed jobs at once per worker, so that with G GPUs and W workers every GPU stays busy.
 *
 * Without GPUs: `base` (SEMANTIK_CONCURRENCY). With GPUs, each embed job holds a lease, so the
 * pool needs at least G embed slots in all, plus one per device ready to take it over the moment
 * it is freed (the next job has been fetched and waits in the lease list): ceil(G / W) + 1 per
 * worker. Extract keeps its own slots (SEMANTIK_CONCURRENCY), so extraction runs beside embedding
 * on every worker: embed jobs waiting for a lease hold an embed slot, never an extract one.
 */
export function embedConcurrency(gpus: number, workers: number, base: number): number {
  if (gpus <= 0) return base;
  return Math.ceil(gpus / Math.max(1, workers)) + 1;
}

/** The limits the pool enforces on its workers. */
export interface PoolLimits {
  /** Recycle a worker whose RSS is above this (SEMANTIK_WORKER_MAX_MEMORY); null: no limit. */
  maxMemoryBytes: number | null;
  /** The soft time limit per task (SEMANTIK_TASK_TIME_LIMIT); null: none. */
  taskTimeLimitMs: number | null;
  /** After the soft limit (or an abort), how long the processor has before the worker is replaced. */
  hardGraceMs: number;
  /**
   * A started worker silent this long (no heartbeat: its event loop is stuck, or it is frozen) is
   * replaced. @defaultValue {@link SILENT_AFTER_MS}
   */
  silentMs?: number;
}

/** Heartbeats come every second or so; this long without one means the worker is stuck. */
export const SILENT_AFTER_MS = 60_000;

/** Why a worker must be replaced now, or null. */
export type ReplaceReason =
  { kind: 'memory'; detail: string } | { kind: 'time-limit'; detail: string } | { kind: 'silent'; detail: string };

const MIB = 1024 * 1024;

/** True when a worker's last heartbeat shows it above the memory limit (recycle after its jobs). */
export function overMemory(heartbeat: Heartbeat | null, limits: PoolLimits): ReplaceReason | null {
  if (!heartbeat || limits.maxMemoryBytes === null || heartbeat.rssBytes <= limits.maxMemoryBytes) return null;
  return {
    kind: 'memory',
    detail: `memory ${Math.round(heartbeat.rssBytes / MIB)} MB above the limit of ${Math.round(limits.maxMemoryBytes / MIB)} MB (SEMANTIK_WORKER_MAX_MEMORY)`,
  };
}

/**
 * The hard time limit: a task still running `hardGraceMs` past the soft limit, or a processor that
 * has not returned `hardGraceMs` after its abort (`abortingSince`: when the pool first saw each
 * `queue:id` in the heartbeat's `aborting` list). Judged from the last heartbeat, so a worker whose
 * event loop is stuck (no heartbeats) is caught too.
 */
export function pastHardLimit(
  heartbeat: Heartbeat | null,
  now: number,
  limits: PoolLimits,
  abortingSince: ReadonlyMap<string, number>,
  lastBeatAt: number | null = null,
): ReplaceReason | null {
  if (!heartbeat) return null;
  const silentMs = limits.silentMs ?? SILENT_AFTER_MS;
  if (lastBeatAt !== null && now - lastBeatAt > silentMs) {
    return { kind: 'silent', detail: `no heartbeat for ${Math.round((now - lastBeatAt) / 1000)} s: stuck or frozen` };
  }
  if (limits.taskTimeLimitMs !== null) {
    const hard = limits.taskTimeLimitMs + limits.hardGraceMs;
    const late = heartbeat.active.find((job) => now - job.startedAt > hard);
    if (late) {
      return { kind: 'time-limit', detail: `task ${late.queue}:${late.id} ran past its hard time limit (${Math.round(hard / 1000)} s)` };
    }
  }
  for (const [ref, since] of abortingSince) {
    if (now - since > limits.hardGraceMs) {
      return { kind: 'time-limit', detail: `task ${ref} did not stop within ${Math.round(limits.hardGraceMs / 1000)} s of its abort` };
    }
  }
  return null;
}
