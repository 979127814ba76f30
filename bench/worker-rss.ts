/**
 * Worker memory over a long indexing run: does a worker process's resident set stay flat?
 *
 * A `semantik serve` (io/semantik-cli.ts) first indexes a small warm-up folder (its workers load
 * the model and start their extract and embed threads), then a folder of N small files (full:
 * 20,000; quick: 3,000) while the bench samples the RSS of each worker process every 250 ms from
 * /proc. The run's elapsed time is cut in quarters; `growth_ratio` is the mean RSS of the last
 * quarter over that of the first (per worker, averaged over the workers). The warm-up is outside
 * the measured run so that one-time loading does not pass for growth; `idle_mb` (before it) and
 * `warm_mb` (after it) show what it added. A run too short to show a slow leak says so in `note`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRun } from './bench-module.js';
import { BenchMeasureError, benchLog, mean, ratio, round } from './io/figures.js';
import { rssBytes } from './io/processes.js';
import { startServe, timedIndex, type ServeInstance } from './io/semantik-cli.js';
import { writeSmallCorpus } from './io/small-corpus.js';

const FILES = { full: 20_000, quick: 3_000 };
const WARM_UP_FILES = 300;
const SAMPLE_MS = 250;
/** A run shorter than this cannot tell a slow leak from the garbage collector's timing. */
const MEANINGFUL_RUN_S = 60;
const MB = 1024 * 1024;
const log = benchLog('worker-rss');

/** One sample: seconds into the run, and the mean RSS (MB) of the workers alive then. */
interface Sample {
  t: number;
  mb: number;
}

/** The workers' mean RSS now, in MB; null when none is alive. */
function workersMb(serve: ServeInstance, seen: Set<number>): number | null {
  const values: number[] = [];
  for (const pid of serve.workerPids()) {
    const bytes = rssBytes(pid);
    if (bytes === null) continue;
    seen.add(pid);
    values.push(bytes / MB);
  }
  return values.length > 0 ? mean(values) : null;
}

/** Mean MB of the samples in each quarter of `seconds`. */
function quarterMeans(samples: readonly Sample[], seconds: number): number[] {
  return [0, 1, 2, 3].map((q) =>
    round(
      mean(samples.filter((s) => s.t >= (q * seconds) / 4 && (q === 3 ? s.t <= seconds : s.t < ((q + 1) * seconds) / 4)).map((s) => s.mb)),
      1,
    ),
  );
}

export const run: BenchRun = async (options) => {
  const files = options.quick ? FILES.quick : FILES.full;
  const base = await mkdtemp(join(tmpdir(), 'semantik-bench-worker-rss-'));
  let serve: ServeInstance | null = null;
  let sampler: NodeJS.Timeout | null = null;
  try {
    log(`writing ${files} files and ${WARM_UP_FILES} for the warm-up`);
    const corpus = await writeSmallCorpus(join(base, 'corpus'), files);
    const warmUp = await writeSmallCorpus(join(base, 'warm-up'), WARM_UP_FILES, 7);
    const dataDir = join(base, 'data');
    serve = await startServe(dataDir);
    const instance = serve;
    const pids = new Set<number>();
    const idle = workersMb(instance, pids);
    if (idle === null) throw new BenchMeasureError(`no worker process found under semantik serve (pid ${instance.pid})`);
    await timedIndex(dataDir, warmUp.root);
    const warm = workersMb(instance, pids) ?? Number.NaN;
    log(`${pids.size} worker(s): ${idle.toFixed(0)} MB idle, ${warm.toFixed(0)} MB after the warm-up; indexing ${files} files`);

    const samples: Sample[] = [];
    const started = performance.now();
    const sample = (): void => {
      const mb = workersMb(instance, pids);
      if (mb !== null) samples.push({ t: (performance.now() - started) / 1000, mb });
    };
    sample();
    sampler = setInterval(sample, SAMPLE_MS);
    const indexed = await timedIndex(dataDir, corpus.root);
    clearInterval(sampler);
    sampler = null;
    sample();
    if (indexed.summary.indexed !== files) throw new BenchMeasureError(`indexed ${indexed.summary.indexed} of ${files} files`);
    const [first, second, third, last] = quarterMeans(samples, indexed.seconds);
    if (first === undefined || last === undefined || !Number.isFinite(first) || !Number.isFinite(last)) {
      throw new BenchMeasureError(`too few samples (${samples.length}) over ${indexed.seconds.toFixed(1)} s to fill each quarter`);
    }
    const growth = ratio(last, first);
    log(
      `${indexed.seconds.toFixed(1)} s, ${samples.length} samples: quarters ${[first, second, third, last].join(' / ')} MB, growth ${growth}`,
    );
    const short = indexed.seconds < MEANINGFUL_RUN_S;
    return {
      worker_rss_mb: {
        first_quarter: first,
        second_quarter: second,
        third_quarter: third,
        last_quarter: last,
        growth_ratio: growth,
        samples: samples.length,
        peak: round(Math.max(...samples.map((s) => s.mb)), 1),
        idle_mb: round(idle, 1),
        warm_mb: round(warm, 1),
        workers: pids.size,
        files,
        index_s: round(indexed.seconds, 1),
        ...(short
          ? {
              note: `the measured run lasted ${indexed.seconds.toFixed(0)} s (${samples.length} samples): too short to tell a slow leak from garbage-collector timing; read the full run's ratio`,
            }
          : {}),
      },
    };
  } finally {
    if (sampler) clearInterval(sampler);
    await serve?.stop();
    await rm(base, { recursive: true, force: true });
  }
};
