import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTransformerModel } from '../../bench/transformer-model/write-model-folder';
import { createEmbedder } from '../../src/node/embedding/embedder';
import { loadModelSpec } from '../../src/node/models/model-spec';
import { createTextTokenizer } from '../../src/node/embedding/text-tokenizer';

describe("the bench's transformer-shaped model", () => {
  let base: string;
  let dir: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'semantik-bench-model-'));
    dir = await writeTransformerModel(base);
  }, 60_000);
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('is read as a sentence-transformers folder with MiniLM-L6 sizes', async () => {
    const spec = await loadModelSpec(dir);
    expect(spec).toMatchObject({ format: 'sentence-transformers', dims: 384, maxTokens: 256, pooling: 'mean' });
    expect(spec.modelPath).toBe(join(dir, 'onnx', 'model.onnx'));
  });

  it('tokenizes with WordPiece into [CLS] … [SEP], splitting unknown words into pieces', async () => {
    const tokenizer = await createTextTokenizer(await loadModelSpec(dir));
    const ids = tokenizer.encode('the antidisestablishmentarianism');
    expect(ids[0]).toBe(101);
    expect(ids.at(-1)).toBe(102);
    expect(ids.length).toBeGreaterThan(4);
    expect(ids.every((id) => id < 30_522)).toBe(true);
    expect(tokenizer.encode('word '.repeat(400))).toHaveLength(256);
  });

  it('embeds through the app into distinct unit vectors', async () => {
    const embedder = await createEmbedder({ modelDir: dir, device: { kind: 'cpu' } });
    try {
      const vectors = await embedder.embed(['a short text', 'another rather different and longer text about rivers']);
      const a = vectors.subarray(0, 384);
      const b = vectors.subarray(384);
      expect(Math.hypot(...a)).toBeCloseTo(1, 4);
      expect(Math.hypot(...b)).toBeCloseTo(1, 4);
      expect(a.some((v, i) => Math.abs(v - (b[i] ?? 0)) > 1e-3)).toBe(true);
    } finally {
      await embedder.dispose();
    }
  }, 60_000);
});
