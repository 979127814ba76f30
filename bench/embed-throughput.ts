/**
 * Embedding throughput with texts sorted by token length before batching vs in arrival order.
 *
 * Usage: npx tsx bench/embed-throughput.ts [modelDir] [--texts N] [--threads N]
 * Texts are made of vocabulary words with lengths spread from 3 to 250 words, like the chunks of a
 * mixed folder. Both modes run in one process on the same texts; a CLI script, so it prints.
 * With the built-in model it also measures its token-level variant (the shape of a plain
 * sentence-transformers export: a hidden state per token copied to JS and pooled there), where
 * padding costs far more than in the pooled graph, and it reports how much of the time is tokenizing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTokenLevelVariant } from '../scripts/default-model/token-level-variant.js';
import { defaultModelDir } from '../src/node/models/default-model-dir.js';
import { planBatches } from '../src/node/embedding/batching.js';
import { createEmbedder } from '../src/node/embedding/embedder.js';
import { loadModelSpec } from '../src/node/models/model-spec.js';
import { createTextTokenizer } from '../src/node/embedding/text-tokenizer.js';
import { seededRandom } from './seeded-random.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function makeTexts(modelDir: string, count: number): Promise<string[]> {
  const spec = await loadModelSpec(modelDir);
  const json = JSON.parse(await readFile(spec.tokenizerPath, 'utf8')) as { model: { vocab: Record<string, number> } };
  const words = Object.keys(json.model.vocab)
    .filter((w) => /^[a-z]+$/.test(w))
    .slice(0, 20_000);
  const rnd = seededRandom(42);
  return Array.from({ length: count }, () => {
    const n = 3 + Math.floor(rnd() ** 2 * 247); // many short texts, some long, as real chunks
    return Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)]).join(' ');
  });
}

/** Best-of-`rounds` texts/s for sorted and unsorted batching, rounds interleaved so load hits both alike. */
async function measure(modelDir: string, texts: string[], threads: number, rounds = 5): Promise<{ sorted: number; unsorted: number }> {
  const make = (sortByLength: boolean) =>
    createEmbedder({ modelDir, device: { kind: 'cpu' }, sortByLength, threads, maxBatchTokens: 8192 });
  const embedders = { unsorted: await make(false), sorted: await make(true) };
  const best = { sorted: 0, unsorted: 0 };
  try {
    for (const e of Object.values(embedders)) await e.embed(texts.slice(0, 64)); // warm-up: first runs allocate
    for (let r = 0; r < rounds; r++) {
      for (const mode of ['unsorted', 'sorted'] as const) {
        const start = performance.now();
        await embedders[mode].embed(texts);
        best[mode] = Math.max(best[mode], texts.length / ((performance.now() - start) / 1000));
      }
    }
    return best;
  } finally {
    for (const e of Object.values(embedders)) await e.dispose();
  }
}

async function tokenizeRate(modelDir: string, texts: string[]): Promise<{ rate: number; lengths: number[] }> {
  const tokenizer = await createTextTokenizer(await loadModelSpec(modelDir));
  let best = 0;
  let lengths: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    lengths = texts.map((t) => tokenizer.encode(t).length);
    best = Math.max(best, texts.length / ((performance.now() - start) / 1000));
  }
  return { rate: best, lengths };
}

/** Tokens fed to the model, padding included: what sorting saves, free of timing noise. */
function paddedTokens(lengths: number[], sortByLength: boolean): number {
  return planBatches(lengths, { maxBatchTokens: 8192, maxBatchSize: 256, sortByLength }).reduce(
    (n, b) => n + b.indices.length * b.seqLen,
    0,
  );
}

async function report(label: string, modelDir: string, texts: string[], threads: number): Promise<void> {
  const { sorted, unsorted } = await measure(modelDir, texts, threads);
  console.log(
    `${label}: unsorted ${unsorted.toFixed(0)} texts/s, sorted ${sorted.toFixed(0)} texts/s, sorted/unsorted ${(sorted / unsorted).toFixed(2)}x`,
  );
}

const argDir = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : undefined;
const modelDir = argDir ?? defaultModelDir();
const texts = await makeTexts(modelDir, flag('--texts', 2000));
const threads = flag('--threads', 1);
console.log(`model ${modelDir} · ${texts.length} texts · ${threads} onnxruntime thread(s)`);
const { rate, lengths } = await tokenizeRate(modelDir, texts);
const real = lengths.reduce((n, l) => n + l, 0);
const [padUnsorted, padSorted] = [paddedTokens(lengths, false), paddedTokens(lengths, true)];
console.log(
  `tokens: ${real} real; padded to ${padUnsorted} unsorted, ${padSorted} sorted (${(padUnsorted / padSorted).toFixed(2)}x less work sorted)`,
);
console.log(`tokenizing alone: ${rate.toFixed(0)} texts/s (best of 3)`);
await report('pooled in graph', modelDir, texts, threads);
if (!argDir) {
  const dir = await mkdtemp(join(tmpdir(), 'semantik-bench-'));
  try {
    await writeTokenLevelVariant(modelDir, dir);
    await report('token-level + JS pooling', dir, texts, threads);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
