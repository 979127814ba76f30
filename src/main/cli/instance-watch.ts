/**
 * Watching the instance a CLI command is attached to: its process (the pid in `instance.json`) and
 * its Redis connection. A Redis restart under a living supervisor is waited out quietly; a dead
 * instance is given a short time to come back on the same data folder (the desktop app, or a
 * supervisor such as systemd, may restart it), and the new one is followed; otherwise it is lost.
 */
import type { InstanceInfo } from '../engine/instance-file';

/**
 * How long a dead instance may take to come back before the command gives up.
 *
 * @defaultValue 15 s (`semantik index --restart-wait`)
 */
export const DEFAULT_RESTART_WAIT_MS = 15_000;

/**
 * How long the Redis of a living instance may stay unreachable. The supervisor restarts a dead
 * redis-server within seconds (with backoff, at most 5 s apart); far longer means it cannot.
 */
export const REDIS_SILENCE_LIMIT_MS = 60_000;

/** What the watcher reads from the system; the real ones read /proc and instance.json. */
export interface InstanceProbes {
  alive(pid: number): boolean;
  /** The live instance on the data folder now, or null. */
  current(): InstanceInfo | null;
  now(): number;
}

/** The outcome of one check. */
export type WatchVerdict =
  | { kind: 'up' }
  /** The instance died at `diedAt`; waiting for a restart. */
  | { kind: 'waiting'; diedAt: number }
  /** A new instance runs on the data folder: follow it. */
  | { kind: 'followed'; previous: InstanceInfo; instance: InstanceInfo }
  /** `limitMs`: the wait (or Redis silence) allowed, which was passed. */
  | { kind: 'lost'; reason: 'died' | 'redis-silent'; instance: InstanceInfo; limitMs: number };

/** The limits of {@link InstanceWatch}. */
export interface WatchLimits {
  restartWaitMs: number;
  redisSilenceMs: number;
}

/** Decides, check by check, whether the attached instance is up, restarting, replaced or lost. */
export class InstanceWatch {
  private diedAt: number | null = null;
  private redisDownSince: number | null = null;

  constructor(
    private instance: InstanceInfo,
    private readonly probes: InstanceProbes,
    private readonly limits: WatchLimits,
  ) {}

  /** The instance followed now. */
  get current(): InstanceInfo {
    return this.instance;
  }

  /** The connection to the instance's Redis dropped (ioredis keeps reconnecting). */
  redisDown(): void {
    this.redisDownSince ??= this.probes.now();
  }

  /** The connection to the instance's Redis is ready again. */
  redisUp(): void {
    this.redisDownSince = null;
  }

  /** Checks the instance once; call it on every poll. */
  check(): WatchVerdict {
    const now = this.probes.now();
    if (this.diedAt === null) {
      if (this.probes.alive(this.instance.pid)) {
        const silentMs = this.redisDownSince === null ? 0 : now - this.redisDownSince;
        if (silentMs > this.limits.redisSilenceMs) {
          return { kind: 'lost', reason: 'redis-silent', instance: this.instance, limitMs: this.limits.redisSilenceMs };
        }
        return { kind: 'up' };
      }
      this.diedAt = now;
    }
    const next = this.probes.current();
    if (next && (next.pid !== this.instance.pid || next.startedAt !== this.instance.startedAt)) {
      const previous = this.instance;
      this.instance = next;
      this.diedAt = null;
      this.redisDownSince = null;
      return { kind: 'followed', previous, instance: next };
    }
    if (now - this.diedAt > this.limits.restartWaitMs) {
      return { kind: 'lost', reason: 'died', instance: this.instance, limitMs: this.limits.restartWaitMs };
    }
    return { kind: 'waiting', diedAt: this.diedAt };
  }
}

/** The one line a person reads when the instance is lost: what happened, what is kept, what to do. */
export function lostMessage(verdict: Extract<WatchVerdict, { kind: 'lost' }>, dataDir: string, resume: string): string {
  const seconds = Math.round(verdict.limitMs / 1000);
  const what =
    verdict.reason === 'died'
      ? `the Semantik instance (pid ${verdict.instance.pid}) on ${dataDir} stopped and did not come back within ${seconds} s`
      : `the Semantik instance (pid ${verdict.instance.pid}) on ${dataDir} runs, but its Redis has not answered for ${seconds} s`;
  return (
    `semantik: ${what}. The queued work is kept (Redis AOF in the data folder) and resumes when the app ` +
    `or \`semantik serve\` starts again; then run \`${resume}\` to follow it to the end.`
  );
}
