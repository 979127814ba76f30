/**
 * Blue/green model switches, and keeping the active model's vectors complete.
 *
 * A switch records the new model as pending (store: model_selection) and re-embeds, in passes,
 * every embedded chunk that has no vector of it yet; search meanwhile ranks by the active model's
 * vectors. When a pass leaves no chunk uncovered, one transaction makes the pending model active
 * and search moves to it. New files keep arriving with the active model throughout (extract
 * reads the active model from the store), and the next pass covers them for the pending one.
 *
 * The same pass also repairs the active model: chunks that an ingest of the old model completed
 * just after a flip have no vector of the new one, and the timer's cheap coverage count finds them.
 *
 * Passes run here, in the supervisor, rather than as a job: each step reads one bounded page of
 * chunks (at most PAGE_CHUNKS texts, about as much as a search reads) and waits while the embed
 * queue is full, while a job would hold a worker's scan or system slot for the whole switch.
 */
import { FlowProducer, type Queue } from 'bullmq';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { MAX_PENDING_EMBED_JOBS } from '../../../shared/jobs';
import type { ModelSwitchInfo } from '../../../shared/models';
import { SemantikError } from '../../../shared/errors';
import { childLogger } from '../../../node/logger';
import { QUEUE_PREFIX } from '../../../node/queues';
import type { RedisConnectionOptions } from '../../../node/redis-options';
import type { Store } from '../../../node/store/store';
import type { ActiveSearch } from './active-search';
import type { ModelCatalog } from './model-catalog';
import { addReembedFlow } from './reembed-flows';
import type { JobKeys } from '../../../node/jobs/job-keys';

const log = childLogger('model-switch');

/** Chunks per re-embed flow (8 embed jobs of 128). */
const PAGE_CHUNKS = 1_024;
/** Chunk ids examined per page read, so that a mostly covered index costs short reads. */
const PAGE_WINDOW = 16_384;
/** Coverage is checked this often while a switch is pending, and this often otherwise. */
const TICK_PENDING_MS = 1_000;
const TICK_IDLE_MS = 5_000;
/** A pass's flows are polled this often until they have all ended. */
const FLOW_POLL_MS = 500;
/** After this many passes in a row without progress, the switch reports an error and slows down. */
const STUCK_PASSES = 3;
const STUCK_RETRY_MS = 30_000;

/** The engine parts a ModelSwitcher works with. */
export interface ModelSwitcherOptions {
  store: Store;
  catalog: ModelCatalog;
  embedQueue: Queue;
  ingestQueue: Queue;
  connection: RedisConnectionOptions;
  /** Signs the ingest parents and seals the embed texts of re-embedding flows. */
  keys: JobKeys;
  search: ActiveSearch;
  /** Something a models panel shows changed (a pass's progress, a flip). */
  onChange(): void;
}

/** Drives switches and coverage; one per engine. */
export class ModelSwitcher {
  private readonly flows: FlowProducer;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pass: Promise<void> | null = null;
  private stopped = false;
  private stuckPasses = 0;
  private retryAt = 0;

  constructor(private readonly options: ModelSwitcherOptions) {
    this.flows = new FlowProducer({ connection: options.connection, prefix: QUEUE_PREFIX });
    // Connection errors while Redis restarts or stops: reported by Redis's supervisor, not printed here.
    this.flows.on('error', (error: Error) => log.debug({ err: error.message }, 'flow producer connection error'));
  }

  /** The active model's id. */
  activeId(): string {
    // The engine records the active model before it creates the switcher.
    return this.options.store.modelSelection().get().active!;
  }

  /** The switch in progress, or null. */
  info(): ModelSwitchInfo | null {
    const selection = this.options.store.modelSelection();
    const row = selection.get();
    if (row.pending === null || row.active === null) return null;
    const { covered, total } = selection.coverage(row.pending);
    return { from: row.active, to: row.pending, startedAt: row.pendingSince ?? 0, covered, total, error: row.switchError };
  }

  /**
   * Switches to `modelId`: at once when nothing is embedded yet, else in the background (search
   * stays on the active model until the new one covers every chunk). Activating the active model
   * cancels a pending switch. Throws NOT_FOUND for an unknown model.
   */
  async activate(modelId: string): Promise<void> {
    const model = await this.options.catalog.find(modelId);
    if (!model) throw new SemantikError('NOT_FOUND', `No model ${modelId} (see models:list)`);
    const selection = this.options.store.modelSelection();
    const row = selection.get();
    if (modelId === row.active) {
      if (row.pending !== null) log.info({ cancelled: row.pending }, 'switch cancelled');
      selection.setPending(null);
    } else if (selection.coverage(row.active ?? modelId).total === 0) {
      selection.setActive(modelId);
      await this.options.search.use(modelId, model.spec.dir);
      log.info({ model: modelId }, 'model active (nothing to re-embed)');
    } else if (row.pending !== modelId) {
      selection.setPending(modelId);
      this.stuckPasses = 0;
      this.retryAt = 0;
      log.info({ from: row.active, to: modelId }, 'switching models: re-embedding in the background');
    }
    this.options.onChange();
    this.schedule(0);
  }

