/**
 * An int8 matrix in WebAssembly memory and its SIMD scan (int8-scan.wat): the rows with the highest
 * cosine to a query. The scan reads every byte of the rows once (a million rows of 100 dimensions
 * are 112 MB), so the speed of memory is its limit: the kernel takes sixteen bytes a step, four
 * rows per load of the query, and the best rows are picked in the same memory without copying the
 * scores out.
 *
 * Large matrices are scanned in two passes. Each row also has a code of one sign bit per dimension
 * (an eighth of its bytes); the first pass ranks the codes by the bits they share with the query's,
 * keeps the best few percent of the rows, and only those are scored on their int8 values. On the
 * search bench's vectors, nine of the exact ten nearest were within the best 0.6 % of codes for
 * half the queries, and within the best 6.4 % for all of them.
 *
 * Memory layout, in bytes from 0: the query (one stride), the query's code (one code stride), each
 * row's scale (f32, 1 / its norm), the scores of the last pass (f32), the slots that pass a
 * threshold (i32), the codes, the rows (stride bytes each: the dimensions rounded up to 16,
 * zero-padded). Growing the capacity moves the codes and the rows up and keeps the scales in place.
 */
import { SemantikError } from '../../shared/errors';
import { INT8_SCAN_WASM } from './int8-scan-wasm';

const PAGE = 65_536;
/** WebAssembly's 32-bit memory: 65,536 pages. */
const MAX_BYTES = 65_536 * PAGE;
/** Scores sampled to guess the cut of the best rows (a few thousand: microseconds to sort). */
const SAMPLES = 4096;
/** From this many rows the scan starts with the codes (below, one pass over the rows is quick). */
export const CODES_FROM = 200_000;
/**
 * The first pass keeps about twice this share of the rows for the second (its threshold is
 * sampled). bench/search-1m.ts measures the recall this leaves: 0.993 at 1,000,000 vectors.
 */
const CODE_KEEP_SHARE = 1 / 32;

/** What this module uses of WebAssembly (Node's global; this project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

interface ScanExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  score(query: number, rows: number, scales: number, count: number, stride: number, out: number): void;
  score_slots(query: number, rows: number, scales: number, slots: number, n: number, stride: number, out: number): void;
  hamming(query: number, codes: number, count: number, stride: number, out: number): void;
  above(scores: number, count: number, threshold: number, slots: number): number;
}

let compiled: object | null = null;

function scanExports(): ScanExports {
  const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
  compiled ??= new wasm.Module(Buffer.from(INT8_SCAN_WASM, 'base64'));
  return new wasm.Instance(compiled).exports as ScanExports;
}

/** How Int8Matrix.nearest scans (tests force either way). */
export interface NearestOptions {
  /** Start with the codes from this many rows. @defaultValue CODES_FROM */
  codesFrom?: number;
}

/** Rows of int8 values with their cosine scan; slots are 0-based row numbers. */
export class Int8Matrix {
  /** Bytes per row: the dimensions rounded up to a multiple of 16. */
  readonly stride: number;
  /** Bytes per code: one bit per dimension, rounded up to a multiple of 16 bytes. */
  readonly codeStride: number;
  private readonly scan = scanExports();
  private capacity = 0;
  private readonly queryCodeAt: number;
  private readonly scalesAt: number;
  private outAt: number;
  private slotsAt: number;
  private codesAt: number;
  private rowsAt: number;

  constructor(readonly dims: number) {
    if (!Number.isInteger(dims) || dims < 1 || dims >= 65_536)
      throw new SemantikError('STORE', `Cannot scan vectors of ${dims} dimensions`);
    this.stride = Math.ceil(dims / 16) * 16;
    this.codeStride = Math.ceil(dims / 128) * 16;
    this.queryCodeAt = this.stride;
    this.scalesAt = this.queryCodeAt + this.codeStride;
    this.outAt = this.scalesAt;
    this.slotsAt = this.outAt;
    this.codesAt = this.slotsAt;
    this.rowsAt = this.codesAt;
  }

  /** The most rows a matrix of these dimensions can hold in WebAssembly's 4 GiB. */
  get maxRows(): number {
    // Below 4 GiB, not at it: an address of 2^32 would wrap to 0 in the scan's arithmetic.
    return Math.floor((MAX_BYTES - 1 - this.scalesAt) / (12 + this.codeStride + this.stride));
  }

  /**
   * Makes room for `capacity` rows, keeping the first `kept` (their values, codes and scales).
   * Throws beyond maxRows, and a RangeError when the memory cannot grow.
   */
  reserve(capacity: number, kept: number): void {
    if (capacity <= this.capacity) return;
    if (capacity > this.maxRows) throw new SemantikError('STORE', `${capacity} vectors of ${this.dims} dimensions do not fit a 4 GiB scan`);
    const outAt = this.scalesAt + 4 * capacity;
    const slotsAt = outAt + 4 * capacity;
    const codesAt = slotsAt + 4 * capacity;
    const rowsAt = codesAt + this.codeStride * capacity;
    const bytes = rowsAt + this.stride * capacity;
    const memory = this.scan.memory;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    // Upwards, the rows (above the codes) first, so that nothing is overwritten before it moves.
    const all = new Uint8Array(memory.buffer);
    all.copyWithin(rowsAt, this.rowsAt, this.rowsAt + this.stride * kept);
    all.copyWithin(codesAt, this.codesAt, this.codesAt + this.codeStride * kept);
    this.outAt = outAt;
    this.slotsAt = slotsAt;
    this.codesAt = codesAt;
    this.rowsAt = rowsAt;
    this.capacity = capacity;
  }

