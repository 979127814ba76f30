/**
 * The contract between `npm run bench` (bench/run-all.ts) and each figure group it runs.
 *
 * A figure group is one file `bench/<name>.ts` that exports `run` (a {@link BenchRun}). The harness
 * runs each listed module in its own child process, one after the other (so no figure is measured
 * while another module loads the machine), through `bench/run-module.ts`, which imports the file,
 * awaits `run(options)` and prints the figures as one line `BENCH_RESULT <json>` on stdout. Anything
 * else a module prints (progress on stderr, or stdout lines without the prefix) is passed through.
 *
 * - The figures object's top-level keys are the keys of `bench/results.json` (e.g. `search_1m`,
 *   `cli_status_ms`), each holding a number, or an object of numbers for a group. Put the raw
 *   numbers behind each ratio next to it (e.g. `pipeline_chunks_per_s` beside `pipeline_vs_raw`).
 * - Targets are not the module's business: `bench/targets.ts` lists each target by its key path
 *   (`search_1m.hybrid_p95_ms`) and the harness marks it pass or fail.
 * - A module cleans up what it starts (temp folders, redis-server, workers) before `run` resolves,
 *   and throws (a named error) when it cannot measure: the harness reports the group as failed and
 *   goes on with the next one. A module file that does not exist is reported as "not run".
 * - `quick` must finish in about a minute (CI runs `npm run bench -- --quick` to keep the bench
 *   working; it reports and does not gate), the full run in a few minutes: the whole suite has
 *   25 minutes on a 2-core machine.
 *
 * Run one module alone: `npx tsx bench/run-module.ts <name> [--quick] [--device cuda]`.
 */

/** What the harness passes to every module. */
export interface BenchOptions {
  /** The small version: same keys, smaller sizes. @defaultValue false */
  readonly quick: boolean;
  /** Execution provider for the embedding figures: `cpu`, or `cuda` where it is installed. @defaultValue 'cpu' */
  readonly device: string;
}

/** The figures one module measured: top-level keys become keys of `bench/results.json`. */
export type BenchFigures = Record<string, unknown>;

/** The one export of a bench module. */
export type BenchRun = (options: BenchOptions) => Promise<BenchFigures>;

/** What `bench/run-module.ts` imports from `bench/<name>.ts`. */
export interface BenchModule {
  readonly run: BenchRun;
}

/** Prefix of the line carrying a module's figures on its child process's stdout. */
export const BENCH_RESULT_PREFIX = 'BENCH_RESULT ';
