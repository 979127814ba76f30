/**
 * The worker pool: starts N worker processes, restarts crashed ones with backoff, scales at run
 * time, enforces the per-worker limits and stops workers gracefully.
 *
 * Each child is awaited for its `ready` message against READY_TIMEOUT_MS; one that fails to start is
 * killed and counted as a crash (never reused half-started). A worker that crashes CRASH_LOOP_LIMIT
 * times within CRASH_LOOP_WINDOW_MS is left stopped, reported with its last log lines, and keeps
 * its place in the count (a new worker would most likely crash the same way); restartWorker
 * revives it. A worker above its memory limit is recycled: a replacement starts at once and the
 * old one stops gracefully (its jobs finish or are handed back); that is not a crash. A worker with
 * a task past its hard time limit is replaced at once; its job is retried elsewhere.
 */
import type { WorkerInfo } from '../../../shared/monitor-types';
import { workerMessageSchema, type SupervisorMessage } from '../../../shared/worker-protocol';
import { childLogger } from '../../../node/logger';
import { forwardLines } from './child-output';
import type { LaunchedChild, WorkerLauncher } from './launcher';
import { overMemory, pastHardLimit, type PoolLimits, type ReplaceReason } from './pool-plan';
import { applyHeartbeat, keepLine, newSlot, type Slot } from './pool-slot';

export const READY_TIMEOUT_MS = 60_000;
export const STOP_GRACE_MS = 30_000;
export const KILL_WAIT_MS = 5_000;
export const RESTART_BACKOFF_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000] as const;
export const CRASH_LOOP_LIMIT = 5;
export const CRASH_LOOP_WINDOW_MS = 60_000;
/** How often the limits are checked against the latest heartbeats. */
export const WATCH_MS = 1_000;
const EVENTS_KEPT = 100;

/** Something the pool did to a worker on its own: shown in logs, kept for the status and tests. */
export interface PoolEvent {
  at: number;
  workerId: string;
  kind: 'crash' | 'crash-loop' | 'recycle' | 'replace';
  detail: string;
}

export interface WorkerPoolOptions {
  launcher: WorkerLauncher;
  entry: string;
  /** The environment of one worker (its config as JSON, see workerConfigSchema). */
  envFor(workerId: string): Record<string, string>;
  onChange(): void;
  /** Memory and time limits. @defaultValue none */
  limits?: PoolLimits;
  /** Embed jobs at once per worker for a pool of `live` workers (see pool-plan.ts). @defaultValue the worker's own */
  embedConcurrency?(live: number): number;
  /** How long a worker stopped by scaling or recycling may finish its jobs. @defaultValue STOP_GRACE_MS */
  stopGraceMs?: number;
}

const log = childLogger('pool');

/** Supervises the local worker processes. */
export class WorkerPool {
  private readonly slots = new Map<string, Slot>();
  private readonly recent: PoolEvent[] = [];
  private target = 0;
  private nextId = 1;
  private closed = false;
  private readonly watch: NodeJS.Timeout;
  private embedPlan = 0;

  constructor(private readonly options: WorkerPoolOptions) {
    this.watch = setInterval(() => this.checkLimits(), WATCH_MS);
    this.watch.unref();
  }

  /** The number of workers the pool keeps running. */
  get targetCount(): number {
    return this.target;
  }

  /** The grace period of a graceful stop (scale down, recycle). */
  get stopGraceMs(): number {
    return this.options.stopGraceMs ?? STOP_GRACE_MS;
  }

  /** Sets the worker count; extra workers stop gracefully (their jobs finish or are handed back). */
  scale(count: number): void {
    if (this.closed) return;
    this.target = count;
    this.reconcile();
  }

  /** The monitor's view of every local worker. */
  info(): WorkerInfo[] {
    return [...this.slots.values()].map((slot) => ({
      workerId: slot.id,
      pid: slot.child?.pid ?? null,
      state: slot.state,
      local: true,
      restarts: slot.restarts,
      lastHeartbeat: slot.heartbeat,
      lastError: slot.lastError,
    }));
  }

  /** What the pool did on its own lately (crashes, recycles, replacements), oldest first. */
  events(): PoolEvent[] {
    return [...this.recent];
  }

  /** Live workers with no job since when (ms), for autoscale; starting and busy ones are left out. */
  idleWorkers(): Array<{ workerId: string; idleSince: number }> {
    return this.liveSlots()
      .filter((slot) => slot.state === 'idle' && slot.idleSince !== null)
      .map((slot) => ({ workerId: slot.id, idleSince: slot.idleSince ?? 0 }));
  }

  /** Workers starting now (autoscale waits for them before adding more). */
  startingCount(): number {
    return this.liveSlots().filter((slot) => slot.state === 'starting').length;
  }

