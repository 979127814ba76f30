/**
 * The int8 scan: the committed WebAssembly is the compiled WAT source, and its rankings are the
 * cosine rankings computed in JavaScript, for dimensions around its 16-byte blocks and 128-bit
 * codes, counts around its four-row groups, after growth and row copies, when its sampled
 * threshold keeps too few, and through the codes' first pass where that pass keeps the best rows.
 */
import { describe, expect, it } from 'vitest';
import { compileInt8Scan, int8ScanModuleText } from '../../scripts/build-int8-scan.mjs';
import { Int8Matrix } from '../../src/node/store/int8-scan';
import { INT8_SCAN_WASM } from '../../src/node/store/int8-scan-wasm';

let seed = 11;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

/** Values in -127..127, never all zero. */
function randomRow(dims: number): Int8Array {
  const row = Int8Array.from({ length: dims }, () => Math.floor(random() * 255) - 127);
  if (row.every((value) => value === 0)) row[0] = 1;
  return row;
}

function cosine(a: Int8Array, b: Int8Array): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = Math.max(-127, a[i]!);
    const y = Math.max(-127, b[i]!);
    dot += x * y;
    aa += x * x;
    bb += y * y;
  }
  return dot / Math.sqrt(aa * bb);
}

/** The scan's answer has the reference's best cosines, in order (rows may swap within 1e-5). */
function expectBest(got: Int32Array, rows: readonly Int8Array[], query: Int8Array, want: number): void {
  const reference = rows.map((row) => cosine(row, query)).sort((a, b) => b - a);
  expect(got.length).toBe(Math.min(want, rows.length));
  expect(new Set(got).size).toBe(got.length);
  got.forEach((slot, i) => {
    expect(cosine(rows[slot]!, query)).toBeCloseTo(reference[i]!, 5);
  });
}

function filled(dims: number, rows: readonly Int8Array[]): Int8Matrix {
  const matrix = new Int8Matrix(dims);
  matrix.reserve(rows.length, 0);
  rows.forEach((row, slot) => expect(matrix.set(slot, row)).toBe(true));
  return matrix;
}

