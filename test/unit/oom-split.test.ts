import { describe, expect, it } from 'vitest';
import { embedSplittingOnOom, isOutOfMemory } from '../../src/workers/embed/oom-split';
import { SemantikError } from '../../src/shared/errors';

const DIMS = 3;

/** Vectors that encode each text's number, so order mistakes show. */
function fakeVectors(texts: readonly string[]): Float32Array {
  const out = new Float32Array(texts.length * DIMS);
  texts.forEach((text, i) => out.fill(Number(text), i * DIMS, (i + 1) * DIMS));
  return out;
}

/** An embed function that runs out of memory above `limit` texts, as the CUDA EP would. */
function limitedEmbed(limit: number, calls: number[]): (part: readonly string[]) => Promise<Float32Array> {
  return async (part) => {
    calls.push(part.length);
    if (part.length > limit) {
      throw new SemantikError('MODEL', '[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : CUDA failure 2: out of memory ; GPU=0');
    }
    return fakeVectors(part);
  };
}

const texts = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i));

describe('splitting a batch on GPU out-of-memory', () => {
  it('returns every vector in input order after halving until batches fit', async () => {
    const calls: number[] = [];
    const report = { ooms: 0, calls: 0 };
    const out = await embedSplittingOnOom(texts(100), DIMS, limitedEmbed(20, calls), report);
    expect(out).toEqual(fakeVectors(texts(100)));
    expect(Math.max(...calls.filter((size, i) => i > 0 && size <= 20))).toBeLessThanOrEqual(20);
    // 100 → 50+50 → 25×4 → 13+12 ×4: 1 + 2 + 4 failed calls, 8 good ones.
    expect(report).toEqual({ ooms: 7, calls: 15 });
  });

  it('does not split when the batch fits', async () => {
    const calls: number[] = [];
    expect(await embedSplittingOnOom(texts(10), DIMS, limitedEmbed(20, calls))).toEqual(fakeVectors(texts(10)));
    expect(calls).toEqual([10]);
  });

  it('gives up with a GPU error when a single text does not fit', async () => {
    await expect(embedSplittingOnOom(texts(4), DIMS, limitedEmbed(0, []))).rejects.toMatchObject({
      code: 'GPU',
      message: expect.stringContaining('single text'),
    });
  });

  it('passes other errors through without splitting', async () => {
    const calls: number[] = [];
    const failing = async (part: readonly string[]): Promise<Float32Array> => {
      calls.push(part.length);
      throw new Error('model file is corrupt');
    };
    await expect(embedSplittingOnOom(texts(8), DIMS, failing)).rejects.toThrow('corrupt');
    expect(calls).toEqual([8]);
  });

  it('recognises the allocation failures onnxruntime and CUDA report', () => {
    for (const message of [
      'CUDA failure 2: out of memory',
      'Failed to allocate memory for requested buffer of size 123',
      'CUBLAS_STATUS_ALLOC_FAILED',
      'std::bad_alloc',
    ]) {
      expect(isOutOfMemory(new Error(message)), message).toBe(true);
    }
    expect(isOutOfMemory(new SemantikError('MODEL', 'wrapped', { cause: new Error('cudaErrorMemoryAllocation') }))).toBe(true);
    expect(isOutOfMemory(new Error('invalid input shape'))).toBe(false);
    expect(isOutOfMemory('out of memory')).toBe(false);
  });
});
