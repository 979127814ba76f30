/** Per-row symmetric int8 quantisation: twice the words of float16 in the same bytes. */

/** Int8 rows and the float scale that turns each back into floats (row × scale). */
export interface QuantizedRows {
  raw: Uint8Array;
  scales: Float32Array;
}

/**
 * Quantises each row of `table` (rows × dims) to int8 with its own scale max|x| / 127.
 *
 * A GloVe component then moves by at most 0.4 % of its row's largest one; the cosine between a
 * vector and its quantised copy stays above 0.9999, far below what word-vector similarity resolves.
 */
export function quantizeRows(table: Float32Array, dims: number): QuantizedRows {
  const rows = table.length / dims;
  const q = new Int8Array(table.length);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let d = r * dims; d < (r + 1) * dims; d++) max = Math.max(max, Math.abs(table[d]));
    if (max === 0) continue; // [PAD], [UNK]: zero row, zero scale
    const scale = max / 127;
    scales[r] = scale;
    for (let d = r * dims; d < (r + 1) * dims; d++) q[d] = Math.round(table[d] / scale);
  }
  return { raw: new Uint8Array(q.buffer), scales };
}
