/** Pooling and normalisation in JS, for models whose graph outputs token-level vectors. */
import type { Pooling } from '../models/model-spec.js';

/** Scales each of the `rows` rows of `data` (length rows × dims) to unit length; zero rows stay zero. */
export function l2NormalizeRows(data: Float32Array, rows: number, dims: number): void {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let d = r * dims; d < (r + 1) * dims; d++) sum += data[d] * data[d];
    const norm = Math.sqrt(sum);
    if (norm < 1e-12) continue;
    for (let d = r * dims; d < (r + 1) * dims; d++) data[d] /= norm;
  }
}

/**
 * Pools a [batch, seq, dims] hidden state to [batch, dims] (not yet normalised).
 *
 * `mean` averages the positions whose mask is 1 (sentence-transformers' default); `cls` takes the
 * first position (bge and other CLS-pooled models).
 */
export function poolTokens(
  hidden: Float32Array,
  mask: BigInt64Array,
  batch: number,
  seq: number,
  dims: number,
  pooling: Exclude<Pooling, 'in-graph'>,
): Float32Array {
  const out = new Float32Array(batch * dims);
  for (let b = 0; b < batch; b++) {
    const row = out.subarray(b * dims, (b + 1) * dims);
    if (pooling === 'cls') {
      row.set(hidden.subarray(b * seq * dims, b * seq * dims + dims));
      continue;
    }
    let count = 0;
    for (let s = 0; s < seq; s++) {
      if (mask[b * seq + s] === 0n) continue;
      count++;
      const base = (b * seq + s) * dims;
      for (let d = 0; d < dims; d++) row[d] += hidden[base + d];
    }
    if (count > 1) for (let d = 0; d < dims; d++) row[d] /= count;
  }
  return out;
}
