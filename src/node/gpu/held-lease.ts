/**
 * A granted GPU lease: renewed in the background, lost loudly, released by compare-and-delete.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { runLua } from '../redis-script';
import { SemantikError } from '../../shared/errors';
import { deviceKeys, encodeLeaseValue, RELEASED_CHANNEL, type DeviceKeys } from './gpu-lease-keys';
import { RELEASE_SCRIPT, RENEW_SCRIPT } from './gpu-lease-scripts';

/** Why a lease ended without its holder releasing it. */
export type LeaseLossKind = 'expired' | 'taken' | 'max-hold' | 'closed';

/** The abort reason of a lost lease's signal; `kind` says what happened. */
export class GpuLeaseLostError extends SemantikError {
  constructor(
    readonly kind: LeaseLossKind,
    readonly deviceId: string,
  ) {
    super('GPU', `GPU lease on ${deviceId} ended: ${LOSS_MESSAGES[kind]}`);
  }
}

const LOSS_MESSAGES: Record<LeaseLossKind, string> = {
  expired: 'it expired before it could be renewed',
  taken: 'another owner holds it now',
  'max-hold': 'it was held past its maximum hold time',
  closed: 'the leaser was closed',
};

/** A device held by one owner. Use the device only while `signal` is not aborted. */
export interface Lease {
  readonly deviceId: string;
  /** The CUDA device id to run on (or the simulated device's number). */
  readonly index: number;
  readonly owner: string;
  /** The fencing token: grows with every grant of this device. */
  readonly token: number;
  /** When it was granted (Redis time, ms). */
  readonly since: number;
  /** Aborted (reason: {@link GpuLeaseLostError}) when the lease is lost or held too long. */
  readonly signal: AbortSignal;
  /**
   * Local time (ms) until which the lease is known to be ours: the last confirmed renewal's send
   * time plus the TTL (0 once it ended). Checked synchronously before each use of the device, it
   * stops a process that was paused past its TTL before its timers have even run.
   */
  readonly usableUntil: number;
  /** Gives the device back; deletes the key only if it is still this lease's. Idempotent. */
  release(): Promise<void>;
  /** Asks Redis whether this owner and token still hold the device: the check before using it. */
  isValid(): Promise<boolean>;
}

/** What a {@link HeldLease} is made from. */
export interface HeldLeaseInit {
  redis: Redis;
  deviceId: string;
  index: number;
  owner: string;
  token: number;
  since: number;
  ttlMs: number;
  renewEveryMs: number;
  maxHoldMs: number;
  /** Local time until which the lease is known to be ours (request sent + ttl). */
  validUntil: number;
  /**
   * False for a worker process's lease, whose tasks each have their own max-hold timer (the
   * process keeps the device across tasks). @defaultValue true
   */
  holdTimer?: boolean;
  /** True while the holder does not use the device: losing it then is a hand-over, not a fault. */
  idle?: () => boolean;
  log: Logger;
  /** Called once when the lease ends, however it ends. */
  onEnd: (lease: HeldLease) => void;
}

// setTimeout fires at once for delays past 2^31-1 ms (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The {@link Lease} implementation that {@link createGpuLeaser} hands out. */
export class HeldLease implements Lease {
  readonly deviceId: string;
  readonly index: number;
  readonly since: number;
  private readonly controller = new AbortController();
  private readonly keys: DeviceKeys;
  private current: { owner: string; token: number; value: string };
  /** Bumped by every change of the value, so a renewal sent with the old value is not a loss. */
  private version = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private expiryTimer: NodeJS.Timeout | undefined;
  private knownUntil = 0;
  private isEnded = false;
  private renewing = false;
  private releasing: Promise<void> | null = null;

  constructor(private readonly init: HeldLeaseInit) {
    this.deviceId = init.deviceId;
    this.index = init.index;
    this.since = init.since;
    this.keys = deviceKeys(init.deviceId);
    this.current = { owner: init.owner, token: init.token, value: encodeLeaseValue(init) };
    // Unref'd: a lease must never keep its process alive.
    this.timers.push(setInterval(() => void this.renew(), init.renewEveryMs).unref());
    if (init.holdTimer !== false) this.timers.push(setTimeout(() => this.lose('max-hold'), Math.min(init.maxHoldMs, MAX_TIMER_MS)).unref());
    this.armExpiry(init.validUntil);
  }

