/**
 * Autoscale mode: every tick, reads how much work waits and how idle the workers are, and grows
 * or shrinks the pool by one (see autoscale-plan.ts). Off unless turned on by setting or API.
 */
import { availableParallelism } from 'node:os';
import { childLogger } from '../../../node/logger';
import type { QueueSet } from '../queue-set';
import { decideAutoscale, type AutoscaleSettings } from './autoscale-plan';
import type { WorkerPool } from './worker-pool';

/** How often the autoscaler looks. */
export const AUTOSCALE_TICK_MS = 1_000;

/** The autoscaler's state as the API reports it. */
export interface AutoscaleState {
  enabled: boolean;
  min: number;
  max: number;
  idleMs: number;
}

const log = childLogger('autoscale');

/** Grows and shrinks a pool between a minimum and a maximum. */
export class Autoscaler {
  private settings: AutoscaleSettings | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    private readonly pool: WorkerPool,
    private readonly queues: QueueSet,
    private readonly gpuCount: number,
    private readonly defaultIdleMs: number,
  ) {}

  /** Current settings. */
  state(): AutoscaleState {
    const settings = this.settings;
    return settings ? { enabled: true, ...settings } : { enabled: false, min: 0, max: 0, idleMs: this.defaultIdleMs };
  }

  /** Turns autoscale on (or changes its range); the pool is brought into the range at once. */
  enable(min: number, max: number, idleMs = this.defaultIdleMs): AutoscaleState {
    this.settings = { min, max: Math.max(min, max), idleMs };
    log.info(this.settings, 'autoscale on');
    this.timer ??= setInterval(() => void this.tick(), AUTOSCALE_TICK_MS);
    this.timer.unref();
    void this.tick();
    return this.state();
  }

  /** Turns autoscale off; the pool keeps its current size. */
  disable(): AutoscaleState {
    if (this.settings) log.info('autoscale off');
    this.settings = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.state();
  }

  private async tick(): Promise<void> {
    const settings = this.settings;
    if (!settings || this.ticking) return;
    this.ticking = true;
    try {
      const counts = await this.queues.counts();
      const pending = counts.filter((queue) => queue.name !== 'system').reduce((sum, queue) => sum + queue.waiting + queue.prioritized, 0);
      const decision = decideAutoscale(
        {
          now: Date.now(),
          target: this.pool.targetCount,
          starting: this.pool.startingCount(),
          pending,
          idle: this.pool.idleWorkers(),
          capacity: availableParallelism() + this.gpuCount,
        },
        settings,
      );
      // Settings may have changed while the counts were read.
      if (this.settings !== settings) return;
      switch (decision.kind) {
        case 'hold':
          return;
        case 'set':
        case 'grow':
          log.info({ count: decision.count, why: decision.why }, 'autoscale: resizing');
          this.pool.scale(decision.count);
          return;
        case 'shrink':
          log.info({ worker: decision.workerId, why: decision.why }, 'autoscale: stopping an idle worker');
          this.pool.stopWorker(decision.workerId);
          return;
      }
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'autoscale tick failed');
    } finally {
      this.ticking = false;
    }
  }
}
