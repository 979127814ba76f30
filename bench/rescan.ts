/**
 * Re-scanning an unchanged folder: how long the app takes to find that nothing changed, against a
 * bare stat walk of the same folder.
 *
 * After a first index of the folder (full: 20,000 small files; quick: 2,000), each re-scan is
 * asked for by `semantik index <folder> --json` against the running `semantik serve` that indexed it
 * (io/semantik-cli.ts), 3 rounds interleaved with `find` (so the machine's load hits both alike),
 * with the page cache warm. `rescan_vs_find` is `run_s / find_s`, the best round of each:
 * - `run_s`: the re-scan run's seconds, from the run's start in the store to the end of its last
 *   job (its scan: it re-embeds nothing), to the millisecond;
 * - `find_s`: `find <folder> -type f -printf '%s %T@\n' > /dev/null`, spawn to exit.
 * Beside them, raw: `app_s` (the command, spawn to exit: Node's start, the CLI bundle, the request
 * and the wait for the engine to mark the run finished, on its 200 ms monitor tick) and
 * `app_vs_find`, `command_floor_s` (`semantik --help`: node and the CLI bundle loading),
 * `scan_job_s` (the worker's scan job of the fastest re-scan, from the job history), and
 * `standalone_s`, one re-scan by `semantik index` with no instance running (it starts and stops an
 * engine of its own).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRun } from './bench-module.js';
import { BenchMeasureError, benchLog, ratio, round, secondsSince } from './io/figures.js';
import { readRuns, runWorkSeconds, scanJobSeconds } from './io/index-history.js';
import { startServe, timedIndex, timedSemantik, type ServeInstance } from './io/semantik-cli.js';
import { writeSmallCorpus } from './io/small-corpus.js';

const FILES = { full: 20_000, quick: 2_000 };
const ROUNDS = 3;
const log = benchLog('rescan');

/** Seconds one `find <root> -type f -printf '%s %T@\n' > /dev/null` takes. */
function timeFind(root: string): number {
  const started = performance.now();
  const result = spawnSync('find', [root, '-type', 'f', '-printf', '%s %T@\\n'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = secondsSince(started);
  if (result.status !== 0) throw new BenchMeasureError(`find exited ${result.status}: ${result.stderr.toString().slice(-500)}`);
  return seconds;
}

/** A re-scan through the command; checks that it found every file unchanged. */
async function rescan(dataDir: string, root: string, files: number): Promise<number> {
  const done = await timedIndex(dataDir, root);
  if (done.summary.unchanged !== files || done.summary.indexed !== 0) {
    throw new BenchMeasureError(`a re-scan of the unchanged folder did more than re-scan: ${JSON.stringify(done.summary)}`);
  }
  return done.seconds;
}

export const run: BenchRun = async (options) => {
  const files = options.quick ? FILES.quick : FILES.full;
  const base = await mkdtemp(join(tmpdir(), 'semantik-bench-rescan-'));
  const dataDir = join(base, 'data');
  let serve: ServeInstance | null = null;
  try {
    log(`writing ${files} files`);
    const { root } = await writeSmallCorpus(join(base, 'corpus'), files);
    serve = await startServe(dataDir);
    const first = await timedIndex(dataDir, root);
    if (first.summary.indexed !== files) throw new BenchMeasureError(`the first index indexed ${first.summary.indexed} of ${files} files`);
    log(`first index: ${first.seconds.toFixed(1)} s; re-scanning (best of ${ROUNDS})`);
    timeFind(root);
    const app: number[] = [];
    const find: number[] = [];
    const floor: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      find.push(timeFind(root));
      app.push(await rescan(dataDir, root, files));
      floor.push((await timedSemantik(dataDir, ['--help'])).seconds);
      log(
        `round ${r + 1}: semantik index ${app[r]?.toFixed(3)} s, find ${find[r]?.toFixed(4)} s, semantik --help ${floor[r]?.toFixed(3)} s`,
      );
    }
    const bundle = serve.bundle && first.bundle;
    await serve.stop();
    serve = null;
    // The re-scans are the runs after the first.
    const rescans = readRuns(dataDir).slice(1);
    if (rescans.length !== ROUNDS) throw new BenchMeasureError(`expected ${ROUNDS} re-scan runs, found ${rescans.length}`);
    const runSeconds = rescans.map((one) => runWorkSeconds(dataDir, one.runId) ?? Number.NaN);
    if (runSeconds.some((seconds) => !Number.isFinite(seconds)))
      throw new BenchMeasureError('a re-scan run has no finished job in the history');
    log(`re-scan runs (start to last job's end): ${runSeconds.map((seconds) => seconds.toFixed(3)).join(', ')} s`);
    const runBest = Math.min(...runSeconds);
    const fastest = rescans[runSeconds.indexOf(runBest)];
    const standalone = await rescan(dataDir, root, files);
    log(`re-scan with no instance running (own engine): ${standalone.toFixed(2)} s`);
    const appSeconds = Math.min(...app);
    const findSeconds = Math.min(...find);
    return {
      rescan_vs_find: ratio(runBest, findSeconds),
      rescan: {
        files,
        run_s: round(runBest, 3),
        find_s: round(findSeconds, 4),
        app_s: round(appSeconds),
        app_vs_find: ratio(appSeconds, findSeconds),
        command_floor_s: round(Math.min(...floor)),
        scan_job_s: round(fastest ? (scanJobSeconds(dataDir, fastest.runId) ?? Number.NaN) : Number.NaN, 3),
        standalone_s: round(standalone, 2),
        first_index_s: round(first.seconds, 2),
        built_cli: bundle ? 1 : 0,
      },
    };
  } finally {
    await serve?.stop();
    await rm(base, { recursive: true, force: true });
  }
};