describe('the int8 scan', () => {
  it('ships the bytes its WAT source compiles to', async () => {
    const bytes = await compileInt8Scan();
    expect(int8ScanModuleText(bytes)).toContain(bytes.toString('base64').slice(0, 96));
    expect(INT8_SCAN_WASM).toBe(bytes.toString('base64'));
  });

  it.each([1, 15, 16, 17, 100, 129, 384])('ranks rows of %i dimensions as cosine does', (dims) => {
    for (const count of [1, 3, 4, 5, 1001]) {
      const rows = Array.from({ length: count }, () => randomRow(dims));
      const matrix = filled(dims, rows);
      for (const want of [1, 10, count + 5]) {
        const query = randomRow(dims);
        expectBest(matrix.nearest(query, count, want, { codesFrom: Infinity }), rows, query, want);
      }
    }
  });

  it.each([1, 100, 129])('keeps the best rows through the codes’ first pass (%i dimensions)', (dims) => {
    // Rows near the query, hidden among random ones: their codes share most bits with the query's,
    // so the first pass keeps them and the second ranks them as cosine does.
    const count = 5000;
    const query = randomRow(dims);
    const rows = Array.from({ length: count }, (_, i) =>
      i % 250 === 0
        ? Int8Array.from(query, (value) => Math.max(-127, Math.min(127, value + Math.floor(random() * 9) - 4)))
        : randomRow(dims),
    );
    const got = filled(dims, rows).nearest(query, count, 20, { codesFrom: 0 });
    expectBest(got, rows, query, 20);
    if (dims > 1) expect([...got].every((slot) => slot % 250 === 0)).toBe(true);
  });

  it('scores only the rows its codes keep: a near row whose code differs is missed', () => {
    // The first pass is a filter: one row whose signs all differ from the query's (so its code is the
    // farthest) yet whose int8 cosine is the highest is not among the rows the codes keep.
    const dims = 32;
    const count = 1600;
    const query = Int8Array.from({ length: dims }, (_, i) => (i === 0 ? 127 : 1));
    const odd = Int8Array.from({ length: dims }, (_, i) => (i === 0 ? 127 : -1));
    const rows = Array.from({ length: count }, (_, i) => (i === 0 ? odd : randomRow(dims)));
    const matrix = filled(dims, rows);
    expect(matrix.nearest(query, count, 1, { codesFrom: Infinity })[0]).toBe(0);
    expect(matrix.nearest(query, count, 1, { codesFrom: 0 })[0]).not.toBe(0);
  });

  it('reads -128 as -127 in rows and queries (two -128 × -128 products would overflow a 16-bit lane)', () => {
    const dims = 16;
    const query = new Int8Array(dims).fill(-128);
    const rows = [Int8Array.from({ length: dims }, (_, i) => (i === 15 ? 100 : -100)), new Int8Array(dims).fill(-128)];
    const got = filled(dims, rows).nearest(query, 2, 2, { codesFrom: Infinity });
    expectBest(got, rows, query, 2);
    expect(got[0]).toBe(1);
  });

  it('knows how many rows fit its 4 GiB and refuses more', () => {
    const matrix = new Int8Matrix(100);
    // Per row: 112 bytes of values, a 16-byte code, and 12 of scale, score and slot; 128 bytes of query first.
    expect(matrix.maxRows).toBe(Math.floor((2 ** 32 - 1 - 128) / 140));
    expect(() => matrix.reserve(matrix.maxRows + 1, 0)).toThrow(/do not fit a 4 GiB scan/u);
  });

  it('refuses an all-zero row, keeps rows as it grows and copies a row with its norm', () => {
    const dims = 40;
    const matrix = new Int8Matrix(dims);
    matrix.reserve(2, 0);
    expect(matrix.set(0, new Int8Array(dims))).toBe(false);
    const rows = Array.from({ length: 2 }, () => randomRow(dims));
    rows.forEach((row, slot) => matrix.set(slot, row));
    matrix.reserve(3000, 2);
    for (let slot = 2; slot < 3000; slot += 1) {
      rows.push(randomRow(dims));
      matrix.set(slot, rows[slot]!);
    }
    const query = randomRow(dims);
    expectBest(matrix.nearest(query, 3000, 25, { codesFrom: Infinity }), rows, query, 25);
    // The codes moved with the rows: a row's own values find it through them.
    expect(matrix.nearest(rows[2999]!, 3000, 1, { codesFrom: 0 })[0]).toBe(2999);
    matrix.copy(2999, 0);
    rows[0] = rows[2999]!;
    expectBest(matrix.nearest(query, 2999, 25, { codesFrom: Infinity }), rows.slice(0, 2999), query, 25);
    expect(matrix.nearest(rows[0]!, 2999, 1, { codesFrom: 0 })[0]).toBe(0);
    expect(() => matrix.copy(0, 3000)).toThrow(/No row 3000/u);
    expect(() => matrix.nearest(query, 3001, 1)).toThrow(/3001 rows/u);
  });

  it('still finds the best rows when its sampled threshold keeps too few', () => {
    // The sample reads every step-th row (step 3 here), and those rows all score best: its threshold
    // (their shared score) lets only them through, fewer than asked for, so every row is sorted.
    const dims = 16;
    const count = 4096 * 3;
    const query = Int8Array.from({ length: dims }, () => 100);
    const rows = Array.from({ length: count }, (_, i) => (i % 3 === 0 ? Int8Array.from({ length: dims }, () => 100) : randomRow(dims)));
    expectBest(filled(dims, rows).nearest(query, count, 6000, { codesFrom: Infinity }), rows, query, 6000);
  });
});
