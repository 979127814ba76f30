import { describe, expect, it } from 'vitest';
import { decodeVectors, encodeVectors } from '../../src/node/vector-codec.js';
import { SemantikError } from '../../src/shared/errors.js';

function expectBadInput(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SemantikError);
    expect((error as SemantikError).code).toBe('BAD_INPUT');
    return;
  }
  throw new Error('expected a BAD_INPUT error');
}

describe('vector codec', () => {
  it('writes little-endian float32 bytes', () => {
    // 1.0f is 0x3f800000: bytes 00 00 80 3f when little-endian.
    expect(encodeVectors(new Float32Array([1]))).toBe('AACAPw==');
    expect(encodeVectors(new Float32Array([1, -2]))).toBe(Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]).toString('base64'));
  });

  it('round-trips exactly, including a view at an offset into a larger buffer', () => {
    const all = Float32Array.from({ length: 3 * 7 + 1 }, (_, i) => Math.sin(i) * 1e3);
    const view = all.subarray(1); // byteOffset 4
    const back = decodeVectors(encodeVectors(view), 7, 3);
    expect(back).toEqual(view);
    expect(back.byteOffset).toBe(0);
  });

  it('accepts zero vectors', () => {
    expect(decodeVectors(encodeVectors(new Float32Array(0)), 384, 0)).toHaveLength(0);
  });

  it('rejects data whose length does not match dims × count', () => {
    const b64 = encodeVectors(new Float32Array(12));
    expectBadInput(() => decodeVectors(b64, 4, 4));
    expectBadInput(() => decodeVectors(b64, 5, 2));
    expect(decodeVectors(b64, 4, 3)).toHaveLength(12);
  });

  it('rejects malformed base64 and impossible shapes', () => {
    expectBadInput(() => decodeVectors('AACAPw=', 1, 1));
    expectBadInput(() => decodeVectors('AAC*Pw==', 1, 1));
    expectBadInput(() => decodeVectors('AACAPw==', 0, 1));
    expectBadInput(() => decodeVectors('AACAPw==', 1.5, 1));
    expectBadInput(() => decodeVectors('AACAPw==', 1, -1));
  });
});
