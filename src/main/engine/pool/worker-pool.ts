/**
 * The worker pool: starts N worker processes, restarts crashed ones with backoff, scales at run
 * time and stops them gracefully.
 *
 * Each child is awaited for its `ready` message against READY_TIMEOUT_MS; one that fails to start is
 * killed and counted as a crash (never reused half-started). A worker that crashes CRASH_LOOP_LIMIT
 * times within CRASH_LOOP_WINDOW_MS is left stopped and reported with its last log lines.
 */
import type { WorkerInfo } from '../../../shared/monitor-types';
import { workerMessageSchema, type Heartbeat, type SupervisorMessage } from '../../../shared/worker-protocol';
import { childLogger } from '../../../node/logger';
import { forwardLines } from './child-output';
import type { LaunchedChild, WorkerLauncher } from './launcher';

export const READY_TIMEOUT_MS = 60_000;
export const STOP_GRACE_MS = 30_000;
export const KILL_WAIT_MS = 5_000;
export const RESTART_BACKOFF_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000] as const;
export const CRASH_LOOP_LIMIT = 5;
export const CRASH_LOOP_WINDOW_MS = 60_000;
const LAST_LINES = 20;

interface Slot {
  id: string;
  child: LaunchedChild | null;
  state: WorkerInfo['state'];
  restarts: number;
  crashes: number[];
  heartbeat: Heartbeat | null;
  lastError: string | null;
  lastLines: string[];
  stopping: boolean;
  exited: Promise<void>;
  timer: NodeJS.Timeout | null;
}

export interface WorkerPoolOptions {
  launcher: WorkerLauncher;
  entry: string;
  /** The environment of one worker (its config as JSON, see workerConfigSchema). */
  envFor(workerId: string): Record<string, string>;
  onChange(): void;
}

const log = childLogger('pool');

/** Supervises the local worker processes. */
export class WorkerPool {
  private readonly slots = new Map<string, Slot>();
  private target = 0;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** The number of workers the pool keeps running. */
  get targetCount(): number {
    return this.target;
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
  async close(graceMs = STOP_GRACE_MS): Promise<void> {
    this.closed = true;
    this.target = 0;
    const slots = [...this.slots.values()];
    for (const slot of slots) this.stopSlot(slot, graceMs);
    await Promise.all(slots.map((slot) => slot.exited));
  }

  private liveSlots(): Slot[] {
    return [...this.slots.values()].filter((slot) => !slot.stopping && slot.state !== 'crashed');
  }

  private reconcile(): void {
    const live = this.liveSlots();
    for (let i = live.length; i < this.target; i++) this.spawn(`w${this.nextId++}`);
    if (live.length > this.target) {
      // Stop idle workers first, then the newest: the oldest have warm model sessions.
      const order = [...live].sort(
        (a, b) => Number(a.state === 'busy') - Number(b.state === 'busy') || b.id.localeCompare(a.id, 'en', { numeric: true }),
      );
      for (const slot of order.slice(0, live.length - this.target)) this.stopSlot(slot, STOP_GRACE_MS);
    }
    this.options.onChange();
  }

  private spawn(id: string, previous?: Slot): void {
    const slot: Slot = previous ?? {
      id,
      child: null,
      state: 'starting',
      restarts: 0,
      crashes: [],
      heartbeat: null,
      lastError: null,
      lastLines: [],
      stopping: false,
      exited: Promise.resolve(),
      timer: null,
    };
    slot.state = 'starting';
    this.slots.set(id, slot);
    const wlog = log.child({ worker: id });
    const child = this.options.launcher.launch({ entry: this.options.entry, env: this.options.envFor(id), name: `semantik-worker-${id}` });
    slot.child = child;
    const keep = (line: string): void => {
      slot.lastLines.push(line);
      if (slot.lastLines.length > LAST_LINES) slot.lastLines.shift();
    };
    forwardLines(child.stdout, wlog, 'info', keep);
    forwardLines(child.stderr, wlog, 'warn', keep);
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
    child.onMessage((raw) => this.handleMessage(slot, raw));
    this.options.onChange();
  }

  private handleMessage(slot: Slot, raw: unknown): void {
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
        if (!slot.stopping) slot.state = 'idle';
        break;
      case 'heartbeat':
        slot.heartbeat = message.heartbeat;
        if (!slot.stopping && slot.state !== 'starting') slot.state = message.heartbeat.state === 'busy' ? 'busy' : 'idle';
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
    if (slot.crashes.length >= CRASH_LOOP_LIMIT) {
      slot.state = 'crashed';
      slot.lastError = `crash loop: ${slot.crashes.length} exits within ${CRASH_LOOP_WINDOW_MS / 1000} s; last output:\n${slot.lastLines.join('\n')}`;
      log.error({ worker: slot.id }, 'worker is crash-looping; left stopped');
      this.options.onChange();
      this.reconcile();
      return;
    }
    slot.state = 'offline';
    const delay = RESTART_BACKOFF_MS[Math.min(slot.crashes.length - 1, RESTART_BACKOFF_MS.length - 1)] ?? 1_000;
    slot.timer = setTimeout(() => {
      slot.timer = null;
      if (this.closed || slot.stopping) return;
      slot.restarts += 1;
      slot.lastError = null;
      this.spawn(slot.id, slot);
    }, delay);
    this.options.onChange();
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
    child.send({ type: 'stop', graceMs } satisfies SupervisorMessage);
    const killTimer = setTimeout(() => {
      log.warn({ worker: slot.id }, `did not stop within ${graceMs} ms; killing`);
      child.kill('SIGKILL');
    }, graceMs + KILL_WAIT_MS);
    void slot.exited.then(() => clearTimeout(killTimer));
  }
}
