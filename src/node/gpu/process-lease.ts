/**
 * One GPU per worker process. The process holds at most one device lease at a time; its embed
 * tasks take turns on that device (the model runs one call at a time anyway), each turn with its
 * own fencing token and max-hold deadline; while the lease is busy the process renews it.
 *
 * Fair hand-over: a task that arrives while other processes wait does not join the device's
 * current tasks; when those are done the device is released and the process queues again (first
 * come, first served). With nobody waiting the process keeps the device, marked idle, and with it
 * its loaded model session; a process that starts waiting later takes an idle device over.
 */
import type { Redis } from 'ioredis';
import { childLogger, type Logger } from '../logger';
import { runLua } from '../redis-script';
import { SemantikError } from '../../shared/errors';
import { deviceKeys, processOwner, WAIT_ALIVE_KEY, WAIT_KEY, RELEASED_CHANNEL } from './gpu-lease-keys';
import type { GpuLeaser } from './gpu-lease';
import { IDLE_SCRIPT, JOIN_SCRIPT, TURN_SCRIPT } from './gpu-lease-scripts';
import type { GpuDevice } from './gpu-types';
import type { HeldLease, Lease } from './held-lease';
import { liveEntries, waitForTurn, type TurnEntry, type UseOptions } from './turn-entry';
import { TurnLease } from './turn-lease';

export type { UseOptions } from './turn-entry';

/** Waiting "forever" (SEMANTIK_GPU_FALLBACK=wait): a year. Each task's own deadline ends its wait. */
const WAIT_FOREVER_MS = 365 * 24 * 3600 * 1000;

/** A worker process's single device, shared by its tasks. */
export interface ProcessGpu {
  readonly devices: readonly GpuDevice[];
  /**
   * Resolves when the job's turn on the process's device has come; null after `waitMs` or on
   * abort. `release()` on the returned lease ends the turn (the device stays the process's).
   */
  use(jobId: string, options: UseOptions): Promise<Lease | null>;
  /** The device this process holds now (busy or idle), or null. */
  heldDevice(): string | null;
  /** Ends every wait and turn, and releases the device. */
  close(): Promise<void>;
}

/** What {@link createProcessGpu} needs. */
export interface ProcessGpuOptions {
  leaser: GpuLeaser;
  /** The connection the leaser uses. */
  redis: Redis;
  workerId: string;
  /** @defaultValue process.pid */
  pid?: number;
  /** @defaultValue childLogger('gpu-lease') */
  logger?: Logger;
}

/** The keys the join and idle scripts read: the device's lease and holder, and the wait list. */
function keysOf(held: HeldLease): string[] {
  const keys = deviceKeys(held.deviceId);
  return [keys.lease, keys.holder, WAIT_KEY, WAIT_ALIVE_KEY];
}

/**
 * The process's device and its tasks: those that just arrived, those that joined the device and
 * wait for their turn (`queue`), and those that wait for a device (`waiting`).
 */
class ProcessDevice {
  private readonly pid: number;
  private readonly log: Logger;
  private readonly waitOwner: string;
  private lease: HeldLease | null = null;
  private running: TurnLease | null = null;
  private idle = false;
  private closed = false;
  private acquiring: AbortController | null = null;
  private readonly arrivals: TurnEntry[] = [];
  private readonly queue: TurnEntry[] = [];
  private readonly waiting: TurnEntry[] = [];
  private chain: Promise<void> = Promise.resolve();
  /** Leases whose grant named the first waiting task: that task's turn is the grant itself. */
  private readonly firstTurn = new WeakSet<HeldLease>();

  constructor(private readonly options: ProcessGpuOptions) {
    this.pid = options.pid ?? process.pid;
    this.log = options.logger ?? childLogger('gpu-lease');
    this.waitOwner = processOwner(options.workerId, this.pid);
  }

  heldDevice(): string | null {
    return this.lease && !this.lease.ended ? this.lease.deviceId : null;
  }

