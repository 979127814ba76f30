/**
 * Backoff after failed logins, per client: the first few wrong passwords cost nothing, then each
 * one shuts that client out for twice as long as the last (1 s, 2 s, 4 s, … up to 5 minutes). A
 * client that is shut out gets 429 with `Retry-After`, and its password is not even checked.
 *
 * A success does not wipe the record: when an attacker and a logged-in browser share an address
 * (every local user comes from 127.0.0.1), the browser's requests would otherwise reset the
 * attacker's count. Failures are forgotten once a client has not failed for `forgetAfterMs`.
 */
import { isIP } from 'node:net';

/** The schedule of the backoff. */
export interface LoginBackoff {
  /** Failures that cost nothing (typos). */
  freeFailures: number;
  /** The first wait, after the free failures; each later failure doubles it. */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
  /** A client with no failure for this long starts afresh. */
  forgetAfterMs: number;
}

/** The schedule the web monitor uses. */
export const DEFAULT_LOGIN_BACKOFF: LoginBackoff = { freeFailures: 5, baseMs: 1000, maxMs: 5 * 60_000, forgetAfterMs: 15 * 60_000 };

/** Clients remembered at most; past it the least recently failed are forgotten first. */
export const MAX_TRACKED_CLIENTS = 10_000;

interface ClientRecord {
  failures: number;
  lastFailure: number;
  blockedUntil: number;
}

/** Failed logins per client and the backoff they earned. */
export class LoginThrottle {
  private readonly clients = new Map<string, ClientRecord>();

  constructor(
    private readonly backoff: LoginBackoff = DEFAULT_LOGIN_BACKOFF,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long `client` must still wait before its next login attempt; 0 when it may try now. */
  waitMs(client: string): number {
    const record = this.live(client);
    return record === undefined ? 0 : Math.max(0, record.blockedUntil - this.now());
  }

  /** Counts a failed login; returns the failures so far and the wait it starts (0 while free). */
  recordFailure(client: string): { failures: number; waitMs: number } {
    const now = this.now();
    const record = this.live(client) ?? { failures: 0, lastFailure: now, blockedUntil: 0 };
    record.failures += 1;
    record.lastFailure = now;
    const over = record.failures - this.backoff.freeFailures;
    // 2 ** over grows past maxMs long before it overflows; the cap keeps the exponent small anyway.
    const waitMs = over <= 0 ? 0 : Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** Math.min(over - 1, 30));
    record.blockedUntil = now + waitMs;
    // Re-inserting keeps the map in order of last failure, oldest first, for the bound below.
    this.clients.delete(client);
    this.clients.set(client, record);
    this.bound();
    return { failures: record.failures, waitMs };
  }

  private live(client: string): ClientRecord | undefined {
    const record = this.clients.get(client);
    if (record !== undefined && this.now() - record.lastFailure > Math.max(this.backoff.forgetAfterMs, this.backoff.maxMs)) {
      this.clients.delete(client);
      return undefined;
    }
    return record;
  }

  private bound(): void {
    while (this.clients.size > MAX_TRACKED_CLIENTS) {
      const oldest = this.clients.keys().next();
      if (oldest.done === true) break;
      this.clients.delete(oldest.value);
    }
  }
}

/**
 * The key a client is throttled by: its IPv4 address (IPv4-mapped IPv6 addresses included), or
 * the /64 network of an IPv6 address, since one host commonly holds a whole /64.
 */
export function clientKey(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  // The group exists whenever the pattern matched.
  if (mapped !== null) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  // split() always returns at least one part; the zone (`%eth0`) is dropped.
  const bare = address.split('%')[0]!.toLowerCase();
  const [head, tail] = bare.includes('::') ? bare.split('::') : [bare, undefined];
  const left = head === '' || head === undefined ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
