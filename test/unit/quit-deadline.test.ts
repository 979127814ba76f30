import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STOP_DEADLINE_MS, withDeadline } from '../../src/main/electron/quit-deadline';

describe('withDeadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is done when the promise settles in time, and leaves no timer behind', async () => {
    let finish!: () => void;
    const outcome = withDeadline(new Promise<void>((resolve) => (finish = resolve)), 1_000);
    await vi.advanceTimersByTimeAsync(999);
    finish();
    await expect(outcome).resolves.toBe('done');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times out when the promise is still pending at the deadline', async () => {
    const outcome = withDeadline(new Promise<void>(() => undefined), STOP_DEADLINE_MS);
    await vi.advanceTimersByTimeAsync(STOP_DEADLINE_MS - 1);
    let settled: string | null = null;
    void outcome.then((value) => (settled = value));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    await expect(outcome).resolves.toBe('timed-out');
  });

  it('passes on a rejection that comes in time', async () => {
    const outcome = withDeadline(Promise.reject(new Error('stop failed')), 1_000);
    await expect(outcome).rejects.toThrow('stop failed');
    expect(vi.getTimerCount()).toBe(0);
  });
});
