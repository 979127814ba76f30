/**
 * GPU leases in Redis, shared by every worker process: one lease per device, one fair wait list
 * for the pool, fencing tokens, renewal while held and compare-and-delete on release.
 */
import type { Redis } from 'ioredis';
import { childLogger, type Logger } from '../logger';
import { runLua } from '../redis-script';
import { SemantikError } from '../../shared/errors';
import { deviceKeys, RELEASED_CHANNEL, WAIT_ALIVE_KEY, WAIT_JOBS_KEY, WAIT_KEY } from './gpu-lease-keys';
import { ACQUIRE_SCRIPT } from './gpu-lease-scripts';
import type { GpuDevice } from './gpu-types';
import { HeldLease } from './held-lease';

export { GpuLeaseLostError, type Lease, type LeaseLossKind } from './held-lease';

/** A lease lapses this long after its last renewal. */
export const DEFAULT_LEASE_TTL_MS = 10_000;
/**
 * How often a waiter asks again (and so proves it is alive). A released device wakes the waiters
 * at once (RELEASED_CHANNEL); polling finds devices whose holder died, and keeps waiters alive.
 */
export const DEFAULT_POLL_MS = 50;
/** A waiter that misses this many polls drops out of the wait list (it keeps its place if it comes back). */
export const WAITER_ALIVE_POLLS = 10;

/** Options of {@link createGpuLeaser}. */
export interface GpuLeaserOptions {
  /** A connection of this process's own; the leaser never closes it. */
  redis: Redis;
  devices: readonly GpuDevice[];
  /** @defaultValue {@link DEFAULT_LEASE_TTL_MS} */
  ttlMs?: number;
  /** @defaultValue {@link DEFAULT_POLL_MS} */
  pollMs?: number;
  /** @defaultValue ttlMs / 3 (tests set it past the TTL to play a stalled holder) */
  renewEveryMs?: number;
  /** @defaultValue childLogger('gpu-lease') */
  logger?: Logger;
}

/** Options of one {@link GpuLeaser.acquire} call. */
export interface AcquireOptions {
  /** Give up (resolve null) after this long; 0 tries once. */
  waitMs: number;
  /** The lease's signal aborts, and the device is taken back, after this long. */
  maxHoldMs: number;
  /** Shown in the status. @defaultValue process.pid */
  pid?: number;
  /** Stops waiting (resolves null). */
  signal?: AbortSignal;
  /** A device id to take if it is free when our turn comes (keeps a loaded model on its GPU). */
  prefer?: string;
  /** The owner the granted lease names, when it is not the waiting owner (a process waits, its first job holds). */
  leaseOwner?: string;
  /** The jobs waiting with this owner, read at every poll and shown in the status. */
  jobs?: () => readonly string[];
  /** False for a lease kept across tasks, each with its own max-hold timer. @defaultValue true */
  holdTimer?: boolean;
  /** True while the holder does not use its device (see HeldLeaseInit.idle). */
  idle?: () => boolean;
}

/** Hands out GPU leases to this process. */
export interface GpuLeaser {
  readonly devices: readonly GpuDevice[];
  /**
   * Waits in the pool's first-come-first-served list for a device; null after `waitMs`, on abort,
   * or when there are no devices. `owner` must be unique per concurrent call (e.g. `w3:1234:job-17`)
   * and may not contain `|`.
   */
  acquire(owner: string, options: AcquireOptions): Promise<HeldLease | null>;
  /** Stops waiting acquires (they resolve null), releases held leases and clears every timer. */
  close(): Promise<void>;
}

/** A leaser's settings and what its calls share: the leases it holds, its closing signal, its release listener. */
interface LeaserState {
  redis: Redis;
  devices: readonly GpuDevice[];
  ttlMs: number;
  pollMs: number;
  renewEveryMs: number;
  /** A waiter that has not polled for this long counts as gone. */
  aliveMs: number;
  log: Logger;
  /** The order ACQUIRE_SCRIPT expects: the pool's three keys, then lease, fence, holder per device. */
  keys: string[];
  held: Set<HeldLease>;
  closer: AbortController;
  releases: ReleaseListener;
}

/** Creates a leaser over the given devices (the same list, in the same order, in every process). */
export function createGpuLeaser(options: GpuLeaserOptions): GpuLeaser {
  const state = leaserState(options);
  return {
    devices: state.devices,
    acquire: (owner, request) => acquireLease(state, owner, request),
    close: () => closeLeaser(state),
  };
}

/** The leaser's settings with their defaults, checked, and its empty state. */
function leaserState(options: GpuLeaserOptions): LeaserState {
  const { redis, devices } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(ttlMs / 3));
  const aliveMs = WAITER_ALIVE_POLLS * pollMs;
  const log = options.logger ?? childLogger('gpu-lease');
  if (!(ttlMs >= 100 && pollMs >= 5)) throw new SemantikError('BAD_INPUT', `GPU lease ttl ${ttlMs} ms or poll ${pollMs} ms too small`);
  const keys = [
    WAIT_KEY,
    WAIT_ALIVE_KEY,
    WAIT_JOBS_KEY,
    ...devices.flatMap(({ id }) => [deviceKeys(id).lease, deviceKeys(id).fence, deviceKeys(id).holder]),
  ];
  const releases = new ReleaseListener(redis, log);
  return { redis, devices, ttlMs, pollMs, renewEveryMs, aliveMs, log, keys, held: new Set(), closer: new AbortController(), releases };
}

