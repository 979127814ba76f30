// The web client's calls in flight: sent at once or on the next connection, settled by their reply,
// failed by a timeout or, once sent, by a lost connection.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPendingCalls } from '../../src/renderer/api/pending-calls';
import { SemantikError } from '../../src/shared/errors';

afterEach(() => {
  vi.useRealTimers();
});

describe('pending calls', () => {
  it('settles a sent call with the value or the error of its reply', async () => {
    const calls = createPendingCalls(1_000);
    const sent: string[] = [];
    const ok = calls.add('schedules:list', {}, (message) => sent.push(message) > 0);
    const failed = calls.add('schedules:remove', { name: 'x' }, (message) => sent.push(message) > 0);
    expect(sent.map((message) => JSON.parse(message) as unknown)).toEqual([
      { id: 1, call: 'schedules:list', input: {} },
      { id: 2, call: 'schedules:remove', input: { name: 'x' } },
    ]);
    calls.settle(1, { ok: true, value: [] });
    calls.settle(2, { ok: false, error: { name: 'SemantikError', message: 'no such schedule', code: 'NOT_FOUND' } });
    await expect(ok).resolves.toEqual([]);
    await expect(failed).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no such schedule' });
  });

  it('keeps an unsent call for the next connection and fails only sent calls when it is lost', async () => {
    const calls = createPendingCalls(1_000);
    const sent = calls.add('schedules:list', {}, () => true);
    const waiting = calls.add('schedules:run', { name: 'x' }, () => false);
    calls.failSent();
    await expect(sent).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const later: string[] = [];
    calls.sendUnsent((message) => later.push(message));
    calls.sendUnsent((message) => later.push(message));
    expect(later).toHaveLength(1);
    expect(JSON.parse(later[0] ?? '')).toMatchObject({ id: 2, call: 'schedules:run' });
    calls.settle(2, { ok: true, value: { ref: 'system:1' } });
    await expect(waiting).resolves.toEqual({ ref: 'system:1' });
  });

  it('fails a call with TIMEOUT when no reply comes in time, and drops a late reply', async () => {
    vi.useFakeTimers();
    const calls = createPendingCalls(2_000);
    const call = calls.add('schedules:list', {}, () => true);
    vi.advanceTimersByTime(2_000);
    await expect(call).rejects.toBeInstanceOf(SemantikError);
    await expect(call).rejects.toMatchObject({ code: 'TIMEOUT', message: 'schedules:list got no answer in 2 s' });
    expect(() => calls.settle(1, { ok: true, value: [] })).not.toThrow();
  });
});
