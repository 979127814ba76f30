/**
 * One GPU per worker process, with real worker processes and the real pipeline on simulated
 * devices, the leases sampled straight from Redis every 25 ms throughout:
 * - sim:2, 2 workers, SEMANTIK_CONCURRENCY=4, a few thousand chunks: no process ever holds two
 *   devices, a device changes hands only when its holder's tasks on it are done, and every chunk
 *   is embedded once;
 * - sim:1, 3 workers: each worker gets the device in turn, in the order they started waiting,
 *   within SEMANTIK_GPU_WAIT; a task that waits past it runs on the CPU.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedJobResult } from '../../src/shared/jobs';
import { makeLongCorpus } from '../e2e/helpers/monitor';
import {
  addEmbedJob,
  assertNoSharedDevice,
  bigTexts,
  completedResults,
  jobOutcome,
  simStatus,
  startLeaseHolder,
} from '../helpers/gpu-jobs';
import { indexFolder, startTestEngine, waitFor, waitForRun, type TestEngine } from '../helpers/engine';
import { assertHandOvers, assertOneDevicePerProcess, sampleLeases, tenures, type TaskSpan } from '../helpers/lease-sampler';

const EVERY_MS = 25;

function spansOf(results: readonly EmbedJobResult[]): TaskSpan[] {
  return results.flatMap((result) =>
    result.lease
      ? [
          {
            workerId: result.workerId,
            deviceId: result.lease.deviceId,
            token: result.lease.token,
            startedAt: result.lease.startedAt,
            finishedAt: result.lease.finishedAt,
          },
        ]
      : [],
  );
}

describe('one GPU per worker: sim:2, two workers, concurrency 4', () => {
  let test: TestEngine;
  let corpus: string;

  beforeAll(async () => {
    corpus = makeLongCorpus(160, 16);
    test = await startTestEngine(2, { SEMANTIK_GPUS: 'sim:2', SEMANTIK_CONCURRENCY: '4', SEMANTIK_WATCH: '0' });
  });
  afterAll(async () => {
    await test?.close();
    rmSync(corpus, { recursive: true, force: true });
  });

  it('never lets a worker hold two devices; devices change hands only at a hand-over; every chunk embedded once', async () => {
    const { engine } = test;
    const sampler = sampleLeases(engine, 2, EVERY_MS);
    const runId = await indexFolder(engine, corpus);
    await waitForRun(engine, runId, 240_000);
    const samples = await sampler.stop();

    const held = assertOneDevicePerProcess(samples);
    const byDevice = tenures(samples);
    const results = await completedResults(engine);
    const spans = spansOf(results);
    const checked = assertHandOvers(byDevice, spans, EVERY_MS);
    assertNoSharedDevice(results, ['sim:0', 'sim:1']);
    const grants = [...byDevice.values()].map((list) => list.length);
    process.stdout.write(
      `sim:2, 2 workers: ${samples.length} samples (${held} with a device held), grants per device ${grants.join(', ')}, ` +
        `${spans.length} tasks on a GPU (${checked} checked against the samples), ${results.length} embed tasks\n`,
    );
    expect(held).toBeGreaterThan(samples.length / 4);
    // Both workers held a device at once, each its own.
    expect(samples.some((sample) => sample.held.length === 2)).toBe(true);
    expect(checked).toBeGreaterThan(spans.length / 2);

    const folder = engine.store.folderSummaries().find((one) => one.path === corpus)!;
    expect(folder.chunks).toBeGreaterThanOrEqual(2_000);
    expect(folder.run?.chunksEmbedded).toBe(folder.chunks);
    expect(folder.failed).toBe(0);
    expect(engine.store.duplicateChunkCount()).toBe(0);
    // Embedded once: the completed embed tasks together embedded exactly the chunks, each on a GPU.
    expect(results.reduce((sum, result) => sum + result.count, 0)).toBe(folder.chunks);
    for (const result of results) expect(result.lease, `an embed task on ${result.device}`).not.toBeNull();
  });
});

describe('one GPU per worker: sim:1, three workers', () => {
  // Long enough for a first model load on a busy machine (each worker loads its session once it has the device).
  const WAIT_MS = 90_000;
  let test: TestEngine;

  beforeAll(async () => {
    test = await startTestEngine(3, { SEMANTIK_GPUS: 'sim:1', SEMANTIK_GPU_WAIT: `${WAIT_MS}ms`, SEMANTIK_GPU_LEASE_TTL: '3s' });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('gives the device to each worker in turn, in the order they started waiting, within SEMANTIK_GPU_WAIT', async () => {
    const { engine } = test;
    const sampler = sampleLeases(engine, 1, EVERY_MS);
    const jobs = await Promise.all(Array.from({ length: 9 }, (_, i) => addEmbedJob(engine, `turn-${i}`, bigTexts(200, i))));
    for (const job of jobs) expect((await jobOutcome(engine, job.id!, 240_000)).failedReason ?? '').toBe('');
    const samples = await sampler.stop();

    assertOneDevicePerProcess(samples);
    const grants = tenures(samples).get('sim:0') ?? [];
    const results = await completedResults(engine);
    assertHandOvers(tenures(samples), spansOf(results), EVERY_MS);
    if (process.env.DEBUG_SAMPLES) {
      let last = '';
      for (const sample of samples) {
        const line = `${sample.held.map((h) => `${h.process}[${h.jobIds.join(',')}]${h.idle ? ' idle' : ''} t${h.token}`).join(' ')} | ${sample.waiters.map((w) => `${w.process}[${w.jobIds.join(',')}]`).join(' ')}`;
        if (line !== last) process.stdout.write(`${sample.at % 100000} ${line}\n`);
        last = line;
      }
      for (const r of results) process.stdout.write(`${r.workerId} ${r.lease?.token} ${r.lease?.startedAt} ${r.lease?.finishedAt}\n`);
    }
    // Every worker waited and got the device.
    const workers = new Set(engine.pool.info().map((worker) => `${worker.workerId}:${worker.pid}`));
    expect(new Set(grants.map((grant) => grant.process))).toEqual(workers);
    // FIFO: each grant after the first went to the process that had waited longest, within the wait time.
    let inTurn = 0;
    for (const [i, grant] of grants.entries()) {
      if (i === 0) continue;
      const before = samples.filter((sample) => sample.at < grant.firstSeen && sample.at >= grants[i - 1]!.lastSeen);
      const queue = before[before.length - 1]?.waiters ?? [];
      if (queue.length === 0) continue; // nobody seen waiting just before: nothing to order
      expect(grant.process, `grant ${i}: the first in line was ${queue[0]!.process}`).toBe(queue[0]!.process);
      expect(grant.since - queue[0]!.since).toBeLessThan(WAIT_MS);
      inTurn += 1;
    }
    process.stdout.write(`sim:1, 3 workers: ${grants.map((grant) => grant.process).join(' → ')}; ${inTurn} grants to the first in line\n`);
    expect(inTurn).toBeGreaterThanOrEqual(2);
    for (const result of results) expect(result.lease).not.toBeNull();
  });
});

describe('one GPU per worker: sim:1, three workers, a short SEMANTIK_GPU_WAIT', () => {
  const WAIT_MS = 3_000;
  let test: TestEngine;

  beforeAll(async () => {
    test = await startTestEngine(3, { SEMANTIK_GPUS: 'sim:1', SEMANTIK_GPU_WAIT: `${WAIT_MS}ms`, SEMANTIK_GPU_LEASE_TTL: '3s' });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('runs a task on the CPU once it has waited past SEMANTIK_GPU_WAIT', async () => {
    const { engine } = test;
    // A worker keeps the device after its task (nobody waits), idle...
    expect((await jobOutcome(engine, (await addEmbedJob(engine, 'warm', bigTexts(5, 98))).id!, 120_000)).returnvalue.lease).not.toBeNull();
    const kept = (await simStatus(engine, 1)).devices[0]?.lease;
    expect(kept).toMatchObject({ idle: true, jobIds: [] });
    expect(kept?.holder).toMatch(/^w\d+:\d+:warm$/);
    // ...and an outside holder that starts waiting takes it over at once, and keeps it.
    const asked = Date.now();
    const holder = await startLeaseHolder(engine, 1, 2_000);
    process.stdout.write(`an idle device taken over ${Date.now() - asked} ms after asking (process start included)\n`);
    try {
      const status = await simStatus(engine, 1);
      expect(status.devices[0]?.lease?.holder).toMatch(/^holder:/);
      const job = await addEmbedJob(engine, 'past-wait', bigTexts(20, 99));
      await waitFor(
        async () => (await simStatus(engine, 1)).waiters.some((waiter) => waiter.jobIds.includes('past-wait')),
        'the task to wait for the device',
        30_000,
        EVERY_MS,
      );
      const done = await jobOutcome(engine, job.id!, WAIT_MS + 90_000);
      expect(done.failedReason ?? '').toBe('');
      expect(done.returnvalue.device).toBe('cpu');
      expect(done.returnvalue.lease).toBeNull();
      expect(done.returnvalue.millis).toBeGreaterThanOrEqual(WAIT_MS);
      expect((await engine.queues.get('embed').getJobLogs(job.id!)).logs.join('\n')).toContain(`no GPU free within ${WAIT_MS / 1000} s`);
    } finally {
      holder.child.kill('SIGKILL');
    }
  });
});