  /** Resolves once every live worker has sent `ready` (or the timeout passes). */
  async whenReady(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const live = [...this.slots.values()].filter((slot) => !slot.stopping);
      if (live.length >= this.target && live.every((slot) => slot.state !== 'starting')) return;
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  /** Stops every worker: each finishes or hands back its job within the grace period. */
  async close(graceMs = this.stopGraceMs): Promise<void> {
    this.closed = true;
    this.target = 0;
    clearInterval(this.watch);
    const slots = [...this.slots.values()];
    for (const slot of slots) this.stopSlot(slot, graceMs);
    await Promise.all(slots.map((slot) => slot.exited));
  }

  /**
   * Replaces one worker: a fresh process (with a new id) starts at once, and the old one stops
   * gracefully within `graceMs`, then is killed. Also revives a crash-looping slot. False when
   * there is no such worker or it is already stopping.
   */
  restartWorker(id: string, graceMs = this.stopGraceMs): boolean {
    const slot = this.slots.get(id);
    if (!slot || slot.stopping || this.closed) return false;
    this.stopSlot(slot, graceMs);
    this.reconcile();
    return true;
  }

  /** Stops one worker gracefully and lowers the target by one, so that no other replaces it. */
  stopWorker(id: string, graceMs = this.stopGraceMs): boolean {
    const slot = this.slots.get(id);
    if (!slot || slot.stopping || this.closed) return false;
    // A crash-looped slot holds its place in the count too (see counted()).
    this.target = Math.max(0, this.target - 1);
    this.stopSlot(slot, graceMs);
    this.reconcile();
    return true;
  }

  private liveSlots(): Slot[] {
    return [...this.slots.values()].filter((slot) => !slot.stopping && slot.state !== 'crashed');
  }

  /** Slots that fill the target: live ones, and crash-looped ones left stopped. */
  private counted(): Slot[] {
    return [...this.slots.values()].filter((slot) => !slot.stopping);
  }

  private reconcile(): void {
    const counted = this.counted();
    for (let i = counted.length; i < this.target; i++) this.spawn(newSlot(`w${this.nextId++}`));
    if (counted.length > this.target) {
      // Crash-looped first, then idle, then the newest: the oldest have warm model sessions.
      const rank = (slot: Slot): number => (slot.state === 'crashed' ? 0 : slot.state === 'busy' ? 2 : 1);
      const order = [...counted].sort((a, b) => rank(a) - rank(b) || b.id.localeCompare(a.id, 'en', { numeric: true }));
      for (const slot of order.slice(0, counted.length - this.target)) this.stopSlot(slot, this.stopGraceMs);
    }
    this.planConcurrency();
    this.options.onChange();
  }

  /** Tells every worker its embed concurrency when the number of live workers changed. */
  private planConcurrency(force = false): void {
    if (!this.options.embedConcurrency) return;
    const embed = this.options.embedConcurrency(Math.max(1, this.target));
    if (embed === this.embedPlan && !force) return;
    this.embedPlan = embed;
    for (const slot of this.liveSlots()) slot.child?.send({ type: 'concurrency', embed } satisfies SupervisorMessage);
  }

  private spawn(slot: Slot): void {
    slot.state = 'starting';
    slot.heartbeat = null;
    slot.idleSince = null;
    slot.lastBeatAt = null;
    slot.abortingSince.clear();
    this.slots.set(slot.id, slot);
    const wlog = log.child({ worker: slot.id });
    const child = this.options.launcher.launch({
      entry: this.options.entry,
      env: this.options.envFor(slot.id),
      name: `semantik-worker-${slot.id}`,
    });
    slot.child = child;
    slot.ready = false;
    forwardLines(child.stdout, wlog, 'info', (line) => keepLine(slot, line));
    forwardLines(child.stderr, wlog, 'warn', (line) => keepLine(slot, line));
    slot.timer = setTimeout(() => {
      slot.lastError = `did not report ready within ${READY_TIMEOUT_MS} ms`;
      wlog.error(slot.lastError);
      child.kill('SIGKILL');
    }, READY_TIMEOUT_MS);
    slot.exited = new Promise((resolveExit) => {
      child.onExit((code, signal) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = null;
        resolveExit();
        this.handleExit(slot, child, code, signal);
      });
    });
    child.onMessage((raw) => this.handleMessage(slot, child, raw));
    this.options.onChange();
  }

