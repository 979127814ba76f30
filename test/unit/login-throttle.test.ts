import { describe, expect, it } from 'vitest';
import { clientKey, DEFAULT_LOGIN_BACKOFF, LoginThrottle, MAX_TRACKED_CLIENTS } from '../../src/main/web/login-throttle';

function clock(): { now: () => number; advance(ms: number): void } {
  let time = 1_000_000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('login backoff', () => {
  it('lets the free failures pass, then doubles the wait up to the limit', () => {
    const time = clock();
    const throttle = new LoginThrottle(DEFAULT_LOGIN_BACKOFF, time.now);
    for (let i = 1; i <= DEFAULT_LOGIN_BACKOFF.freeFailures; i++) {
      expect(throttle.recordFailure('1.2.3.4')).toEqual({ failures: i, waitMs: 0 });
      expect(throttle.waitMs('1.2.3.4')).toBe(0);
    }
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      waits.push(throttle.recordFailure('1.2.3.4').waitMs);
      expect(throttle.waitMs('1.2.3.4')).toBe(waits.at(-1));
      time.advance(waits.at(-1)!);
      expect(throttle.waitMs('1.2.3.4')).toBe(0);
    }
    expect(waits.slice(0, 5)).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(Math.max(...waits)).toBe(DEFAULT_LOGIN_BACKOFF.maxMs);
    // Another client is not held back by this one.
    expect(throttle.waitMs('5.6.7.8')).toBe(0);
  });

  it('forgets a client that has not failed for a while', () => {
    const time = clock();
    const throttle = new LoginThrottle({ freeFailures: 0, baseMs: 100, maxMs: 1000, forgetAfterMs: 5000 }, time.now);
    throttle.recordFailure('a');
    expect(throttle.recordFailure('a').waitMs).toBe(200);
    time.advance(5001);
    expect(throttle.recordFailure('a')).toEqual({ failures: 1, waitMs: 100 });
  });

  it('remembers a bounded number of clients, dropping the least recently failed', () => {
    const throttle = new LoginThrottle({ freeFailures: 0, baseMs: 60_000, maxMs: 60_000, forgetAfterMs: 60_000 });
    throttle.recordFailure('first');
    for (let i = 0; i < MAX_TRACKED_CLIENTS; i++) throttle.recordFailure(`c${i}`);
    expect(throttle.waitMs('first')).toBe(0);
    expect(throttle.waitMs(`c${MAX_TRACKED_CLIENTS - 1}`)).toBeGreaterThan(0);
  });

  it('keys IPv4 clients by address and IPv6 clients by their /64', () => {
    expect(clientKey('127.0.0.2')).toBe('127.0.0.2');
    expect(clientKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey(undefined)).toBe('unknown');
  });
});