  get owner(): string {
    return this.current.owner;
  }

  get token(): number {
    return this.current.token;
  }

  /** The lease key's value as this holder last wrote it (scripts compare against it). */
  get value(): string {
    return this.current.value;
  }

  /** True once the lease ended (released, lost or handed over). */
  get ended(): boolean {
    return this.isEnded;
  }

  /** Takes the value a script wrote for the next task's turn: its owner and its fencing token. */
  adopt(owner: string, token: number): void {
    this.current = { owner, token, value: encodeLeaseValue({ owner, token, since: this.since }) };
    this.version += 1;
  }

  /** Ends the lease without touching Redis: a script already deleted it (released with waiters). */
  forget(): void {
    this.end();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get usableUntil(): number {
    return this.isEnded ? 0 : this.knownUntil;
  }

  release(): Promise<void> {
    this.end();
    this.releasing ??= this.deleteIfOurs();
    return this.releasing;
  }

  async isValid(): Promise<boolean> {
    if (this.isEnded) return false;
    const value = this.value;
    return (await this.init.redis.get(this.keys.lease)) === value;
  }

  /** Ends the lease as lost: aborts the signal, then deletes the key if it is still ours. */
  lose(kind: LeaseLossKind): void {
    if (this.isEnded) return;
    this.end();
    const details = { deviceId: this.deviceId, owner: this.owner, token: this.token, kind };
    if (kind === 'taken' && this.init.idle?.() === true) this.init.log.debug(details, 'idle GPU lease handed over to a waiter');
    else this.init.log.warn(details, 'GPU lease lost');
    this.controller.abort(new GpuLeaseLostError(kind, this.deviceId));
    void this.release();
  }

  private end(): void {
    if (this.isEnded) return;
    this.isEnded = true;
    for (const timer of this.timers) clearTimeout(timer);
    clearTimeout(this.expiryTimer);
    this.init.onEnd(this);
  }

  private armExpiry(validUntil: number): void {
    this.knownUntil = validUntil;
    clearTimeout(this.expiryTimer);
    // No successful renewal by then means Redis has (or soon will have) dropped the key.
    this.expiryTimer = setTimeout(() => this.lose('expired'), Math.max(0, validUntil - Date.now())).unref();
  }

  private async renew(): Promise<void> {
    if (this.isEnded || this.renewing) return; // a hung renewal is caught by the expiry timer
    this.renewing = true;
    const sentAt = Date.now();
    const version = this.version;
    try {
      const result = Number(
        await runLua(this.init.redis, RENEW_SCRIPT, [this.keys.lease, this.keys.holder], [this.value, this.init.ttlMs]),
      );
      if (this.isEnded) return;
      if (result === 1) this.armExpiry(sentAt + this.init.ttlMs);
      // The value changed (a new task's turn) while this renewal was on its way: the next one uses it.
      else if (result === -1 && version !== this.version) return;
      else this.lose(result === 0 ? 'expired' : result === -1 ? 'taken' : 'max-hold');
    } catch (error) {
      this.init.log.warn(
        { deviceId: this.deviceId, err: error instanceof Error ? error.message : String(error) },
        'GPU lease renewal failed; retrying',
      );
    } finally {
      this.renewing = false;
    }
  }

  private async deleteIfOurs(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    // With Redis unreachable the call could wait forever; after one TTL the key is gone anyway.
    const lapse = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.init.ttlMs).unref();
    });
    const release = runLua(
      this.init.redis,
      RELEASE_SCRIPT,
      [this.keys.lease, this.keys.holder],
      [this.value, RELEASED_CHANNEL, this.deviceId],
    ).then(
      () => undefined,
      (error: unknown) => {
        this.init.log.warn(
          { deviceId: this.deviceId, err: error instanceof Error ? error.message : String(error) },
          'GPU lease release failed; it lapses after its TTL',
        );
      },
    );
    await Promise.race([release, lapse]).finally(() => clearTimeout(timer));
  }
}
