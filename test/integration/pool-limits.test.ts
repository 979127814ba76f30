/**
 * Per-worker limits with real worker processes: a worker above its memory limit is recycled (not a
 * crash) and its unfinished job completes in another process; a task past its soft time limit is
 * stopped through its AbortSignal; a worker stuck past the hard limit is replaced and its job
 * retried elsewhere.
 *
 * Jobs are kept unfinished by an outside process holding the only simulated GPU while the
 * workers wait for it (SEMANTIK_GPU_FALLBACK=wait).
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseOwner } from '../../src/node/gpu/gpu-lease-keys';
import { startTestEngine, waitFor, type TestEngine } from '../helpers/engine';
import { addEmbedJob, bigTexts, jobOutcome, simStatus, startLeaseHolder } from '../helpers/gpu-jobs';

const holders: ChildProcess[] = [];
afterEach(() => {
  for (const holder of holders.splice(0)) holder.kill('SIGKILL');
});

/** The worker (id and pid) whose embed job `jobId` waits for the GPU. */
async function waitingWorker(test: TestEngine, jobId: string): Promise<{ workerId: string; pid: number }> {
  let found: { workerId: string; pid: number } | null = null;
  await waitFor(
    async () => {
      // A worker process waits once for all its jobs: the job is in its list.
      const waiter = (await simStatus(test.engine, 1)).waiters.find((one) => one.jobIds.includes(jobId));
      const parts = waiter ? parseOwner(waiter.owner) : null;
      if (parts?.pid) found = { workerId: parts.workerId, pid: parts.pid };
      return found !== null;
    },
    `job ${jobId} waiting for the GPU`,
    60_000,
    20,
  );
  return found!;
}

describe('the memory limit (a tiny one: every worker is above it)', () => {
  let test: TestEngine;
  afterAll(async () => {
    await test?.close();
  });

  it('recycles the worker after its job, hands an unfinished job back, and the job completes in another process', async () => {
    test = await startTestEngine(1, {
      SEMANTIK_GPUS: 'sim:1',
      SEMANTIK_GPU_FALLBACK: 'wait',
      SEMANTIK_WORKER_MAX_MEMORY: '64mb',
      SEMANTIK_WORKER_STOP_GRACE: '2s',
    });
    const { engine } = test;
    const holder = await startLeaseHolder(engine, 1, 2_000);
    holders.push(holder.child);
    await addEmbedJob(engine, 'mem-1', bigTexts(20, 1));
    const first = await waitingWorker(test, 'mem-1');
    // Over the limit, the worker is replaced; after its grace period it hands the job back.
    await waitFor(
      async () =>
        (await engine.queues.get('embed').getJobLogs('mem-1')).logs.some((line) => line.includes(`worker ${first.workerId} stopped`)),
      'the recycled worker to hand its job back',
      60_000,
      100,
    );
    holder.child.kill('SIGKILL');
    const done = await jobOutcome(engine, 'mem-1', 90_000);
    expect(done.failedReason ?? '').toBe('');
    expect(done.returnvalue.workerId).not.toBe(first.workerId);
    // One attempt, the successful one: a hand-back uses none.
    expect(done.attemptsMade).toBe(1);
    expect(done.stacktrace ?? []).toEqual([]);
    const events = engine.pool.events();
    expect(
      events.some((event) => event.kind === 'recycle' && event.workerId === first.workerId && /memory \d+ MB above/.test(event.detail)),
    ).toBe(true);
    expect(events.filter((event) => event.kind === 'crash')).toEqual([]);
  });
});

