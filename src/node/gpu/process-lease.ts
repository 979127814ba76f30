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
import { TurnLease } from './turn-lease';

/** Waiting "forever" (SEMANTIK_GPU_FALLBACK=wait): a year. Each task's own deadline ends its wait. */
const WAIT_FOREVER_MS = 365 * 24 * 3600 * 1000;

/** Options of one {@link ProcessGpu.use} call. */
export interface UseOptions {
  /** Give up (resolve null: run on the CPU) after this long. */
  waitMs: number;
  /** The task's turn is aborted after this long on the device (SEMANTIK_GPU_MAX_HOLD). */
  maxHoldMs: number;
  /** Stops waiting (resolves null). */
  signal?: AbortSignal;
  /** A device to take if it is free when the process's turn comes (its model session is loaded there). */
  prefer?: string;
}

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

interface Entry {
  jobId: string;
  /** `<workerId>:<pid>:<jobId>`: the lease's owner during this task's turn. */
  owner: string;
  maxHoldMs: number;
  prefer: string | undefined;
  done: boolean;
  settle(lease: Lease | null): void;
  fail(error: unknown): void;
}

/** Creates the process's device holder over a leaser (which it does not close). */
export function createProcessGpu(options: ProcessGpuOptions): ProcessGpu {
  const { leaser, redis, workerId } = options;
  const pid = options.pid ?? process.pid;
  const log = options.logger ?? childLogger('gpu-lease');
  const waitOwner = processOwner(workerId, pid);
  let lease: HeldLease | null = null;
  let running: TurnLease | null = null;
  let idle = false;
  let closed = false;
  let acquiring: AbortController | null = null;
  const arrivals: Entry[] = [];
  const queue: Entry[] = [];
  const waiting: Entry[] = [];
  let chain: Promise<void> = Promise.resolve();

  const live = (entries: Entry[]): Entry[] => {
    const kept = entries.filter((entry) => !entry.done);
    entries.splice(0, entries.length, ...kept);
    return entries;
  };
  const jobsOnDevice = (): string => JSON.stringify([...(running ? [running.jobId] : []), ...live(queue).map((entry) => entry.jobId)]);
  const keysOf = (held: HeldLease): string[] => {
    const keys = deviceKeys(held.deviceId);
    return [keys.lease, keys.holder, WAIT_KEY, WAIT_ALIVE_KEY];
  };

  /** Runs one step after the others: the state below is only changed inside steps. */
  function kick(): Promise<void> {
    chain = chain.then(step).catch((error: unknown) => {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'GPU device step failed; waiting tasks fail');
      for (const entry of [...arrivals, ...queue, ...waiting]) entry.fail(error);
      arrivals.length = queue.length = waiting.length = 0;
    });
    return chain;
  }

  function dropLease(): void {
    lease = null;
    idle = false;
    // Tasks that had joined but not started wait for the next device, ahead of later arrivals.
    waiting.unshift(...live(queue));
    queue.length = 0;
  }

  async function join(entries: Entry[]): Promise<'joined' | 'others-wait' | 'lost'> {
    const held = lease!; // callers check
    const jobs = JSON.stringify([...JSON.parse(jobsOnDevice()), ...entries.map((entry) => entry.jobId)]);
    const result = Number(await runLua(redis, JOIN_SCRIPT, keysOf(held), [held.value, jobs]));
    if (result === 1) {
      queue.push(...entries);
      idle = false;
      return 'joined';
    }
    if (result === -1) {
      held.lose('taken');
      dropLease();
    }
    return result === 0 ? 'others-wait' : 'lost';
  }

  async function step(): Promise<void> {
    if (lease?.ended) dropLease();
    // New tasks: join the device's current tasks while nobody else waits, else queue for a device.
    const arrived = live(arrivals).splice(0);
    if (arrived.length > 0) {
      if (lease && (await join(arrived)) !== 'joined') waiting.push(...arrived);
      else if (!lease) waiting.push(...arrived);
    }
    if (lease && idle && live(waiting).length > 0) {
      const moving = waiting.splice(0);
      const joined = await join(moving);
      if (joined !== 'joined') {
        waiting.unshift(...moving);
        // Idle and others wait: give the device to them now rather than at their next poll.
        if (joined === 'others-wait' && lease) {
          const held = lease;
          dropLease();
          await held.release();
        }
      }
    }
    if (lease && !running) await nextTurn(lease);
    if (!lease && live(waiting).length > 0 && !acquiring && !closed) startAcquire();
    if (acquiring && live(waiting).length === 0) {
      acquiring.abort();
      acquiring = null;
    }
  }

  async function nextTurn(held: HeldLease): Promise<void> {
    const entry = live(queue).shift();
    if (entry === undefined) {
      if (idle) return;
      const result = Number(await runLua(redis, IDLE_SCRIPT, keysOf(held), [held.value, RELEASED_CHANNEL, held.deviceId]));
      if (result === 2) {
        held.forget();
        lease = null;
        log.debug({ deviceId: held.deviceId, owner: waitOwner }, 'GPU handed over: its tasks are done and others wait');
      } else if (result === 1) {
        idle = true;
        // Tasks that arrived while others waited: nobody waits now, so they may use the kept device.
        if (live(waiting).length > 0) void kick();
      } else {
        held.lose('taken');
        dropLease();
      }
      return;
    }
    let token = held.token;
    // The grant named this task (it was first in line): its turn is the grant itself.
    if (!(held.owner === entry.owner && firstTurn.has(held))) {
      const keys = deviceKeys(held.deviceId);
      const jobs = JSON.stringify([entry.jobId, ...live(queue).map((one) => one.jobId)]);
      const reply = await runLua(
        redis,
        TURN_SCRIPT,
        [keys.lease, keys.fence, keys.holder],
        [held.value, entry.owner, entry.maxHoldMs, jobs],
      );
      if (!Array.isArray(reply) || reply[0] !== 1 || typeof reply[1] !== 'number') {
        queue.unshift(entry);
        held.lose('taken');
        dropLease();
        return void kick();
      }
      token = reply[1];
      held.adopt(entry.owner, token);
    }
    firstTurn.delete(held);
    const turn = new TurnLease({
      lease: held,
      jobId: entry.jobId,
      token,
      maxHoldMs: entry.maxHoldMs,
      onRelease: (ended) => {
        if (running === ended) running = null;
        return kick();
      },
    });
    running = turn;
    entry.done = true;
    entry.settle(turn);
  }

  const firstTurn = new WeakSet<HeldLease>();

  function startAcquire(): void {
    const first = live(waiting)[0]!; // caller checked
    const controller = new AbortController();
    acquiring = controller;
    leaser
      .acquire(waitOwner, {
        waitMs: WAIT_FOREVER_MS,
        maxHoldMs: first.maxHoldMs,
        pid,
        signal: controller.signal,
        leaseOwner: first.owner,
        jobs: () => live(waiting).map((entry) => entry.jobId),
        holdTimer: false,
        idle: () => idle && running === null && live(queue).length === 0,
        ...(first.prefer ? { prefer: first.prefer } : {}),
      })
      .then(
        (granted) => {
          if (acquiring === controller) acquiring = null;
          if (granted === null) return kick();
          chain = chain.then(async () => {
            if (closed || live(waiting).length === 0) {
              await granted.release();
              return;
            }
            lease = granted;
            idle = false;
            firstTurn.add(granted);
            granted.signal.addEventListener('abort', () => void kick(), { once: true });
            queue.push(...waiting.splice(0));
            log.debug({ deviceId: granted.deviceId, owner: waitOwner, jobs: queue.length }, 'GPU granted to this worker');
          });
          return kick();
        },
        (error: unknown) => {
          if (acquiring === controller) acquiring = null;
          const failure = error instanceof SemantikError ? error : new SemantikError('REDIS', 'GPU lease request failed', { cause: error });
          for (const entry of live(waiting).splice(0)) entry.fail(failure);
        },
      );
  }

  function use(jobId: string, request: UseOptions): Promise<Lease | null> {
    if (leaser.devices.length === 0 || closed) return Promise.resolve(null);
    if (jobId === '' || jobId.includes('|')) throw new SemantikError('BAD_INPUT', `job id "${jobId}" must be non-empty without "|"`);
    return new Promise<Lease | null>((resolve, reject) => {
      const finish = (): void => {
        entry.done = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', cancel);
      };
      const entry: Entry = {
        jobId,
        owner: `${workerId}:${pid}:${jobId}`,
        maxHoldMs: request.maxHoldMs,
        prefer: request.prefer,
        done: false,
        settle: (lease) => {
          finish();
          resolve(lease);
        },
        fail: (error) => {
          finish();
          reject(error instanceof Error ? error : new SemantikError('GPU', String(error)));
        },
      };
      const cancel = (): void => {
        if (entry.done) return;
        entry.settle(null);
        void kick();
      };
      const deadline = Date.now() + request.waitMs;
      let timer: NodeJS.Timeout | undefined;
      if (request.signal?.aborted) return cancel();
      request.signal?.addEventListener('abort', cancel, { once: true });
      arrivals.push(entry);
      // The wait starts after the first step: a device the process holds is joined even with no wait.
      void kick().then(() => {
        if (!entry.done) timer = setTimeout(cancel, Math.min(Math.max(0, deadline - Date.now()), 2 ** 31 - 1)).unref();
      });
    });
  }

  async function close(): Promise<void> {
    closed = true;
    acquiring?.abort();
    for (const entry of [...arrivals, ...queue, ...waiting]) if (!entry.done) entry.settle(null);
    const held = lease;
    lease = null;
    if (held) {
      held.lose('closed');
      await held.release();
    }
  }

  return { devices: leaser.devices, use, heldDevice: () => (lease && !lease.ended ? lease.deviceId : null), close };
}
