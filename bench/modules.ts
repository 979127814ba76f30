/**
 * The figure groups `npm run bench` runs, in this order, and the result keys each one owns.
 *
 * A module listed here whose file `bench/<name>.ts` does not exist yet is reported as "not run",
 * with its keys. Add a new group by writing `bench/<name>.ts` (see bench/bench-module.ts) and
 * listing it here; put its targets in bench/targets.ts.
 */
export interface BenchModuleEntry {
  /** File name under bench/ without `.ts`. */
  readonly name: string;
  /** Top-level keys of bench/results.json this module writes. */
  readonly keys: readonly string[];
}

export const BENCH_MODULES: readonly BenchModuleEntry[] = [
  { name: 'embed-pipeline', keys: ['pipeline_vs_raw', 'builtin_vs_limit', 'vs_transformers_js', 'embedding'] },
  { name: 'search-1m', keys: ['search_1m'] },
  { name: 'cli-status', keys: ['cli_status_ms', 'cli_commands_ms'] },
  { name: 'rescan', keys: ['rescan_vs_find', 'rescan'] },
  { name: 'small-files', keys: ['small_files_vs_read', 'small_files'] },
  { name: 'worker-rss', keys: ['worker_rss_mb'] },
];
