/**
 * Vectors as job results: float32, little-endian, row after row, base64 (see EmbedJobResult).
 *
 * The embed worker encodes; the ingest worker, in another process and maybe on another machine,
 * decodes and checks the length against what the job says, so a truncated result is an error and
 * not a silently shifted set of vectors.
 */
import { SemantikError } from '../shared/errors.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Base64 of the little-endian float32 bytes of `vectors`. */
export function encodeVectors(vectors: Float32Array): string {
  if (littleEndian) return Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength).toString('base64');
  const bytes = Buffer.alloc(vectors.byteLength);
  vectors.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes.toString('base64');
}

/** Decodes `count` vectors of `dims` floats; throws SemantikError('BAD_INPUT') if the data does not fit. */
export function decodeVectors(base64: string, dims: number, count: number): Float32Array {
  if (!Number.isInteger(dims) || dims <= 0 || !Number.isInteger(count) || count < 0) {
    throw new SemantikError('BAD_INPUT', `Bad vector shape: ${count} × ${dims}`);
  }
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) {
    throw new SemantikError('BAD_INPUT', 'Vector data is not valid base64');
  }
  const bytes = Buffer.from(base64, 'base64');
  const expected = dims * count * 4;
  if (bytes.length !== expected) {
    throw new SemantikError('BAD_INPUT', `Vector data has ${bytes.length} bytes; ${count} × ${dims} float32 need ${expected}`);
  }
  // A fresh, aligned copy: Buffer pools may start at offsets that are not multiples of 4.
  const out = new Float32Array(dims * count);
  if (littleEndian) new Uint8Array(out.buffer).set(bytes);
  else for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