  /** Starts the coverage timer. */
  start(): void {
    this.schedule(0);
  }

  /** Stops the timer and waits for a pass to stop; queued flows stay in Redis and finish later. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass?.catch(() => undefined);
    await this.flows.close();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const row = this.options.store.modelSelection().get();
    try {
      if (this.pass === null && Date.now() >= this.retryAt) await this.step(row.pending ?? row.active);
    } catch (error) {
      log.warn({ err: error }, 'model coverage check failed');
    }
    this.schedule(row.pending !== null ? TICK_PENDING_MS : TICK_IDLE_MS);
  }

  /** Flips a covered pending model, or starts a pass for the target's missing vectors. */
  private async step(target: string | null): Promise<void> {
    if (target === null) return;
    const selection = this.options.store.modelSelection();
    const { covered, total } = selection.coverage(target);
    const pending = selection.get().pending;
    if (covered >= total) {
      if (pending === target && selection.flipIfCovered(target)) await this.flipped(target);
      return;
    }
    const model = await this.options.catalog.find(target);
    if (!model) {
      const reason = `the model folder of ${target} is gone`;
      if (pending === target) selection.setSwitchError(reason);
      log.warn({ model: target }, reason);
      this.retryAt = Date.now() + STUCK_RETRY_MS;
      return;
    }
    this.pass = this.runPass(target, model.spec.dims, covered).finally(() => {
      this.pass = null;
      this.options.onChange();
    });
  }

  private async flipped(modelId: string): Promise<void> {
    const model = await this.options.catalog.find(modelId);
    // The pass that covered it found the folder; a folder removed since then fails the search's first embed.
    if (model) await this.options.search.use(modelId, model.spec.dir);
    log.info({ model: modelId }, 'switched models: every chunk has a vector of the new one');
    this.options.onChange();
  }

  /** Queues flows for every chunk missing a vector of `modelId`, then waits for them to end. */
  private async runPass(modelId: string, dims: number, coveredBefore: number): Promise<void> {
    const selection = this.options.store.modelSelection();
    const ingestIds: string[] = [];
    let queued = 0;
    for (let after: number | null = 0; after !== null && !this.stopped;) {
      const row = selection.get();
      // Another switch started (or this one was cancelled): this pass is moot.
      if ((row.pending ?? row.active) !== modelId) break;
      if (!(await this.waitForRoom())) break;
      const page = selection.missingChunks(modelId, dims, after, PAGE_CHUNKS, PAGE_WINDOW);
      if (page.chunks.length > 0) {
        ingestIds.push(await addReembedFlow(this.flows, this.options.keys, modelId, page.chunks));
        queued += page.chunks.length;
        this.options.onChange();
      }
      after = page.nextAfter;
      await nextTurn();
    }
    await this.waitForFlows(ingestIds);
    const { covered, total } = selection.coverage(modelId);
    log.info({ model: modelId, queued, covered, total }, 're-embedding pass done');
    if (covered > coveredBefore || covered >= total) {
      this.stuckPasses = 0;
      if (selection.get().switchError !== null) selection.setSwitchError(null);
      return;
    }
    this.stuckPasses += 1;
    if (this.stuckPasses >= STUCK_PASSES) {
      const reason = `re-embedding with ${modelId} makes no progress (${covered} of ${total} chunks): see the failed embed jobs`;
      if (selection.get().pending === modelId) selection.setSwitchError(reason);
      log.warn({ model: modelId }, reason);
      this.retryAt = Date.now() + STUCK_RETRY_MS;
    }
  }

  /** Waits while the embed queue holds MAX_PENDING_EMBED_JOBS or more; false when stopped meanwhile. */
  private async waitForRoom(): Promise<boolean> {
    for (;;) {
      if (this.stopped) return false;
      const counts = await this.options.embedQueue.getJobCounts('waiting', 'prioritized', 'delayed');
      if ((counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0) < MAX_PENDING_EMBED_JOBS) return true;
      await new Promise((done) => setTimeout(done, FLOW_POLL_MS));
    }
  }

  private async waitForFlows(ids: string[]): Promise<void> {
    let open = ids;
    while (open.length > 0 && !this.stopped) {
      const states = await Promise.all(open.map((id) => this.options.ingestQueue.getJobState(id)));
      // 'unknown': removed by retention after it ended.
      open = open.filter((_, i) => !['completed', 'failed', 'unknown'].includes(states[i]!));
      if (open.length > 0) await new Promise((done) => setTimeout(done, FLOW_POLL_MS));
    }
  }
}
