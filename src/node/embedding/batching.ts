/** Grouping texts into batches by a token budget, so padding (wasted compute) stays small. */

/** Batching limits. */
export interface BatchLimits {
  /** Padded tokens per batch (rows × longest row). */
  maxBatchTokens: number;
  /** Rows per batch, whatever their length. */
  maxBatchSize: number;
  /** Sort by length first (the point of this module); false only to measure what sorting buys. */
  sortByLength: boolean;
}

/** One batch: indices into the input, and the padded sequence length (at least 1). */
export interface Batch {
  indices: number[];
  seqLen: number;
}

/**
 * Splits texts of the given token lengths into batches within `limits`.
 *
 * Sorted longest first, each batch's padded length is its first row's, and rows are added while
 * rows × that length fits the budget. A text longer than the budget still gets a batch of its own.
 */
export function planBatches(lengths: readonly number[], limits: BatchLimits): Batch[] {
  const order = lengths.map((_, i) => i);
  if (limits.sortByLength) order.sort((a, b) => lengths[b] - lengths[a] || a - b);
  const batches: Batch[] = [];
  let current: Batch | null = null;
  for (const i of order) {
    const len = Math.max(1, lengths[i]);
    if (current) {
      const seqLen = Math.max(current.seqLen, len);
      const fits = (current.indices.length + 1) * seqLen <= limits.maxBatchTokens;
      if (fits && current.indices.length < limits.maxBatchSize) {
        current.indices.push(i);
        current.seqLen = seqLen;
        continue;
      }
    }
    current = { indices: [i], seqLen: len };
    batches.push(current);
  }
  return batches;
}
