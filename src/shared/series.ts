/**
 * Live series for the dashboard's charts and the metrics endpoint: bounded, one point a second.
 *
 * Columnar (one array per measure, aligned with `t`) so that a chart library takes them as they
 * are; a missing sample is null.
 */

/** One GPU's series. */
export interface GpuSeries {
  id: string;
  name: string;
  utilizationPercent: Array<number | null>;
  memoryUsedMiB: Array<number | null>;
  temperatureC: Array<number | null>;
  powerW: Array<number | null>;
}

/** The last few minutes of everything the dashboard charts. */
export interface SeriesSnapshot {
  /** Sample interval in ms. */
  intervalMs: number;
  /** Sample times (epoch ms), oldest first. */
  t: number[];
  jobsPerSecond: number[];
  chunksPerSecond: number[];
  failuresPerSecond: number[];
  /** Failed / (completed + failed) over each interval; null when nothing finished. */
  failureRate: Array<number | null>;
  gpus: GpuSeries[];
  redisOpsPerSecond: Array<number | null>;
  redisMemoryBytes: Array<number | null>;
  /** Per queue: age in ms of the oldest waiting job (0 when none waits). */
  oldestWaitingMs: Record<string, Array<number | null>>;
}

/** A Prometheus metric family, as data (the HTTP layer writes the text format). */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter' | 'histogram';
  samples: MetricSample[];
}

/** One sample: `suffix` is `_bucket`, `_sum`, `_count` or `_total` where the type needs it. */
export interface MetricSample {
  suffix?: string;
  labels: Record<string, string>;
  value: number;
}
