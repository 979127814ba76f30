/**
 * GPU leases under the real pipeline: SEMANTIK_GPUS=sim:2 and four worker processes. No device is
 * ever used by two workers at once, and a SIGKILLed holder's device goes to a waiting worker
 * within seconds (the lease TTL), not hours.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedJobResult } from '../../src/shared/jobs';
import { gpuLeaseStatus } from '../../src/node/gpu/gpu-lease-status';
import { simulatedGpus } from '../../src/node/gpu/detect-gpus';
import { makeCorpus } from '../helpers/corpus';
import { indexFolder, startTestEngine, waitFor, waitForRun, type TestEngine } from '../helpers/engine';

const TTL_MS = 3_000;
const here = fileURLToPath(new URL('.', import.meta.url));

function startHolder(port: number, password: string): Promise<{ child: ChildProcess; deviceId: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(here, 'fixtures/lease-holder.ts'), String(port), '2', String(TTL_MS)], {
    env: { ...process.env, SEMANTIK_TEST_REDIS_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveHeld, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /HELD (\S+)/.exec(chunk.toString());
      if (match) resolveHeld({ child, deviceId: match[1]! });
    });
    child.on('exit', (code) => reject(new Error(`lease holder exited with ${code}`)));
  });
}

describe('GPU leases in the pipeline (sim:2, four workers)', () => {
  let base: string;
  let test: TestEngine;
  const holders: ChildProcess[] = [];

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'semantik-gpu-'));
    // Extract jobs of 16 files: the run makes many embed jobs, so that turns on the devices overlap if they can.
    test = await startTestEngine(4, { SEMANTIK_GPUS: 'sim:2', SEMANTIK_GPU_LEASE_TTL: `${TTL_MS}ms`, SEMANTIK_EXTRACT_BATCH: '16' });
  });
  afterAll(async () => {
    for (const holder of holders) holder.kill('SIGKILL');
    await test?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it("hands a SIGKILLed holder's device to a waiting worker within the TTL, and never shares a device", async () => {
    const { engine } = test;
    const { port, password } = engine.redisConnection;
    const devices = simulatedGpus(2);
    // Two outside processes hold both devices, so the pipeline's workers must wait for them.
    const first = await startHolder(port, password!);
    const second = await startHolder(port, password!);
    holders.push(first.child, second.child);
    expect(new Set([first.deviceId, second.deviceId]).size).toBe(2);

    const corpus = makeCorpus(join(base, 'corpus'), 200).root;
    const runId = await indexFolder(engine, corpus);
    await waitFor(
      async () => (await gpuLeaseStatus(engine.redis, devices)).waiters.some((waiter) => waiter.owner.startsWith('w')),
      'a pipeline worker waiting for a GPU',
      60_000,
      50,
    );

    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    let takenAfterMs = -1;
    await waitFor(
      async () => {
        const status = await gpuLeaseStatus(engine.redis, devices);
        const lease = status.devices.find((device) => device.deviceId === first.deviceId)?.lease;
        if (lease && lease.holder.startsWith('w')) takenAfterMs = Date.now() - killedAt;
        return takenAfterMs >= 0;
      },
      "the killed holder's device to be taken by a worker",
      TTL_MS + 10_000,
      25,
    );
    expect(takenAfterMs).toBeLessThanOrEqual(TTL_MS + 1_500);

    second.child.kill('SIGKILL');
    await waitForRun(engine, runId);
    expect(engine.store.counts().documents).toBe(200);

    // Every embed batch ran under a lease; batches on one device never overlap in time.
    const jobs = await engine.queues.get('embed').getJobs(['completed'], 0, -1);
    const results = jobs.map((job) => job.returnvalue as EmbedJobResult);
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) expect(result.lease, `embed job on ${result.device}`).not.toBeNull();
    for (const device of devices) {
      const spans = results
        .filter((result) => result.lease?.deviceId === device.id)
        .map((result) => result.lease!)
        .sort((a, b) => a.startedAt - b.startedAt);
      for (let i = 1; i < spans.length; i++) {
        expect(spans[i]!.startedAt, `${device.id}: batch ${i} starts before batch ${i - 1} ends`).toBeGreaterThanOrEqual(
          spans[i - 1]!.finishedAt,
        );
        expect(spans[i]!.token).not.toBe(spans[i - 1]!.token);
      }
    }
  });
});
