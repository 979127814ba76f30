/**
 * Small helpers the folder benches (small-files, rescan, worker-rss) share: rounding, ratios,
 * progress lines on stderr, and the error they throw when they cannot measure.
 */

/** The value rounded to `digits` decimals. */
export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/** `a / b` to three decimals. */
export const ratio = (a: number, b: number): number => round(a / b, 3);

/** The arithmetic mean; NaN for no values. */
export const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** Seconds since `startedMs` (a `performance.now()` reading). */
export const secondsSince = (startedMs: number): number => (performance.now() - startedMs) / 1000;

/** A progress logger: one `[name] line` on stderr per call (stdout carries the figures). */
export function benchLog(name: string): (line: string) => void {
  return (line) => void process.stderr.write(`[${name}] ${line}\n`);
}

/** A bench could not measure what it set out to (a command failed, a process did not start). */
export class BenchMeasureError extends Error {
  override readonly name = 'BenchMeasureError';
}
