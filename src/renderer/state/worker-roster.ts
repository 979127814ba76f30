/**
 * The workers view's roster: the workers the supervisor reports, plus those this monitor saw that
 * have since left (stopped, scaled away, lost), shown offline until they have been gone a while.
 * Pure: unit-tested in Node.
 */
import type { WorkerInfo } from '../../shared/monitor-types';

/** Workers gone from the supervisor's list stay listed (offline) this long. */
export const OFFLINE_KEPT_MS = 5 * 60_000;

/** A worker that left: its last known facts and when it went. */
export interface DepartedWorker {
  worker: WorkerInfo;
  goneAt: number;
}

/**
 * The departed workers after a new list: those missing from `current` are added (or kept), those
 * back in it or gone longer than `keptMs` are dropped.
 */
export function updateDeparted(
  departed: Readonly<Record<string, DepartedWorker>>,
  previous: readonly WorkerInfo[],
  current: readonly WorkerInfo[],
  now: number,
  keptMs = OFFLINE_KEPT_MS,
): Record<string, DepartedWorker> {
  const present = new Set(current.map((worker) => worker.workerId));
  const next: Record<string, DepartedWorker> = {};
  for (const [id, entry] of Object.entries(departed)) {
    if (!present.has(id) && now - entry.goneAt <= keptMs) next[id] = entry;
  }
  for (const worker of previous) {
    if (!present.has(worker.workerId) && next[worker.workerId] === undefined) next[worker.workerId] = { worker, goneAt: now };
  }
  return next;
}

/** One row of the roster: the worker, and since when it is gone when it left. */
export interface RosterRow {
  worker: WorkerInfo;
  goneAt: number | null;
}

/** The supervisor's workers, then the departed ones (newest departure first), shown offline. */
export function roster(current: readonly WorkerInfo[], departed: Readonly<Record<string, DepartedWorker>>): RosterRow[] {
  const gone = Object.values(departed)
    .sort((a, b) => b.goneAt - a.goneAt)
    .map(({ worker, goneAt }) => ({ worker: { ...worker, state: 'offline' as const, pid: worker.pid }, goneAt }));
  return [...current.map((worker) => ({ worker, goneAt: null })), ...gone];
}
