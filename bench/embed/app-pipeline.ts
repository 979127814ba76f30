/**
 * The app's embed path over the bench texts, as a machine's workers run it: the texts come in
 * embed jobs of CHUNKS_PER_EMBED_JOB, each worker embeds in its embedding thread (EmbedderCache →
 * threaded embedder, with the worker's session settings: the cores shared among the workers), the vectors travel base64-encoded as an
 * embed job's result does and are decoded as the ingest job does; with a store, each job's chunks
 * are written first (replaceChunksOfMany, as extraction does) and its vectors after (writeVectors, as
 * ingest does) on this thread while the embedding threads work on the next jobs.
 *
 * Jobs are pulled by `workers` embedders, each running up to `concurrency` jobs at once (its thread
 * takes them one after the other), like BullMQ workers with embed concurrency.
 */
import { CHUNKS_PER_EMBED_JOB, type ChunkRef } from '../../src/shared/jobs.js';
import { decodeVectors, encodeVectors } from '../../src/node/vector-codec.js';
import { EmbedderCache } from '../../src/workers/embed-cache.js';
import { cpuEmbedThreads } from '../../src/main/engine/embed-threads.js';
import type { ChunkReplacement } from '../../src/node/store/chunks.js';
import type { BenchStore } from './bench-store.js';

export interface AppPipelineOptions {
  modelDir: string;
  texts: readonly string[];
  /** Worker processes the app would start on this machine (each its own embedding thread). */
  workers: number;
  /** Embed jobs at once per worker. @defaultValue 2 */
  concurrency?: number;
  /** Write chunks and vectors to this store as extraction and ingest do. */
  store?: { bench: BenchStore; chunksPerDoc: number };
  device: string;
}

/** Texts per second through the app's path, first jobs (the model's load) excluded by a warm-up job. */
export async function runAppPipeline(options: AppPipelineOptions): Promise<number> {
  // CPU sessions get the threads the app gives each of this many workers.
  const caches = Array.from(
    { length: options.workers },
    () => new EmbedderCache(options.modelDir, { dirs: [] }, cpuEmbedThreads(options.workers)),
  );
  const deviceKey = options.device === 'cuda' ? 'cuda:0' : 'cpu';
  try {
    const embedders = await Promise.all(caches.map((cache) => cache.get(deviceKey)));
    await Promise.all(embedders.map((embedder) => embedder.embed(options.texts.slice(0, 16))));
    const { info } = embedders[0] ?? (await caches[0].get(deviceKey));
    const jobs: number[] = [];
    for (let start = 0; start < options.texts.length; start += CHUNKS_PER_EMBED_JOB) jobs.push(start);
    let next = 0;
    const started = performance.now();
    const runJob = async (workerIndex: number, start: number): Promise<void> => {
      const texts = options.texts.slice(start, start + CHUNKS_PER_EMBED_JOB);
      const refs = options.store ? writeChunks(options.store.bench, options.store.chunksPerDoc, start, texts) : [];
      const vectors = await embedders[workerIndex].embed(texts);
      const decoded = decodeVectors(encodeVectors(vectors), info.dims, texts.length);
      if (options.store) options.store.bench.store.writeVectors(info.id, info.dims, refs, decoded);
    };
    const slot = async (workerIndex: number): Promise<void> => {
      while (next < jobs.length) await runJob(workerIndex, jobs[next++]);
    };
    const slots = embedders.flatMap((_, w) => Array.from({ length: options.concurrency ?? 2 }, () => slot(w)));
    await Promise.all(slots);
    return options.texts.length / ((performance.now() - started) / 1000);
  } finally {
    await Promise.all(caches.map((cache) => cache.disposeAll()));
  }
}

/**
 * Writes the chunks of texts[start…] through the store as extraction does, the documents of one
 * batch in one transaction (replaceChunksOfMany), and returns their refs.
 */
function writeChunks(bench: BenchStore, chunksPerDoc: number, start: number, texts: readonly string[]): ChunkRef[] {
  const items: ChunkReplacement[] = [];
  for (let i = 0; i < texts.length;) {
    const doc = Math.floor((start + i) / chunksPerDoc);
    const docTexts = texts.slice(i, i + chunksPerDoc - ((start + i) % chunksPerDoc));
    items.push({
      docId: bench.docIds[doc]!,
      hash: `hash-${doc}`,
      chunks: docTexts.map((text, k) => ({ text, lineStart: k + 1, lineEnd: k + 1 })),
    });
    i += docTexts.length;
  }
  const refs: ChunkRef[] = [];
  bench.store.replaceChunksOfMany(items).forEach((written, i) => {
    if (!written) throw new Error(`bench document ${items[i]!.docId} vanished`);
    written.chunkIds.forEach((chunkId) => refs.push({ chunkId, docId: items[i]!.docId, generation: written.generation }));
  });
  return refs;
}
