/**
 * Are the GPUs kept busy while embed work waits, and does extraction run beside embedding?
 *
 * Usage: SEMANTIK_LOG_LEVEL=error npx tsx bench/gpu-busy.ts [--files N] [--kib K]
 * Side by side in one run, on the same corpus, with SEMANTIK_GPUS=sim:2 (the lease code of real
 * GPUs, computing on the CPU): a pool of 2 workers (one per device) and one of 4. The state is
 * sampled every 25 ms from Redis (leases, queue counts) while each run indexes. Printed per pool:
 * - of the samples where embed jobs were waiting, the share with both devices leased (the target:
 *   no device idle while embed work waits), and the mean number of devices leased then;
 * - of the samples with a device leased, the share with an extract job active at the same time
 *   (extraction in parallel with embedding);
 * - the run's wall time.
 * Each run has its own engine and data folder; the corpus is read from the OS cache in both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type RunningEngine } from '../src/main/engine/engine.js';
import { startIndexRun } from '../src/main/engine/index-runs.js';
import { forkLauncher } from '../src/main/engine/pool/fork-launcher.js';
import { simulatedGpus } from '../src/node/gpu/detect-gpus.js';
import { gpuLeaseStatus } from '../src/node/gpu/gpu-lease-status.js';
import { makeLongCorpus } from '../test/e2e/helpers/monitor.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Sample {
  held: number;
  embedWaiting: number;
  extractActive: number;
}

interface Result {
  workers: number;
  seconds: number;
  samples: Sample[];
}

async function sample(engine: RunningEngine): Promise<Sample> {
  const [status, embed, extract] = await Promise.all([
    gpuLeaseStatus(engine.redis, simulatedGpus(2)),
    engine.queues.get('embed').getJobCounts('waiting', 'prioritized'),
    engine.queues.get('extract').getJobCounts('active'),
  ]);
  return {
    held: status.devices.filter((device) => device.lease !== null).length,
    embedWaiting: (embed.waiting ?? 0) + (embed.prioritized ?? 0),
    extractActive: extract.active ?? 0,
  };
}

async function run(corpus: string, workers: number): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'semantik-bench-busy-'));
  const engine = await createEngine({
    launcher: forkLauncher,
    dataDir,
    workers,
    watch: false,
    env: { ...process.env, SEMANTIK_GPUS: 'sim:2', SEMANTIK_LOG_LEVEL: 'error' },
  });
  try {
    const started = performance.now();
    const { runId } = await startIndexRun(engine.store, engine.queues, corpus);
    const samples: Sample[] = [];
    while (!engine.store.isRunComplete(runId)) {
      samples.push(await sample(engine));
      await new Promise((done) => setTimeout(done, 25));
    }
    return { workers, seconds: (performance.now() - started) / 1000, samples };
  } finally {
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)} %`;
}

function report(result: Result): string {
  const waiting = result.samples.filter((one) => one.embedWaiting > 0);
  const bothHeld = waiting.filter((one) => one.held === 2).length;
  const meanHeld = waiting.length === 0 ? 0 : waiting.reduce((sum, one) => sum + one.held, 0) / waiting.length;
  const leased = result.samples.filter((one) => one.held > 0);
  const withExtract = leased.filter((one) => one.extractActive > 0).length;
  return [
    `${result.workers} workers: ${result.seconds.toFixed(1)} s, ${result.samples.length} samples`,
    `  embed work waiting in ${waiting.length} samples: both devices leased in ${percent(bothHeld, waiting.length)}, mean ${meanHeld.toFixed(2)} of 2 leased`,
    `  a device leased in ${leased.length} samples: an extract job active beside it in ${percent(withExtract, leased.length)}`,
  ].join('\n');
}

const files = flag('--files', 300);
const kib = flag('--kib', 16);
const corpus = makeLongCorpus(files, kib);
try {
  process.stdout.write(`corpus: ${files} files of ${kib} KiB; SEMANTIK_GPUS=sim:2\n`);
  const results: Result[] = [];
  for (const workers of [2, 4]) results.push(await run(corpus, workers));
  for (const result of results) process.stdout.write(`${report(result)}\n`);
  const [two, four] = results as [Result, Result];
  process.stdout.write(`wall time, 4 workers / 2 workers: ${(four.seconds / two.seconds).toFixed(2)}\n`);
} finally {
  rmSync(corpus, { recursive: true, force: true });
}
