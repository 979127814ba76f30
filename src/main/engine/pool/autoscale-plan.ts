/**
 * Autoscale decisions as a pure function: grow while work waits and every worker is busy, shrink
 * workers that have been idle for a while, always within [min, max] and the machine's capacity.
 */

/** Autoscale settings (SEMANTIK_AUTOSCALE=min,max; SEMANTIK_AUTOSCALE_IDLE). */
export interface AutoscaleSettings {
  min: number;
  max: number;
  /** A worker idle this long is stopped (down to `min`). */
  idleMs: number;
}

/** What the autoscaler sees at one tick. */
export interface AutoscaleView {
  now: number;
  /** The pool's current target. */
  target: number;
  /** Workers still starting: no decision to grow until they are up. */
  starting: number;
  /** Jobs ready to run and not taken (waiting + prioritized, work queues only). */
  pending: number;
  /** Live idle workers and since when. */
  idle: ReadonlyArray<{ workerId: string; idleSince: number }>;
  /**
   * Workers the machine can keep busy: one per core (extraction and CPU embedding) plus one per
   * GPU (a GPU worker mostly waits on its device).
   */
  capacity: number;
}

export type AutoscaleDecision =
  | { kind: 'hold' }
  | { kind: 'set'; count: number; why: string }
  | { kind: 'grow'; count: number; why: string }
  | { kind: 'shrink'; workerId: string; why: string };

/** One step: at most one worker added or removed per tick, so the pool never swings. */
export function decideAutoscale(view: AutoscaleView, settings: AutoscaleSettings): AutoscaleDecision {
  const ceiling = Math.max(settings.min, Math.min(settings.max, view.capacity));
  if (view.target < settings.min) return { kind: 'set', count: settings.min, why: `below the minimum of ${settings.min}` };
  if (view.target > ceiling) return { kind: 'set', count: ceiling, why: `above the maximum of ${ceiling}` };
  // Work waits although no worker is idle: every slot is taken, another worker would help.
  if (view.pending > 0 && view.idle.length === 0 && view.starting === 0 && view.target < ceiling) {
    return { kind: 'grow', count: view.target + 1, why: `${view.pending} job(s) waiting and every worker busy` };
  }
  if (view.target > settings.min) {
    const longest = [...view.idle].sort((a, b) => a.idleSince - b.idleSince)[0];
    if (longest && view.now - longest.idleSince >= settings.idleMs) {
      return { kind: 'shrink', workerId: longest.workerId, why: `idle for ${Math.round((view.now - longest.idleSince) / 1000)} s` };
    }
  }
  return { kind: 'hold' };
}
