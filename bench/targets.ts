/**
 * The speed targets `npm run bench` checks, each by the key path of its figure in bench/results.json.
 *
 * `worker_rss_mb` is checked by its `growth_ratio` (last quarter of a long run over the first):
 * the worker's memory stays flat.
 */
export interface BenchTarget {
  /** Dotted path into the results: `search_1m.hybrid_p95_ms`. */
  readonly key: string;
  readonly op: '>=' | '<=';
  readonly value: number;
}

export const BENCH_TARGETS: readonly BenchTarget[] = [
  { key: 'pipeline_vs_raw', op: '>=', value: 0.8 },
  { key: 'builtin_vs_limit', op: '>=', value: 0.7 },
  { key: 'vs_transformers_js', op: '>=', value: 1.5 },
  { key: 'search_1m.hybrid_p95_ms', op: '<=', value: 100 },
  { key: 'search_1m.vector_p95_ms', op: '<=', value: 30 },
  { key: 'search_1m.vector_recall_at_10', op: '>=', value: 0.95 },
  { key: 'search_1m.keyword_p95_ms', op: '<=', value: 60 },
  { key: 'rescan_vs_find', op: '<=', value: 5 },
  { key: 'small_files_vs_read', op: '<=', value: 10 },
  { key: 'cli_status_ms', op: '<=', value: 500 },
  { key: 'worker_rss_mb.growth_ratio', op: '<=', value: 1.2 },
];
