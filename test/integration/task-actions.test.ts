/**
 * Actions on jobs against a real engine and a real worker process: change priority, cancel,
 * promote (one and in bulk), abort a running job (the processor's AbortSignal fires and the job
 * fails without retries), abort a job stuck in a blocking call (its worker is replaced and the job
 * still ends failed), and restarting and stopping one worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../src/shared/api';
import { SYSTEM_JOBS, type SleepJobData } from '../../src/shared/jobs';
import type { TaskDetail } from '../../src/shared/tasks';
import { startTestEngine, waitFor, waitForHistory, type TestEngine } from '../helpers/engine';

const GRACE_MS = 2_000;
/** Silence of a worker's heartbeats (sent every second) that shows its event loop is blocked. */
const STUCK_AFTER_MS = 4_000;

describe('task actions', () => {
  let test: TestEngine;
  let handlers: ApiHandlers;

  const add = async (id: string, data: SleepJobData, delay = 0): Promise<void> => {
    await test.engine.queues.addSigned('system', SYSTEM_JOBS.sleep, data, { jobId: id, attempts: 3, ...(delay ? { delay } : {}) });
  };
  const detail = (id: string): Promise<TaskDetail> => handlers['tasks:get']({ queue: 'system', id });
  const stateOf = async (id: string): Promise<string> => (await detail(id)).state;

  beforeAll(async () => {
    test = await startTestEngine(1, { SEMANTIK_ABORT_GRACE: `${GRACE_MS}ms` });
    handlers = test.engine.handlers;
  });
  afterAll(async () => {
    await test?.close();
  });

  it('changes priority, cancels, promotes one and many; refuses actions that do not fit the state', async () => {
    // The system queue runs one job at a time: `hold` keeps the others waiting.
    await add('hold', { ms: 60_000 });
    await waitFor(async () => (await stateOf('hold')) === 'active', 'the holding job to run', 30_000);
    await add('b', { ms: 50 });
    await add('c', { ms: 50 });
    await add('d', { ms: 50 });
    await add('e', { ms: 50 }, 600_000);
    await add('f', { ms: 50 }, 600_000);
    await add('g', { ms: 50 }, 600_000);

    expect(await handlers['tasks:priority']({ queue: 'system', id: 'c', priority: 1 })).toMatchObject({ ref: 'system:c' });
    expect(await stateOf('c')).toBe('prioritized');
    expect(await handlers['tasks:cancel']({ id: 'd', queue: 'system' })).toMatchObject({ state: 'cancelled' });
    expect(await handlers['tasks:promote']({ queue: 'system', id: 'e' })).toMatchObject({ ref: 'system:e' });
    expect(await stateOf('e')).toBe('waiting');
    await expect(handlers['tasks:promote']({ queue: 'system', id: 'b' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(handlers['tasks:retry']({ queue: 'system', id: 'b' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(handlers['tasks:cancel']({ queue: 'system', id: 'hold' })).rejects.toMatchObject({ code: 'CONFLICT' });

    await waitForHistory(test.engine);
    const bulk = await handlers['tasks:bulk']({ action: 'promote', q: 'name:test_sleep', limit: 100 });
    expect(bulk).toMatchObject({ action: 'promote', matched: 2, done: 2, skipped: 0, errors: [] });
    expect(await stateOf('f')).toBe('waiting');

    await waitForHistory(test.engine);
    const cancelled = await handlers['tasks:get']({ queue: 'system', id: 'd' });
    expect(cancelled).toMatchObject({ state: 'cancelled', live: false });
    expect(cancelled.timeline.map((entry) => entry.event)).toContain('cancelled');
    expect((await detail('c')).priority).toBe(1);
    expect((await detail('e')).timeline.map((entry) => entry.event)).toContain('promoted');
    const page = await handlers['tasks:list']({ q: 'state:prioritized,waiting name:test_sleep', limit: 50, offset: 0, sort: 'addedAt' });
    expect(page.tasks.map((task) => task.id).sort()).toEqual(['b', 'c', 'e', 'f', 'g']);
    expect(page.counts.cancelled).toBe(1);
  });

  it('aborts a running job: its signal stops it, it fails without retries, and the worker stays', async () => {
    const before = test.engine.pool.info()[0]!;
    const result = await handlers['tasks:abort']({ queue: 'system', id: 'hold' });
    expect(result.message).toContain('abort requested');
    await waitFor(async () => (await stateOf('hold')) === 'failed', 'the aborted job to fail', 30_000);
    const aborted = await detail('hold');
    expect(aborted.error).toContain('aborted');
    expect(aborted.attempts).toBe(1);
    // The queued jobs run once the slot is free.
    await waitFor(async () => (await stateOf('g')) === 'completed', 'the waiting jobs to run', 30_000);
    // Past the grace period the worker is still the same process: its processor let go in time.
    await new Promise((done) => setTimeout(done, GRACE_MS + 1_000));
    const after = test.engine.pool.info();
    expect(after.map((worker) => [worker.workerId, worker.pid])).toEqual([[before.workerId, before.pid]]);
    await waitForHistory(test.engine);
    expect((await detail('hold')).timeline.map((entry) => entry.event)).toEqual(expect.arrayContaining(['abort-requested', 'failed']));
    await expect(handlers['tasks:abort']({ queue: 'system', id: 'hold' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('replaces the worker of a job stuck in a blocking call, and the job still ends failed', async () => {
    const before = test.engine.pool.info()[0]!;
    await add('stuck', { ms: 120_000, blocking: true });
    await waitFor(async () => (await stateOf('stuck')) === 'active', 'the blocking job to run', 30_000);
    // Active in Redis is not yet inside the blocking call: an abort sent before the processor starts
    // fails the job at its aborted-mark check and no worker needs replacing. The worker's heartbeats
    // (one a second) stopping shows its event loop is held by the call.
    await waitFor(
      () => {
        const beat = test.engine.pool.info().find((worker) => worker.workerId === before.workerId)?.lastHeartbeat;
        return beat !== null && beat !== undefined && Date.now() - beat.at > STUCK_AFTER_MS;
      },
      'the worker to be held by the blocking call',
      30_000,
    );
    await handlers['tasks:abort']({ queue: 'system', id: 'stuck' });
    await waitFor(
      () => test.engine.pool.info().some((worker) => worker.workerId !== before.workerId && worker.state === 'idle'),
      'a replacement worker',
      60_000,
    );
    await waitFor(() => !test.engine.pool.info().some((worker) => worker.workerId === before.workerId), 'the stuck worker to go', 60_000);
    // Its lock lapses, the stalled check hands the job back, and the aborted mark fails it.
    await waitFor(async () => (await stateOf('stuck')) === 'failed', 'the stuck job to end failed', 90_000, 500);
    expect((await detail('stuck')).error).toContain('aborted');
  });

  it('restarts and stops one worker', async () => {
    await handlers['workers:scale']({ count: 2 });
    await waitFor(() => test.engine.pool.info().filter((worker) => worker.state === 'idle').length === 2, 'two idle workers', 60_000);
    const [first, second] = test.engine.pool.info().map((worker) => worker.workerId);
    expect(await handlers['workers:restart']({ id: first! })).toEqual({ workerId: first, state: 'stopping' });
    await waitFor(
      () => {
        const ids = test.engine.pool.info().map((worker) => worker.workerId);
        return !ids.includes(first!) && ids.length === 2 && test.engine.pool.info().every((worker) => worker.state === 'idle');
      },
      'the restarted worker replaced',
      60_000,
    );
    expect(await handlers['workers:stop']({ id: second! })).toMatchObject({ workerId: second });
    await waitFor(() => test.engine.pool.info().length === 1, 'one worker left', 60_000);
    expect(test.engine.pool.targetCount).toBe(1);
    await expect(handlers['workers:restart']({ id: 'w404' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
