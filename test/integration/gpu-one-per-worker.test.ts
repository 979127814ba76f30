/**
 * One GPU per worker process, with real worker processes and the real pipeline on simulated
 * devices, the leases sampled straight from Redis every 25 ms throughout:
 * - sim:2, 2 workers, SEMANTIK_CONCURRENCY=4, a few thousand chunks, one device held by an outside
 *   process for the first part of the run (so the workers must hand the other over): no process
 *   ever holds two devices, a device changes hands only when its holder's tasks on it are done,
 *   and every chunk is embedded once;
 * - sim:1, 3 workers: each worker gets the device in turn, in the order they started waiting,
 *   within SEMANTIK_GPU_WAIT; a task that waits past it runs on the CPU, and while it waits
 *   /metrics shows the device's one holder and one waiting list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedJobResult } from '../../src/shared/jobs';
import { parseOwner } from '../../src/node/gpu/gpu-lease-keys';
import { startWebMonitor, type WebMonitor } from '../../src/main/web/web-monitor';
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
import { httpApi, type HttpApi } from '../helpers/http-api';
import { parsePrometheus, type PromSample } from '../helpers/prometheus';
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

/** The GPU families of /metrics, read once the monitor's snapshot shows a waiting worker. */
async function gpuMetrics(api: HttpApi): Promise<PromSample[]> {
  let samples: PromSample[] = [];
  await waitFor(
    async () => {
      const response = await api.get('/metrics');
      expect(response.status).toBe(200);
      samples = parsePrometheus(response.text).samples.filter(
        (sample) => sample.name.startsWith('semantik_gpu_lease') || sample.name.startsWith('semantik_gpu_wait'),
      );
      return samples.some((sample) => sample.name === 'semantik_gpu_waiting_workers' && sample.value > 0);
    },
    '/metrics to show the waiting worker',
    10_000,
    100,
  );
  return samples;
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
    // An outside holder takes one device before the run: the two workers start with one device
    // between them, so one waits and the other must hand its device over when its tasks finish.
    const holder = await startLeaseHolder(engine, 2, 3_000);
    const other = holder.deviceId === 'sim:0' ? 'sim:1' : 'sim:0';
    const holderExited = new Promise<void>((done) => holder.child.once('exit', () => done()));
    let released = false;
    try {
      const runId = await indexFolder(engine, corpus);
      // Give the held device back once the other one has changed hands between the workers.
      await waitFor(
        async () => (tenures(sampler.peek()).get(other)?.length ?? 0) >= 2 || engine.store.isRunComplete(runId),
        'a hand-over of the free device between the workers',
        120_000,
        EVERY_MS,
      );
      holder.child.kill('SIGTERM');
      await holderExited;
      released = true;
      await waitForRun(engine, runId, 240_000);
    } finally {
      if (!released) holder.child.kill('SIGKILL');
    }
    const samples = await sampler.stop();

    const held = assertOneDevicePerProcess(samples);
    const byDevice = tenures(samples);
    const results = await completedResults(engine);
    const spans = spansOf(results);
    const checked = assertHandOvers(byDevice, spans);
    assertNoSharedDevice(results, ['sim:0', 'sim:1']);
    const grants = [...byDevice.entries()].map(([device, list]) => `${device}: ${list.map((one) => one.process).join(' → ')}`);
    process.stdout.write(
      `sim:2, 2 workers and an outside holder: ${samples.length} samples (${held} with a device held), grants ${grants.join('; ')}, ` +
        `${spans.length} tasks on a GPU (${checked} checked against the samples), ${results.length} embed tasks\n`,
    );
    expect(held).toBeGreaterThan(samples.length / 4);
    // A worker waited while the other held the free device, and the device went from one worker to the other.
    const workers = new Set(engine.pool.info().map((worker) => `${worker.workerId}:${worker.pid}`));
    expect(samples.some((sample) => sample.waiters.some((waiter) => workers.has(waiter.process)))).toBe(true);
    const otherGrants = (byDevice.get(other) ?? []).map((one) => one.process);
    expect(otherGrants.length, `grants of ${other}`).toBeGreaterThanOrEqual(2);
    expect(otherGrants.every((process) => workers.has(process))).toBe(true);
    expect(new Set(otherGrants).size, `both workers held ${other} in turn`).toBe(2);
    // The held device was the outside holder's first, then a worker's once it was given back.
    expect((byDevice.get(holder.deviceId) ?? [])[0]?.process).toMatch(/^holder:/);
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
    assertHandOvers(tenures(samples), spansOf(results));
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
  // Long enough for /metrics to be read while the task waits, even on a loaded machine.
  const WAIT_MS = 8_000;
  const credentials = { user: 'ops', password: 'gpu-metrics-secret' };
  let test: TestEngine;
  let monitor: WebMonitor;
  let staticDir: string;

  beforeAll(async () => {
    test = await startTestEngine(3, { SEMANTIK_GPUS: 'sim:1', SEMANTIK_GPU_WAIT: `${WAIT_MS}ms`, SEMANTIK_GPU_LEASE_TTL: '3s' });
    staticDir = mkdtempSync(join(tmpdir(), 'semantik-gpu-static-'));
    monitor = await startWebMonitor({ engine: test.engine, host: '127.0.0.1', port: 0, credentials, staticDir, readOnly: true });
  });
  afterAll(async () => {
    await monitor?.close();
    await test?.close();
    rmSync(staticDir, { recursive: true, force: true });
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
      // /metrics shows the device's one holder and the one waiting list, as the leases are now.
      const waiter = parseOwner((await simStatus(engine, 1)).waiters.find((one) => one.jobIds.includes('past-wait'))!.owner);
      const metrics = await gpuMetrics(httpApi(monitor.url, credentials));
      expect(metrics.filter((sample) => sample.name === 'semantik_gpu_lease_held')).toEqual([
        {
          name: 'semantik_gpu_lease_held',
          labels: {
            gpu: 'sim:0',
            holder: `holder:${holder.child.pid}`,
            worker: `holder:${holder.child.pid}`,
            pid: String(holder.child.pid),
          },
          value: 1,
        },
      ]);
      expect(metrics.filter((sample) => sample.name === 'semantik_gpu_lease_jobs')).toEqual([
        { name: 'semantik_gpu_lease_jobs', labels: { gpu: 'sim:0' }, value: 0 },
      ]);
      expect(metrics.filter((sample) => sample.name === 'semantik_gpu_waiting_workers')).toEqual([
        { name: 'semantik_gpu_waiting_workers', labels: {}, value: 1 },
      ]);
      const waited = metrics.filter((sample) => sample.name === 'semantik_gpu_waiter_seconds');
      expect(waited.map((sample) => sample.labels)).toEqual([{ worker: waiter.workerId, pid: String(waiter.pid) }]);
      expect(waited[0]!.value).toBeGreaterThanOrEqual(0);
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
