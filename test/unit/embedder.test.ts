import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTokenLevelVariant } from '../../scripts/default-model/token-level-variant.js';
import { planBatches } from '../../src/node/embedding/batching.js';
import { defaultModelDir } from '../../src/node/models/default-model-dir.js';
import { createEmbedder, type Embedder } from '../../src/node/embedding/embedder.js';
import { loadModelSpec } from '../../src/node/models/model-spec.js';
import { SemantikError } from '../../src/shared/errors.js';

const CAT = 'The cat sat on the mat';
const KITTEN = 'A kitten was sitting on the rug';
const REVENUE = 'Quarterly revenue grew by four percent';
const VARIED = [
  'Hello world',
  'The committee will meet again next week to discuss the budget for the new library building.',
  CAT,
  '',
  'Rain',
  'Scientists observed the comet through a large telescope in the mountains of Chile, far from city lights.',
  REVENUE,
  'zzqxv flurbington', // no known word
];

function row(v: Float32Array, i: number, dims: number): Float32Array {
  return v.subarray(i * dims, (i + 1) * dims);
}
function dot(a: Float32Array, b: Float32Array): number {
  return a.reduce((s, x, i) => s + x * b[i], 0);
}
function expectClose(a: Float32Array, b: Float32Array, tolerance = 1e-5): void {
  expect(a.length).toBe(b.length);
  const worst = a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
  expect(worst).toBeLessThan(tolerance);
}

// A machine where onnxruntime-node's CUDA provider library is installed really can use CUDA.
const ortBin = dirname(createRequire(import.meta.url).resolve('onnxruntime-node'));
const cudaInstalled = existsSync(join(ortBin, '..', 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so'));

describe('embedder with the built-in model', () => {
  let embedder: Embedder;
  let tempDir: string;
  const dims = 100;

  beforeAll(async () => {
    embedder = await createEmbedder({ modelDir: defaultModelDir(), device: { kind: 'cpu' }, threads: 1 });
    tempDir = await mkdtemp(join(tmpdir(), 'semantik-embed-'));
  });
  afterAll(async () => {
    await embedder?.dispose();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('describes the model and runs on the CPU', () => {
    expect(embedder.info).toMatchObject({ id: 'semantik-glove-sif-100d', dims, maxTokens: 256, format: 'semantik', pooling: 'in-graph' });
    expect(embedder.device).toBe('cpu');
    expect(embedder.fallbackReason).toBeUndefined();
  });

  it('returns unit-length vectors, and zero vectors for texts with no known word', async () => {
    const v = await embedder.embed(VARIED);
    expect(v).toHaveLength(VARIED.length * dims);
    expect(v.every(Number.isFinite)).toBe(true);
    VARIED.forEach((text, i) => {
      const norm = Math.sqrt(dot(row(v, i, dims), row(v, i, dims)));
      if (text === '' || text.startsWith('zzqxv')) expect(norm).toBe(0);
      else expect(norm).toBeCloseTo(1, 5);
    });
  });

  it('puts related sentences closer than unrelated ones', async () => {
    const v = await embedder.embed([CAT, KITTEN, REVENUE]);
    const related = dot(row(v, 0, dims), row(v, 1, dims));
    const unrelated = dot(row(v, 0, dims), row(v, 2, dims));
    expect(related).toBeGreaterThan(unrelated + 0.3);
  });

  it('gives the same vectors in a sorted, multi-batch run as one text at a time, in input order', async () => {
    const small = await createEmbedder({ modelDir: defaultModelDir(), device: { kind: 'cpu' }, maxBatchTokens: 24, threads: 1 });
    try {
      const batched = await small.embed(VARIED);
      for (let i = 0; i < VARIED.length; i++) expectClose(row(batched, i, dims), await embedder.embed([VARIED[i]]));
    } finally {
      await small.dispose();
    }
  });

  it('returns nothing for no texts', async () => {
    expect(await embedder.embed([])).toHaveLength(0);
  });

  it(`truncates texts to maxTokens`, async () => {
    const long = `${'cat '.repeat(256)}${'revenue profit earnings '.repeat(50)}`;
    const [truncated, cat] = [await embedder.embed([long]), await embedder.embed(['cat'])];
    expectClose(truncated, cat);
  });

  it.skipIf(cudaInstalled)('falls back to the CPU with a reason when CUDA is requested but absent', async () => {
    const e = await createEmbedder({ modelDir: defaultModelDir(), device: { kind: 'cuda', deviceId: 0 }, threads: 1 });
    try {
      expect(e.device).toBe('cpu');
      expect(e.fallbackReason).toMatch(/CUDA/);
      expectClose(await e.embed([CAT]), await embedder.embed([CAT]));
    } finally {
      await e.dispose();
    }
  });

  it('loads a token-level sentence-transformers export and pools it in JS to the same vectors', async () => {
    const stDir = join(tempDir, 'token-level-model');
    await writeTokenLevelVariant(defaultModelDir(), stDir);
    const spec = await loadModelSpec(stDir);
    expect(spec).toMatchObject({ format: 'sentence-transformers', pooling: 'mean', dims, maxTokens: 256 });
    expect(spec.modelPath).toBe(join(stDir, 'onnx', 'model.onnx'));
    const tokenLevel = await createEmbedder({ modelDir: stDir, device: { kind: 'cpu' }, threads: 1 });
    try {
      expectClose(await tokenLevel.embed(VARIED), await embedder.embed(VARIED));
    } finally {
      await tokenLevel.dispose();
    }
  });

  it('rejects a folder that holds no model', async () => {
    await expect(loadModelSpec(tempDir)).rejects.toBeInstanceOf(SemantikError);
    await expect(loadModelSpec(tempDir)).rejects.toMatchObject({ code: 'MODEL' });
  });

  it('finds the packaged model through SEMANTIK_RESOURCES_DIR', () => {
    expect(defaultModelDir({ SEMANTIK_RESOURCES_DIR: '/opt/semantik/resources' })).toBe(
      '/opt/semantik/resources/models/semantik-glove-sif-100d',
    );
    expect(existsSync(join(defaultModelDir(), 'model.onnx'))).toBe(true);
  });
});

describe('planBatches', () => {
  const lengths = [5, 1, 9, 0, 3, 9, 2, 7];

  it('sorts by length, keeps each batch within the token budget and covers every text once', () => {
    const batches = planBatches(lengths, { maxBatchTokens: 18, maxBatchSize: 100, sortByLength: true });
    expect(batches.flatMap((b) => b.indices).sort()).toEqual(lengths.map((_, i) => i).sort());
    for (const b of batches) {
      expect(b.seqLen).toBe(Math.max(1, ...b.indices.map((i) => lengths[i])));
      expect(b.indices.length * b.seqLen).toBeLessThanOrEqual(18);
    }
    expect(batches.map((b) => b.indices)).toEqual([
      [2, 5],
      [7, 0],
      [4, 6, 1, 3],
    ]);
  });

  it('gives an over-long text a batch of its own and honours the row cap', () => {
    expect(planBatches([50, 1, 1], { maxBatchTokens: 10, maxBatchSize: 100, sortByLength: true })[0]).toEqual({ indices: [0], seqLen: 50 });
    expect(planBatches([1, 1, 1], { maxBatchTokens: 100, maxBatchSize: 2, sortByLength: true }).map((b) => b.indices)).toEqual([
      [0, 1],
      [2],
    ]);
  });

  it('keeps input order when sorting is off', () => {
    const batches = planBatches(lengths, { maxBatchTokens: 1000, maxBatchSize: 4, sortByLength: false });
    expect(batches.map((b) => b.indices)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });
});
