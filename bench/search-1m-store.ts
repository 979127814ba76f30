/**
 * The generated store behind bench/search-1m.ts: documents of English-like text whose words follow
 * Zipf's law over the built-in model's vocabulary (tens of thousands of words, most frequent first),
 * embedded with the built-in model, written through the Store like an index run would.
 *
 * Seeded: the same size gives the same texts, vectors and queries. Kept under bench/.cache (git
 * ignores it) with a marker written last, so that a rerun reuses a complete store and rebuilds a
 * half-written one.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/node/store/open-store.js';
import type { Store } from '../src/node/store/store.js';
import { createEmbedder } from '../src/node/embedding/embedder.js';
import { defaultModelDir } from '../src/node/models/default-model-dir.js';
import { seededRandom } from './seeded-random.js';

/** Words of the vocabulary (the model's, most frequent first, letters only). */
const VOCABULARY_SIZE = 50_000;
/** Zipf exponent of word frequencies (English is close to 1). */
const ZIPF_S = 1.05;
/** Chunks per document. */
const CHUNKS_PER_DOC = 10;
/** Words per chunk: uniform in [MIN_WORDS, MAX_WORDS]. */
const MIN_WORDS = 40;
const MAX_WORDS = 140;
/** Bump when the generated content changes: the cache folder is keyed by it. */
const FORMAT = 1;

export const CACHE_DIR = resolve(fileURLToPath(import.meta.url), '..', '.cache');

/** The vocabulary: the built-in model's words in frequency order, letters only. */
export function loadVocabulary(modelDir = defaultModelDir()): string[] {
  const tokenizer = JSON.parse(readFileSync(join(modelDir, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } };
  return Object.entries(tokenizer.model.vocab)
    .sort((a, b) => a[1] - b[1])
    .map(([word]) => word)
    .filter((word) => /^[a-z]{2,}$/u.test(word))
    .slice(0, VOCABULARY_SIZE);
}

/** Draws word ranks (0-based) with Zipf frequencies, by binary search over the cumulative weights. */
export function zipfSampler(size: number, random: () => number): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank += 1) {
    total += 1 / (rank + 1) ** ZIPF_S;
    cumulative[rank] = total;
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** One chunk's text: Zipf-drawn words in sentences. */
function chunkText(words: readonly string[], nextRank: () => number, random: () => number): string {
  const count = MIN_WORDS + Math.floor(random() * (MAX_WORDS - MIN_WORDS + 1));
  const parts: string[] = [];
  let sentence = 0;
  for (let i = 0; i < count; i += 1) {
    let word = words[nextRank()]!;
    if (sentence === 0) word = word[0]!.toUpperCase() + word.slice(1);
    sentence += 1;
    if (sentence > 6 && random() < 0.15) {
      word += '.';
      sentence = 0;
    }
    parts.push(word);
  }
  return `${parts.join(' ')}.`;
}

const EXTENSIONS = ['md', 'txt', 'pdf', 'docx', 'html'];

/** The path of document i: 100 folders, a handful of extensions (for filtered searches). */
export function documentPath(i: number): string {
  return `/bench/corpus/folder${String(i % 100).padStart(3, '0')}/doc${String(i).padStart(7, '0')}.${EXTENSIONS[i % EXTENSIONS.length]}`;
}

/** A generated store: its path, chunk count, the vocabulary and the model it was embedded with. */
export interface BenchStore {
  dbPath: string;
  chunks: number;
  modelDir: string;
  vocabulary: string[];
  /** Seconds spent generating it (0 when it came from the cache). */
  generateSeconds: number;
  /** Chunks per second the built-in model embedded while generating (null from the cache). */
  embedChunksPerSecond: number | null;
}

const log = (line: string): void => {
  process.stderr.write(`[search-1m] ${line}\n`);
};

/** Opens the cached store of `chunks` chunks, generating it first when missing or incomplete. */
export async function benchStore(chunks: number, seed = 1): Promise<BenchStore> {
  const modelDir = defaultModelDir();
  const vocabulary = loadVocabulary(modelDir);
  const folder = join(CACHE_DIR, `search-${chunks}-v${FORMAT}-s${seed}`);
  const dbPath = join(folder, 'index.db');
  const marker = join(folder, 'complete.json');
  if (existsSync(marker)) return { dbPath, chunks, modelDir, vocabulary, generateSeconds: 0, embedChunksPerSecond: null };
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const started = performance.now();
  const store = openStore(dbPath);
  const embedder = await createEmbedder({ modelDir, device: { kind: 'cpu' } });
  let embedMs = 0;
  try {
    const random = seededRandom(seed);
    const nextRank = zipfSampler(vocabulary.length, random);
    const source = store.addSource('/bench/corpus');
    const runId = store.createRun(source.id);
    const docs = Math.ceil(chunks / CHUNKS_PER_DOC);
    const DOCS_PER_BATCH = 200;
    for (let first = 0; first < docs; first += DOCS_PER_BATCH) {
      const batch: Array<{ docId: number; texts: string[] }> = [];
      for (let i = first; i < Math.min(docs, first + DOCS_PER_BATCH); i += 1) {
        const count = Math.min(CHUNKS_PER_DOC, chunks - i * CHUNKS_PER_DOC);
        batch.push({ docId: 0, texts: Array.from({ length: count }, () => chunkText(vocabulary, nextRank, random)) });
      }
      const texts = batch.flatMap((doc) => doc.texts);
      const embedStart = performance.now();
      const vectors = await embedder.embed(texts);
      embedMs += performance.now() - embedStart;
      writeBatch(store, source.id, runId, first, batch, vectors, embedder.info.id, embedder.info.dims);
      if ((first / DOCS_PER_BATCH) % 50 === 0)
        log(`generated ${Math.min(chunks, (first + DOCS_PER_BATCH) * CHUNKS_PER_DOC)} of ${chunks} chunks`);
    }
    store.finishScan(runId);
    store.finishRun(runId);
  } finally {
    await embedder.dispose();
    store.close();
  }
  const generateSeconds = (performance.now() - started) / 1000;
  const embedChunksPerSecond = chunks / (embedMs / 1000);
  writeFileSync(marker, JSON.stringify({ chunks, seed, generateSeconds, embedChunksPerSecond }));
  log(`generated ${chunks} chunks in ${generateSeconds.toFixed(0)} s (embedding: ${embedChunksPerSecond.toFixed(0)} chunks/s)`);
  return { dbPath, chunks, modelDir, vocabulary, generateSeconds, embedChunksPerSecond };
}

function writeBatch(
  store: Store,
  sourceId: number,
  runId: number,
  firstDoc: number,
  batch: Array<{ docId: number; texts: string[] }>,
  vectors: Float32Array,
  modelId: string,
  dims: number,
): void {
  store.transaction(() => {
    const refs = batch.flatMap((doc, i) => {
      const size = doc.texts.reduce((sum, text) => sum + text.length, 0);
      const docId = store.upsertPendingDocument({
        sourceId,
        path: documentPath(firstDoc + i),
        size,
        mtimeMs: 1_700_000_000_000 + (firstDoc + i) * 1000,
        runId,
      });
      if (docId === null) throw new Error(`document ${firstDoc + i} was not recorded`);
      const chunks = doc.texts.map((text, idx) => ({ text, lineStart: idx * 10 + 1, lineEnd: idx * 10 + 10 }));
      const replaced = store.replaceChunks(docId, `hash-${firstDoc + i}`, chunks);
      return replaced.chunkIds.map((chunkId) => ({ chunkId, docId, generation: replaced.generation }));
    });
    store.writeVectors(modelId, dims, refs, vectors);
  });
}
