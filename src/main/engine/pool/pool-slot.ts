/**
 * One place in the worker pool: the process in it now, and what the pool remembers about it across
 * restarts (crashes, last output lines, the last heartbeat).
 */
import type { WorkerInfo } from '../../../shared/monitor-types';
import type { Heartbeat } from '../../../shared/worker-protocol';
import type { LaunchedChild } from './launcher';

/** Output lines kept per worker, shown when it crash-loops. */
export const LAST_LINES = 20;

/** The pool's record of one worker. */
export interface Slot {
  id: string;
  child: LaunchedChild | null;
  state: WorkerInfo['state'];
  restarts: number;
  crashes: number[];
  heartbeat: Heartbeat | null;
  lastError: string | null;
  lastLines: string[];
  stopping: boolean;
  /** The current process has said it is ready: before that it is not listening for a stop yet. */
  ready: boolean;
  /** A graceful stop asked for before the process was ready: sent when it is (its grace in ms). */
  pendingStopGraceMs: number | null;
  exited: Promise<void>;
  timer: NodeJS.Timeout | null;
  /** When the pool first saw each `queue:id` in the heartbeat's `aborting` list (hard time limit). */
  abortingSince: Map<string, number>;
  /** Since when the worker has had no job (from heartbeats); null while busy. Autoscale reads it. */
  idleSince: number | null;
  /** When the pool last heard a heartbeat (its own clock). */
  lastBeatAt: number | null;
}

/** A slot for a worker about to be started. */
export function newSlot(id: string): Slot {
  return {
    id,
    child: null,
    state: 'starting',
    restarts: 0,
    crashes: [],
    heartbeat: null,
    lastError: null,
    lastLines: [],
    stopping: false,
    ready: false,
    pendingStopGraceMs: null,
    exited: Promise.resolve(),
    timer: null,
    abortingSince: new Map(),
    idleSince: null,
    lastBeatAt: null,
  };
}

/** Records a heartbeat: state, idle time and the aborting jobs' first-seen times. */
export function applyHeartbeat(slot: Slot, heartbeat: Heartbeat, now: number): void {
  slot.heartbeat = heartbeat;
  slot.lastBeatAt = now;
  if (!slot.stopping && slot.state !== 'starting' && slot.state !== 'crashed') slot.state = heartbeat.state === 'busy' ? 'busy' : 'idle';
  if (heartbeat.active.length > 0) slot.idleSince = null;
  else slot.idleSince ??= now;
  const aborting = new Set(heartbeat.aborting ?? []);
  for (const ref of slot.abortingSince.keys()) if (!aborting.has(ref)) slot.abortingSince.delete(ref);
  for (const ref of aborting) if (!slot.abortingSince.has(ref)) slot.abortingSince.set(ref, now);
}

/** Keeps the last {@link LAST_LINES} output lines of a worker. */
export function keepLine(slot: Slot, line: string): void {
  slot.lastLines.push(line);
  if (slot.lastLines.length > LAST_LINES) slot.lastLines.shift();
}