  private handleMessage(slot: Slot, child: LaunchedChild, raw: unknown): void {
    const parsed = workerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn({ worker: slot.id }, `ignored a malformed message from worker: ${parsed.error.message}`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = null;
        slot.ready = true;
        if (!slot.stopping) slot.state = 'idle';
        if (slot.pendingStopGraceMs !== null) {
          child.send({ type: 'stop', graceMs: slot.pendingStopGraceMs } satisfies SupervisorMessage);
          slot.pendingStopGraceMs = null;
        }
        // Its config was written before the pool's size was known: send the current plan.
        if (this.options.embedConcurrency && this.embedPlan > 0)
          child.send({ type: 'concurrency', embed: this.embedPlan } satisfies SupervisorMessage);
        break;
      case 'heartbeat':
        applyHeartbeat(slot, message.heartbeat, Date.now());
        break;
      case 'log':
        log[message.level]({ worker: slot.id }, message.msg);
        break;
      case 'fatal':
        slot.lastError = message.error.message;
        log.error({ worker: slot.id, error: message.error }, 'worker reported a fatal error');
        break;
      case 'stopped':
        break;
    }
    this.options.onChange();
  }

  private handleExit(slot: Slot, child: LaunchedChild, code: number | null, signal: string | null): void {
    if (slot.child !== child) return;
    slot.child = null;
    if (slot.stopping || this.closed) {
      this.slots.delete(slot.id);
      this.options.onChange();
      return;
    }
    const now = Date.now();
    slot.crashes = [...slot.crashes.filter((at) => now - at < CRASH_LOOP_WINDOW_MS), now];
    slot.lastError = slot.lastError ?? `exited unexpectedly (code ${code ?? 'none'}, signal ${signal ?? 'none'})`;
    log.warn({ worker: slot.id, code, signal }, 'worker exited unexpectedly');
    this.note(slot.id, 'crash', slot.lastError);
    if (slot.crashes.length >= CRASH_LOOP_LIMIT) {
      slot.state = 'crashed';
      slot.lastError = `crash loop: ${slot.crashes.length} exits within ${CRASH_LOOP_WINDOW_MS / 1000} s; last output:\n${slot.lastLines.join('\n')}`;
      log.error({ worker: slot.id }, 'worker is crash-looping; left stopped');
      this.note(slot.id, 'crash-loop', slot.lastError);
      this.options.onChange();
      return;
    }
    slot.state = 'offline';
    const delay = RESTART_BACKOFF_MS[Math.min(slot.crashes.length - 1, RESTART_BACKOFF_MS.length - 1)] ?? 1_000;
    slot.timer = setTimeout(() => {
      slot.timer = null;
      if (this.closed || slot.stopping) return;
      slot.restarts += 1;
      slot.lastError = null;
      this.spawn(slot);
    }, delay);
    this.options.onChange();
  }

  /** Applies the memory and hard time limits to every live worker's latest heartbeat. */
  private checkLimits(): void {
    const limits = this.options.limits;
    if (!limits || this.closed) return;
    const now = Date.now();
    for (const slot of this.liveSlots()) {
      if (slot.state === 'starting') continue;
      const hard = pastHardLimit(slot.heartbeat, now, limits, slot.abortingSince, slot.lastBeatAt);
      if (hard) this.replace(slot, hard, 0);
      else {
        const memory = overMemory(slot.heartbeat, limits);
        if (memory) this.replace(slot, memory, this.stopGraceMs);
      }
    }
  }

  /** Starts a replacement and stops `slot` within `graceMs` (0: hand its jobs back now). */
  private replace(slot: Slot, reason: ReplaceReason, graceMs: number): void {
    const kind = reason.kind === 'memory' ? 'recycle' : 'replace';
    log.warn({ worker: slot.id, reason: reason.detail }, kind === 'recycle' ? 'recycling worker' : 'replacing worker');
    this.note(slot.id, kind, reason.detail);
    this.stopSlot(slot, graceMs);
    slot.lastError = `${kind === 'recycle' ? 'recycled' : 'replaced'}: ${reason.detail}`;
    this.reconcile();
  }

  private note(workerId: string, kind: PoolEvent['kind'], detail: string): void {
    this.recent.push({ at: Date.now(), workerId, kind, detail });
    if (this.recent.length > EVENTS_KEPT) this.recent.shift();
  }

  private stopSlot(slot: Slot, graceMs: number): void {
    if (slot.stopping) return;
    slot.stopping = true;
    slot.state = 'stopping';
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const child = slot.child;
    if (!child) {
      this.slots.delete(slot.id);
      return;
    }
    // A worker still starting does not listen yet: it gets the stop when it says it is ready.
    if (slot.ready) child.send({ type: 'stop', graceMs } satisfies SupervisorMessage);
    else slot.pendingStopGraceMs = graceMs;
    const killTimer = setTimeout(() => {
      log.warn({ worker: slot.id }, `did not stop within ${graceMs} ms; killing`);
      child.kill('SIGKILL');
    }, graceMs + KILL_WAIT_MS);
    void slot.exited.then(() => clearTimeout(killTimer));
  }
}