describe('the task time limits', () => {
  let test: TestEngine;
  afterAll(async () => {
    await test?.close();
  });

  it('stops a task at its soft limit through its AbortSignal, without replacing the worker', async () => {
    test = await startTestEngine(2, {
      SEMANTIK_GPUS: 'sim:1',
      SEMANTIK_GPU_FALLBACK: 'wait',
      SEMANTIK_TASK_TIME_LIMIT: '2s',
      SEMANTIK_ABORT_GRACE: '2s',
    });
    const { engine } = test;
    const holder = await startLeaseHolder(engine, 1, 2_000);
    holders.push(holder.child);
    await addEmbedJob(engine, 'soft-1', bigTexts(20, 2), 1);
    const worker = await waitingWorker(test, 'soft-1');
    const failed = await jobOutcome(engine, 'soft-1', 30_000);
    expect(failed.failedReason).toMatch(/soft time limit of 2 s/);
    expect(failed.finishedOn! - failed.processedOn!).toBeLessThan(2_000 + 2_000);
    // With two attempts, the first stopped attempt goes back to the queue: the workers count it as
    // retried, and the second, final one as failed (Flower's counters).
    await addEmbedJob(engine, 'soft-2', bigTexts(20, 4), 2);
    expect((await jobOutcome(engine, 'soft-2', 30_000)).attemptsMade).toBe(2);
    const totals = (): { failed: number; retried: number } =>
      engine.pool.info().reduce(
        (sum, one) => ({
          failed: sum.failed + (one.lastHeartbeat?.failed ?? 0),
          retried: sum.retried + (one.lastHeartbeat?.retried ?? 0),
        }),
        { failed: 0, retried: 0 },
      );
    await waitFor(() => totals().failed === 2 && totals().retried === 1, 'heartbeats counting 2 failed and 1 retried', 10_000);
    // The processor stopped: nothing for the hard limit to do.
    await new Promise((done) => setTimeout(done, 3_000));
    expect(engine.pool.events().filter((event) => event.kind === 'replace')).toEqual([]);
    expect(engine.pool.info().find((one) => one.workerId === worker.workerId)?.state).not.toBe('stopping');
  });

  it('replaces a worker stuck past the hard limit (soft + grace); its job is retried elsewhere', async () => {
    // An engine of its own with a longer soft limit: finding the worker and a heartbeat that reports
    // its job takes a second or two on a loaded machine, and must not outlast the soft limit.
    await test.close();
    test = await startTestEngine(2, {
      SEMANTIK_GPUS: 'sim:1',
      SEMANTIK_GPU_FALLBACK: 'wait',
      SEMANTIK_TASK_TIME_LIMIT: '6s',
      SEMANTIK_ABORT_GRACE: '2s',
    });
    const { engine } = test;
    const holder = await startLeaseHolder(engine, 1, 2_000);
    holders.push(holder.child);
    await addEmbedJob(engine, 'hard-1', bigTexts(20, 3), 3);
    const stuck = await waitingWorker(test, 'hard-1');
    // The supervisor knows of a task from heartbeats: wait until one reports it.
    await waitFor(
      () =>
        engine.pool.info().some((one) => one.workerId === stuck.workerId && one.lastHeartbeat?.active.some((job) => job.id === 'hard-1')),
      'a heartbeat reporting the job',
      10_000,
      20,
    );
    // A frozen process: no heartbeats, its soft limit never fires, its event loop runs nothing.
    process.kill(stuck.pid, 'SIGSTOP');
    try {
      await waitFor(
        () => engine.pool.events().some((event) => event.kind === 'replace' && event.workerId === stuck.workerId),
        'the stuck worker to be replaced',
        30_000,
      );
    } finally {
      holder.child.kill('SIGKILL');
    }
    const event = engine.pool.events().find((one) => one.kind === 'replace' && one.workerId === stuck.workerId);
    expect(event?.detail).toMatch(/embed:hard-1 ran past its hard time limit \(8 s\)/);
    await waitFor(() => !engine.pool.info().some((one) => one.workerId === stuck.workerId), 'the stuck worker to be gone', 30_000);
    // Its job comes back when its lock lapses and completes in another process.
    const done = await jobOutcome(engine, 'hard-1', 90_000);
    expect(done.failedReason ?? '').toBe('');
    expect(done.returnvalue.workerId).not.toBe(stuck.workerId);
    expect(engine.pool.info().filter((one) => one.state !== 'stopping')).toHaveLength(2);
  });
});
