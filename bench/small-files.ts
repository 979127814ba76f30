/**
 * Many small files: how long the app takes to index a folder of them, against reading them all.
 *
 * `small_files_vs_read` is `index_s / read_s` over the same folder (full: 20,000 files of 200 to
 * 700 bytes; quick: 2,000), with the page cache warm for both:
 * - `read_s`: a plain loop (readdir recursive, then readFileSync of each file), best of 5 after a
 *   warm-up read;
 * - `index_s`: `semantik index <folder> --json` against a running `semantik serve` (the real
 *   command, engine and worker processes; io/semantik-cli.ts), from spawning the command to its
 *   exit: node's start, queuing, scan, extract, embed, the store's writes, and the command's wait
 *   for the end (it looks every 200 ms). Nothing is subtracted.
 * The instance's own start (Redis, store, workers ready) is not in `index_s`; it is `startup_s`,
 * raw. Beside them: `run_s`, the run's duration as the engine recorded it (200 ms resolution), and
 * `queues`, the seconds worker jobs took per queue (from the job history).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRun } from './bench-module.js';
import { BenchMeasureError, benchLog, ratio, round, secondsSince } from './io/figures.js';
import { queueWork, readRuns } from './io/index-history.js';
import { startServe, timedIndex, type ServeInstance } from './io/semantik-cli.js';
import { writeSmallCorpus } from './io/small-corpus.js';

const FILES = { full: 20_000, quick: 2_000 };
const READ_ROUNDS = 5;
const log = benchLog('small-files');

/** Reads every file under `root` in a plain loop; returns how many it read. */
function readAll(root: string): number {
  let files = 0;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    readFileSync(join(entry.parentPath, entry.name), 'utf8');
    files++;
  }
  return files;
}

/** Seconds of the fastest of `rounds` plain reads of the folder (after one warm-up read). */
function bestRead(root: string, expected: number, rounds: number): number {
  if (readAll(root) !== expected) throw new BenchMeasureError(`the plain loop did not find the ${expected} files under ${root}`);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    readAll(root);
    best = Math.min(best, secondsSince(started));
  }
  return best;
}

export const run: BenchRun = async (options) => {
  const files = options.quick ? FILES.quick : FILES.full;
  const base = await mkdtemp(join(tmpdir(), 'semantik-bench-small-files-'));
  const dataDir = join(base, 'data');
  let serve: ServeInstance | null = null;
  try {
    log(`writing ${files} files`);
    const corpus = await writeSmallCorpus(join(base, 'corpus'), files);
    const readSeconds = bestRead(corpus.root, files, READ_ROUNDS);
    log(`plain read: ${(readSeconds * 1000).toFixed(1)} ms (best of ${READ_ROUNDS}, warm cache)`);
    serve = await startServe(dataDir);
    log(
      `semantik serve ready in ${serve.startupSeconds.toFixed(2)} s (${serve.bundle ? 'built bundle' : 'sources through tsx'}); indexing`,
    );
    const indexed = await timedIndex(dataDir, corpus.root);
    if (indexed.summary.indexed !== files) {
      throw new BenchMeasureError(
        `semantik index indexed ${indexed.summary.indexed} of ${files} files: ${JSON.stringify(indexed.summary)}`,
      );
    }
    log(`semantik index: ${indexed.seconds.toFixed(2)} s for ${files} files, ${indexed.summary.chunks} chunks`);
    // Stopped before reading the history: the job history is complete once the engine has stopped.
    const startupSeconds = serve.startupSeconds;
    const bundle = serve.bundle && indexed.bundle;
    await serve.stop();
    serve = null;
    const [runTimes] = readRuns(dataDir);
    return {
      small_files_vs_read: ratio(indexed.seconds, readSeconds),
      small_files: {
        files,
        bytes: corpus.bytes,
        read_s: round(readSeconds, 4),
        index_s: round(indexed.seconds, 2),
        startup_s: round(startupSeconds, 2),
        run_s: round(runTimes?.seconds ?? Number.NaN, 2),
        files_per_s: Math.round(files / indexed.seconds),
        chunks: indexed.summary.chunks,
        built_cli: bundle ? 1 : 0,
        queues: queueWork(dataDir),
      },
    };
  } finally {
    await serve?.stop();
    await rm(base, { recursive: true, force: true });
  }
};
