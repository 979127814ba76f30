/**
 * GPU fault tests' tools: embed jobs big enough to hold a lease for seconds (the built-in model
 * embeds a normal batch in milliseconds), outside lease holders, and lease-status probes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Job } from 'bullmq';
import type { EmbedJobData, EmbedJobResult } from '../../src/shared/jobs';
import type { RunningEngine } from '../../src/main/engine/engine';
import { seal } from '../../src/node/jobs/payload-seal';
import { gpuLeaseStatus, type GpuLeaseStatus } from '../../src/node/gpu/gpu-lease-status';
import { simulatedGpus } from '../../src/node/gpu/detect-gpus';
import { REPO_ROOT } from './cli';

export { bigTexts } from './big-texts';

/** Adds an embed job straight to the queue (no ingest parent), as a test probe of the GPU path. */
export async function addEmbedJob(
  engine: RunningEngine,
  id: string,
  texts: string[],
  attempts = 3,
  modelId = engine.model.id,
): Promise<Job<EmbedJobData>> {
  // Texts travel sealed with the data folder's payload key, as extract seals them.
  const data: EmbedJobData = { modelId, texts: seal(engine.queues.keys.payload, texts) };
  return engine.queues.get('embed').add('embed', data, { jobId: id, attempts, backoff: { type: 'fixed', delay: 500 } });
}

/** Waits until embed job `id` has completed or failed; returns the job as it ended. */
export async function jobOutcome(engine: RunningEngine, id: string, timeoutMs = 60_000): Promise<Job<EmbedJobData, EmbedJobResult>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await engine.queues.get('embed').getJobState(id);
    // Read after the state: a job read first may have ended in between, without its outcome.
    if (state === 'completed' || state === 'failed')
      return (await engine.queues.get('embed').getJob(id)) as Job<EmbedJobData, EmbedJobResult>;
    if (Date.now() > deadline) throw new Error(`embed job ${id} still ${state ?? 'missing'} after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** The lease state of `count` simulated devices. */
export function simStatus(engine: RunningEngine, count = 2): Promise<GpuLeaseStatus> {
  return gpuLeaseStatus(engine.redis, simulatedGpus(count));
}

/** Completed embed results with the lease they ran under. */
export async function completedResults(engine: RunningEngine): Promise<EmbedJobResult[]> {
  const jobs = await engine.queues.get('embed').getJobs(['completed'], 0, -1);
  return jobs.map((job) => job.returnvalue as EmbedJobResult);
}

/** Throws unless, per device, the batches that ran under its leases never overlap in time. */
export function assertNoSharedDevice(results: readonly EmbedJobResult[], devices: readonly string[]): number {
  let checked = 0;
  for (const device of devices) {
    const spans = results
      .flatMap((result) => (result.lease?.deviceId === device ? [result.lease] : []))
      .sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 1; i < spans.length; i++) {
      const [before, after] = [spans[i - 1]!, spans[i]!];
      if (after.startedAt < before.finishedAt) {
        throw new Error(
          `${device}: token ${after.token} started at ${after.startedAt} before token ${before.token} ended at ${before.finishedAt}`,
        );
      }
      if (after.token <= before.token) throw new Error(`${device}: fencing token ${after.token} after ${before.token}`);
      checked += 1;
    }
  }
  return checked;
}

/**
 * An outside process holding one GPU lease until killed (test/integration/fixtures/lease-holder.ts).
 * Resolves once it holds a device.
 */
export function startLeaseHolder(
  engine: RunningEngine,
  devices: number,
  ttlMs: number,
): Promise<{ child: ChildProcess; deviceId: string }> {
  const { port, password } = engine.redisConnection;
  const fixture = resolve(REPO_ROOT, 'test/integration/fixtures/lease-holder.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, String(port), String(devices), String(ttlMs)], {
    env: { ...process.env, SEMANTIK_TEST_REDIS_PASSWORD: password ?? '' },
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
