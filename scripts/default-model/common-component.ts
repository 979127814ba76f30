/**
 * SIF's second step: remove the direction that every text's average shares.
 *
 * Arora et al. take the first principal component of a corpus's sentence vectors. No corpus ships
 * here, so this uses the expected direction of a text's average instead: the word vectors weighted
 * by their Zipf probability. Projection is linear, so removing it from each word vector equals
 * removing it from every pooled average, and the graph stays a plain lookup and mean.
 */

/** Removes from each row of `table` (rows × dims, row-major) its component along the p-weighted mean. */
export function removeCommonComponent(table: Float32Array, dims: number, probability: readonly number[]): Float64Array {
  const rows = table.length / dims;
  const u = new Float64Array(dims);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < dims; d++) u[d] += probability[r] * table[r * dims + d];
  }
  const norm = Math.hypot(...u);
  if (norm === 0) return u;
  for (let d = 0; d < dims; d++) u[d] /= norm;
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += table[r * dims + d] * u[d];
    for (let d = 0; d < dims; d++) table[r * dims + d] -= dot * u[d];
  }
  return u;
}