  /**
   * Stores a row (its first `dims` values, -128 read as -127: the scan needs -127..127), its code
   * and the reciprocal of its norm; false for all zeros.
   */
  set(slot: number, values: Int8Array): boolean {
    this.checkSlot(slot);
    let squares = 0;
    for (let i = 0; i < this.dims; i += 1) squares += Math.max(-127, values[i]!) ** 2;
    if (squares === 0) return false;
    const buffer = this.scan.memory.buffer;
    this.write(
      new Int8Array(buffer, this.rowsAt + slot * this.stride, this.stride),
      new Uint8Array(buffer, this.codesAt + slot * this.codeStride, this.codeStride),
      values,
    );
    new Float32Array(buffer, this.scalesAt, this.capacity)[slot] = 1 / Math.sqrt(squares);
    return true;
  }

  /** Copies row `from` (with its code and scale) over row `to`. */
  copy(from: number, to: number): void {
    this.checkSlot(from);
    this.checkSlot(to);
    const buffer = this.scan.memory.buffer;
    const all = new Uint8Array(buffer);
    all.copyWithin(this.rowsAt + to * this.stride, this.rowsAt + from * this.stride, this.rowsAt + (from + 1) * this.stride);
    all.copyWithin(this.codesAt + to * this.codeStride, this.codesAt + from * this.codeStride, this.codesAt + (from + 1) * this.codeStride);
    const scales = new Float32Array(buffer, this.scalesAt, this.capacity);
    scales[to] = scales[from]!;
  }

  /**
   * The `want` rows among the first `count` with the highest cosine to `query` (its first `dims`
   * values, scored on the int8 values), best first.
   */
  nearest(query: Int8Array, count: number, want: number, options: NearestOptions = {}): Int32Array {
    if (count > this.capacity) throw new SemantikError('STORE', `Scan of ${count} rows in a matrix of ${this.capacity}`);
    const size = Math.min(want, count);
    if (size === 0) return new Int32Array(0);
    const buffer = this.scan.memory.buffer;
    this.write(new Int8Array(buffer, 0, this.stride), new Uint8Array(buffer, this.queryCodeAt, this.codeStride), query);
    if (count >= (options.codesFrom ?? CODES_FROM)) {
      this.scan.hamming(this.queryCodeAt, this.codesAt, count, this.codeStride, this.outAt);
      // Copied: the second cut reuses the slots region.
      const candidates = this.best(count, Math.max(size, Math.ceil(count * CODE_KEEP_SHARE)), false).slice();
      new Int32Array(buffer, this.slotsAt, candidates.length).set(candidates);
      this.scan.score_slots(0, this.rowsAt, this.scalesAt, this.slotsAt, candidates.length, this.stride, this.outAt);
      return this.best(candidates.length, size, true)
        .subarray(0, size)
        .map((k) => candidates[k]!);
    }
    this.scan.score(0, this.rowsAt, this.scalesAt, count, this.stride, this.outAt);
    return this.best(count, size, true).slice(0, size);
  }

  /**
   * Indexes of the last pass's scores (the first `count` at outAt): at least the `size` highest
   * (all of them when there are fewer), sorted highest first when `sorted`. Unsorted, the answer is
   * a view of the slots region, valid until the next pass.
   *
   * A sample of the scores gives a threshold that about twice `size` reach; one pass keeps those.
   * When fewer than `size` reach it (a skewed sample), every index is kept.
   */
  private best(count: number, size: number, sorted: boolean): Int32Array {
    const buffer = this.scan.memory.buffer;
    const scores = new Float32Array(buffer, this.outAt, count);
    const step = Math.max(1, Math.floor(count / SAMPLES));
    const sample = new Float32Array(Math.ceil(count / step));
    for (let i = 0, j = 0; i < count; i += step, j += 1) sample[j] = scores[i]!;
    sample.sort().reverse();
    const rank = Math.ceil((2 * size) / step) + 8;
    const threshold = rank < sample.length ? sample[rank]! : -Infinity;
    const passed = this.scan.above(this.outAt, count, threshold, this.slotsAt);
    const kept = passed >= size ? new Int32Array(buffer, this.slotsAt, passed) : Int32Array.from({ length: count }, (_, i) => i);
    return sorted ? kept.slice().sort((a, b) => scores[b]! - scores[a]! || a - b) : kept;
  }

  /** Writes values (-128 as -127, zero-padded) into a row and their sign bits into its code. */
  private write(row: Int8Array, code: Uint8Array, values: Int8Array): void {
    row.fill(0);
    code.fill(0);
    for (let i = 0; i < this.dims; i += 1) {
      const value = Math.max(-127, values[i]!);
      row[i] = value;
      if (value > 0) code[i >> 3]! |= 1 << (i & 7);
    }
  }

  private checkSlot(slot: number): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.capacity)
      throw new SemantikError('STORE', `No row ${slot} in a matrix of ${this.capacity}`);
  }
}
