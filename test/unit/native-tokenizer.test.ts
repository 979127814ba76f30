import { describe, expect, it } from 'vitest';
import { createTextTokenizer } from '../../src/node/embedding/text-tokenizer';
import { AGREEMENT_PROBES, loadNativeTokenizer } from '../../src/node/embedding/native-tokenizer';
import { defaultModelDir } from '../../src/node/models/default-model-dir';
import { loadModelSpec } from '../../src/node/models/model-spec';

const WORDS = 'Report système DATA value, market: team-project quarter budget! naïve Straße 東京 🚀 process'.split(' ');
const texts = Array.from({ length: 300 }, (_, i) =>
  Array.from({ length: 1 + ((i * 37) % 400) }, (_, w) => WORDS[(i + w) % WORDS.length]).join(' '),
);

describe('tokenizing batches with the Rust tokenizer', () => {
  it('gives the ids of the JavaScript library, cut to the model the same way, for the built-in model', async () => {
    const spec = await loadModelSpec(defaultModelDir());
    const [rust, js] = await Promise.all([createTextTokenizer(spec), createTextTokenizer(spec, { native: false })]);
    expect(rust.library).toBe('rust');
    expect(js.library).toBe('javascript');
    const all = [...AGREEMENT_PROBES, ...texts];
    const [fromRust, fromJs] = await Promise.all([rust.encodeBatch(all), js.encodeBatch(all)]);
    expect(fromRust).toEqual(fromJs);
    expect(fromJs).toEqual(all.map((text) => js.encode(text)));
    // Long texts are cut to the model's length, keeping the closing special token.
    expect(Math.max(...fromRust.map((ids) => ids.length))).toBe(rust.maxTokens);
  });

  it('is not used for a model it reads differently from the JavaScript library', async () => {
    const spec = await loadModelSpec(defaultModelDir());
    expect(await loadNativeTokenizer(spec.tokenizerPath, () => [])).toBeNull();
  });
});