/** {@link GpuLeaser.acquire}: asks for a device at every poll (or release) until granted, out of time or aborted. */
async function acquireLease(state: LeaserState, owner: string, request: AcquireOptions): Promise<HeldLease | null> {
  const { devices, closer } = state;
  if (owner === '' || owner.includes('|')) throw new SemantikError('BAD_INPUT', `GPU lease owner "${owner}" must be non-empty without "|"`);
  if (!(request.maxHoldMs > 0 && request.waitMs >= 0))
    throw new SemantikError('BAD_INPUT', 'GPU lease maxHoldMs must be > 0 and waitMs >= 0');
  if (devices.length === 0 || closer.signal.aborted) return null;
  const signal = request.signal ? AbortSignal.any([request.signal, closer.signal]) : closer.signal;
  const deadline = Date.now() + request.waitMs;
  const prefer = request.prefer === undefined ? 0 : devices.findIndex((device) => device.id === request.prefer) + 1;
  const pid = request.pid ?? process.pid;
  let joinedAt = '';
  let granted = false;
  try {
    while (!signal.aborted) {
      const sentAt = Date.now();
      const jobs = request.jobs ? JSON.stringify(request.jobs()) : '';
      const args = [owner, joinedAt, state.aliveMs, state.ttlMs, pid, request.maxHoldMs, prefer, request.leaseOwner ?? '', jobs];
      const reply = parseAcquireReply(await runLua(state.redis, ACQUIRE_SCRIPT, state.keys, args));
      if (reply.granted) {
        granted = true;
        const lease = grant(state, request.leaseOwner ?? owner, reply, sentAt, request);
        if (!signal.aborted) return lease;
        await lease.release(); // closed or aborted while the request was on its way
        return null;
      }
      joinedAt = String(reply.joinedAt);
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await state.releases.sleep(Math.min(state.pollMs, left), signal);
    }
    return null;
  } catch (error) {
    if (error instanceof SemantikError) throw error;
    throw new SemantikError('REDIS', `GPU lease request for ${owner} failed`, { cause: error });
  } finally {
    if (!granted) await leaveWaitList(state, owner);
  }
}

/** The lease the script granted, held (and renewed) until it ends. */
function grant(state: LeaserState, owner: string, reply: Granted, sentAt: number, request: AcquireOptions): HeldLease {
  const { ttlMs, log, held } = state;
  // The script returns a 1-based position into the keys we sent, built from `devices`.
  const device = state.devices[reply.device - 1];
  if (device === undefined) throw new SemantikError('INTERNAL', `GPU lease script granted unknown device ${reply.device}`);
  const lease = new HeldLease({
    redis: state.redis,
    deviceId: device.id,
    index: device.index,
    owner,
    token: reply.token,
    since: reply.since,
    ttlMs,
    renewEveryMs: state.renewEveryMs,
    maxHoldMs: request.maxHoldMs,
    validUntil: sentAt + ttlMs,
    ...(request.holdTimer === false ? { holdTimer: false } : {}),
    ...(request.idle ? { idle: request.idle } : {}),
    log,
    onEnd: (ended) => held.delete(ended),
  });
  held.add(lease);
  log.debug({ deviceId: device.id, owner, token: reply.token }, 'GPU lease granted');
  return lease;
}

async function leaveWaitList(state: LeaserState, owner: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  // Unreachable Redis: after aliveMs the entry counts as dead anyway, so do not wait longer.
  const lapse = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, state.aliveMs).unref();
  });
  const leave = state.redis
    .multi()
    .zrem(WAIT_KEY, owner)
    .hdel(WAIT_ALIVE_KEY, owner)
    .hdel(WAIT_JOBS_KEY, owner)
    .exec()
    .then(
      () => undefined,
      (error: unknown) =>
        state.log.warn({ owner, err: error instanceof Error ? error.message : String(error) }, 'could not leave the GPU wait list'),
    );
  await Promise.race([leave, lapse]).finally(() => clearTimeout(timer));
}

async function closeLeaser(state: LeaserState): Promise<void> {
  state.closer.abort();
  state.releases.close();
  const leases = [...state.held];
  for (const lease of leases) lease.lose('closed');
  await Promise.all(leases.map((lease) => lease.release()));
}

interface Granted {
  granted: true;
  device: number;
  token: number;
  since: number;
}
type AcquireReply = Granted | { granted: false; joinedAt: number };

function parseAcquireReply(reply: unknown): AcquireReply {
  if (!Array.isArray(reply) || !reply.every((item): item is number => typeof item === 'number')) {
    throw new SemantikError('INTERNAL', `unexpected GPU lease script reply: ${JSON.stringify(reply)}`);
  }
  const [flag, a = 0, b = 0, c = 0] = reply;
  return flag === 1 ? { granted: true, device: a, token: b, since: c } : { granted: false, joinedAt: a };
}

/**
 * Wakes this process's waiting acquires when any device is released, over one subscriber
 * connection opened at the first wait. If it cannot subscribe, waiters still poll.
 */
class ReleaseListener {
  private subscriber: Redis | null = null;
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
  ) {}

  /** Resolves after `ms`, on abort, or when a device is released, whichever comes first. */
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.listen();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms).unref();
      signal.addEventListener('abort', done, { once: true });
      this.sleepers.add(done);
    });
  }

  close(): void {
    this.closed = true;
    this.subscriber?.disconnect();
    this.subscriber = null;
  }

  private listen(): void {
    if (this.subscriber !== null || this.closed) return;
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) => this.log.debug({ err: error.message }, 'GPU release listener error; waiters poll'));
    subscriber.on('message', () => {
      for (const wake of [...this.sleepers]) wake();
    });
    // ioredis subscribes again after a reconnect.
    subscriber.subscribe(RELEASED_CHANNEL).catch((error: unknown) => {
      this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'cannot listen for GPU releases; waiters poll');
    });
  }
}