  use(jobId: string, request: UseOptions): Promise<Lease | null> {
    if (this.options.leaser.devices.length === 0 || this.closed) return Promise.resolve(null);
    if (jobId === '' || jobId.includes('|')) throw new SemantikError('BAD_INPUT', `job id "${jobId}" must be non-empty without "|"`);
    return waitForTurn(jobId, `${this.options.workerId}:${this.pid}:${jobId}`, request, {
      enqueue: (entry) => {
        this.arrivals.push(entry);
        return this.kick();
      },
      cancelled: () => void this.kick(),
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.acquiring?.abort();
    for (const entry of [...this.arrivals, ...this.queue, ...this.waiting]) if (!entry.done) entry.settle(null);
    const held = this.lease;
    this.lease = null;
    if (held) {
      held.lose('closed');
      await held.release();
    }
  }

  /** Runs one step after the others: the state above is only changed inside steps. */
  private kick(): Promise<void> {
    this.chain = this.chain
      .then(() => this.step())
      .catch((error: unknown) => {
        this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'GPU device step failed; waiting tasks fail');
        for (const entry of [...this.arrivals, ...this.queue, ...this.waiting]) entry.fail(error);
        this.arrivals.length = this.queue.length = this.waiting.length = 0;
      });
    return this.chain;
  }

  private async step(): Promise<void> {
    if (this.lease?.ended) this.dropLease();
    await this.placeArrivals();
    await this.offerIdleDevice();
    if (this.lease && !this.running) await this.nextTurn(this.lease);
    if (!this.lease && liveEntries(this.waiting).length > 0 && !this.acquiring && !this.closed) this.startAcquire();
    if (this.acquiring && liveEntries(this.waiting).length === 0) {
      this.acquiring.abort();
      this.acquiring = null;
    }
  }

  /** New tasks join the device's current tasks while nobody else waits, else queue for a device. */
  private async placeArrivals(): Promise<void> {
    const arrived = liveEntries(this.arrivals).splice(0);
    if (arrived.length === 0) return;
    if (this.lease && (await this.join(arrived)) !== 'joined') this.waiting.push(...arrived);
    else if (!this.lease) this.waiting.push(...arrived);
  }

  /** Tasks that wait for a device take the process's idle one, or it goes to the processes that wait. */
  private async offerIdleDevice(): Promise<void> {
    if (!(this.lease && this.idle && liveEntries(this.waiting).length > 0)) return;
    const moving = this.waiting.splice(0);
    const joined = await this.join(moving);
    if (joined === 'joined') return;
    this.waiting.unshift(...moving);
    // Idle and others wait: give the device to them now rather than at their next poll.
    if (joined === 'others-wait' && this.lease) {
      const held = this.lease;
      this.dropLease();
      await held.release();
    }
  }

  private dropLease(): void {
    this.lease = null;
    this.idle = false;
    // Tasks that had joined but not started wait for the next device, ahead of later arrivals.
    this.waiting.unshift(...liveEntries(this.queue));
    this.queue.length = 0;
  }

  /** The jobs on the device, as the scripts record them: the running task's, then those in line. */
  private jobsOnDevice(): string[] {
    return [...(this.running ? [this.running.jobId] : []), ...liveEntries(this.queue).map((entry) => entry.jobId)];
  }

  private async join(entries: TurnEntry[]): Promise<'joined' | 'others-wait' | 'lost'> {
    const held = this.lease!; // callers check
    const jobs = JSON.stringify([...this.jobsOnDevice(), ...entries.map((entry) => entry.jobId)]);
    const result = Number(await runLua(this.options.redis, JOIN_SCRIPT, keysOf(held), [held.value, jobs]));
    if (result === 1) {
      this.queue.push(...entries);
      this.idle = false;
      return 'joined';
    }
    if (result === -1) {
      held.lose('taken');
      this.dropLease();
    }
    return result === 0 ? 'others-wait' : 'lost';
  }

  private async nextTurn(held: HeldLease): Promise<void> {
    const entry = liveEntries(this.queue).shift();
    if (entry === undefined) return this.idleOrHandOver(held);
    const token = await this.turnToken(held, entry);
    if (token === null) return;
    this.firstTurn.delete(held);
    const turn = new TurnLease({
      lease: held,
      jobId: entry.jobId,
      token,
      maxHoldMs: entry.maxHoldMs,
      onRelease: (ended) => {
        if (this.running === ended) this.running = null;
        return this.kick();
      },
    });
    this.running = turn;
    entry.done = true;
    entry.settle(turn);
  }

  /** No task is in line: the device is handed over if others wait, else kept idle. */
  private async idleOrHandOver(held: HeldLease): Promise<void> {
    if (this.idle) return;
    const result = Number(await runLua(this.options.redis, IDLE_SCRIPT, keysOf(held), [held.value, RELEASED_CHANNEL, held.deviceId]));
    if (result === 2) {
      held.forget();
      this.lease = null;
      this.log.debug({ deviceId: held.deviceId, owner: this.waitOwner }, 'GPU handed over: its tasks are done and others wait');
    } else if (result === 1) {
      this.idle = true;
      // Tasks that arrived while others waited: nobody waits now, so they may use the kept device.
      if (liveEntries(this.waiting).length > 0) void this.kick();
    } else {
      held.lose('taken');
      this.dropLease();
    }
  }

  /** The fencing token of the entry's turn, or null when the device was lost (the entry waits again). */
  private async turnToken(held: HeldLease, entry: TurnEntry): Promise<number | null> {
    // The grant named this task (it was first in line): its turn is the grant itself.
    if (held.owner === entry.owner && this.firstTurn.has(held)) return held.token;
    const keys = deviceKeys(held.deviceId);
    const jobs = JSON.stringify([entry.jobId, ...liveEntries(this.queue).map((one) => one.jobId)]);
    const reply = await runLua(
      this.options.redis,
      TURN_SCRIPT,
      [keys.lease, keys.fence, keys.holder],
      [held.value, entry.owner, entry.maxHoldMs, jobs],
    );
    if (!Array.isArray(reply) || reply[0] !== 1 || typeof reply[1] !== 'number') {
      this.queue.unshift(entry);
      held.lose('taken');
      this.dropLease();
      void this.kick();
      return null;
    }
    held.adopt(entry.owner, reply[1]);
    return reply[1];
  }

  private startAcquire(): void {
    const first = liveEntries(this.waiting)[0]!; // caller checked
    const controller = new AbortController();
    this.acquiring = controller;
    this.options.leaser
      .acquire(this.waitOwner, {
        waitMs: WAIT_FOREVER_MS,
        maxHoldMs: first.maxHoldMs,
        pid: this.pid,
        signal: controller.signal,
        leaseOwner: first.owner,
        jobs: () => liveEntries(this.waiting).map((entry) => entry.jobId),
        holdTimer: false,
        idle: () => this.idle && this.running === null && liveEntries(this.queue).length === 0,
        ...(first.prefer ? { prefer: first.prefer } : {}),
      })
      .then(
        (granted) => {
          if (this.acquiring === controller) this.acquiring = null;
          if (granted === null) return this.kick();
          this.chain = this.chain.then(() => this.takeGrant(granted));
          return this.kick();
        },
        (error: unknown) => {
          if (this.acquiring === controller) this.acquiring = null;
          const failure = error instanceof SemantikError ? error : new SemantikError('REDIS', 'GPU lease request failed', { cause: error });
          for (const entry of liveEntries(this.waiting).splice(0)) entry.fail(failure);
        },
      );
  }

  /** The device granted to this process: its waiting tasks join it, unless they are gone meanwhile. */
  private async takeGrant(granted: HeldLease): Promise<void> {
    if (this.closed || liveEntries(this.waiting).length === 0) {
      await granted.release();
      return;
    }
    this.lease = granted;
    this.idle = false;
    this.firstTurn.add(granted);
    granted.signal.addEventListener('abort', () => void this.kick(), { once: true });
    this.queue.push(...this.waiting.splice(0));
    this.log.debug({ deviceId: granted.deviceId, owner: this.waitOwner, jobs: this.queue.length }, 'GPU granted to this worker');
  }
}

/** Creates the process's device holder over a leaser (which it does not close). */
export function createProcessGpu(options: ProcessGpuOptions): ProcessGpu {
  const device = new ProcessDevice(options);
  return {
    devices: options.leaser.devices,
    use: (jobId, request) => device.use(jobId, request),
    heldDevice: () => device.heldDevice(),
    close: () => device.close(),
  };
}
