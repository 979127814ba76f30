/**
 * One task's turn on the device its worker process holds: the {@link Lease} an embed task uses.
 * It has the task's own fencing token and max-hold timer; it ends when the task releases it, when
 * its maximum hold passes, or when the process loses the device.
 */
import { GpuLeaseLostError, type HeldLease, type Lease } from './held-lease';

// setTimeout fires at once for delays past 2^31-1 ms (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a {@link TurnLease} is made from. */
export interface TurnLeaseInit {
  lease: HeldLease;
  jobId: string;
  /** The fencing token of this turn (the lease's value names it while the turn lasts). */
  token: number;
  maxHoldMs: number;
  /** Called once when the turn ends; its promise is what `release()` resolves with. */
  onRelease: (turn: TurnLease) => Promise<void>;
}

/** The {@link Lease} a task gets from the process's device (process-lease.ts). */
export class TurnLease implements Lease {
  readonly deviceId: string;
  readonly index: number;
  readonly owner: string;
  readonly token: number;
  readonly since: number;
  readonly jobId: string;
  readonly signal: AbortSignal;
  private readonly own = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private over = false;
  private released: Promise<void> | null = null;

  constructor(private readonly init: TurnLeaseInit) {
    const { lease } = init;
    this.deviceId = lease.deviceId;
    this.index = lease.index;
    this.owner = lease.owner;
    this.token = init.token;
    this.since = lease.since;
    this.jobId = init.jobId;
    this.signal = AbortSignal.any([lease.signal, this.own.signal]);
    this.timer = setTimeout(
      () => this.own.abort(new GpuLeaseLostError('max-hold', this.deviceId)),
      Math.min(init.maxHoldMs, MAX_TIMER_MS),
    ).unref();
  }

  get usableUntil(): number {
    return this.over || this.signal.aborted ? 0 : this.init.lease.usableUntil;
  }

  release(): Promise<void> {
    if (this.released === null) {
      this.over = true;
      clearTimeout(this.timer);
      this.released = this.init.onRelease(this);
    }
    return this.released;
  }

  async isValid(): Promise<boolean> {
    if (this.over || this.signal.aborted || this.init.lease.token !== this.token) return false;
    return this.init.lease.isValid();
  }
}
