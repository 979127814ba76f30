/**
 * Search at a million chunks: p50/p95 of hybrid, vector and keyword search through the engine's
 * SearchService on a generated store (bench/search-1m-store.ts), and the vector ranking's recall@10
 * against an exact KNN over every vector.
 *
 * Usage: npx tsx bench/search-1m.ts [--quick]   (quick: 100,000 chunks)
 * The store is generated on first use and cached under bench/.cache.
 */
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { pathToFileURL } from 'node:url';
import { SearchService } from '../src/main/engine/search-service.js';
import { openStore } from '../src/node/store/open-store.js';
import { vecTableName } from '../src/node/store/vectors.js';
import { STOP_WORDS } from '../src/shared/stop-words.js';
import type { SearchMode } from '../src/shared/search-query.js';
import { createEmbedder } from '../src/node/embedding/embedder.js';
import { benchStore } from './search-1m-store.js';
import { seededRandom } from './seeded-random.js';

const K = 10;
const FULL_CHUNKS = 1_000_000;
const QUICK_CHUNKS = 100_000;

/** The q-quantile (0..1) of the values, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** Queries a person could type: 2 to 4 words (not stop words) of a random chunk of the store. */
function makeQueries(db: Database.Database, chunks: number, count: number): string[] {
  const random = seededRandom(7);
  const text = db.prepare<[number], string>('SELECT text FROM chunks WHERE id = ?').pluck();
  const maxId = Number(db.prepare('SELECT max(id) FROM chunks').pluck().get());
  const queries: string[] = [];
  while (queries.length < count) {
    const found = text.get(1 + Math.floor(random() * Math.min(maxId, chunks)));
    if (!found) continue;
    const words = [
      ...new Set(
        found
          .toLowerCase()
          .replace(/[^a-z ]/gu, ' ')
          .split(/\s+/u),
      ),
    ].filter((w) => w.length > 1 && !STOP_WORDS.has(w));
    const wanted = 2 + Math.floor(random() * 3);
    if (words.length < wanted) continue;
    const picked: string[] = [];
    while (picked.length < wanted) {
      const word = words[Math.floor(random() * words.length)]!;
      if (!picked.includes(word)) picked.push(word);
    }
    queries.push(picked.join(' '));
  }
  return queries;
}

/** Exact top-k chunk ids by a full scan of the model's vec0 table (the reference for recall). */
function exactNearest(db: Database.Database, table: string, query: Float32Array, k: number): number[] {
  return db
    .prepare<[Buffer, number], number>(`SELECT rowid FROM ${table} WHERE embedding MATCH ? AND k = ? ORDER BY distance`)
    .pluck()
    .all(Buffer.from(query.buffer, query.byteOffset, query.byteLength), k);
}

export async function run(options: { quick: boolean }): Promise<Record<string, unknown>> {
  const chunks = options.quick ? QUICK_CHUNKS : FULL_CHUNKS;
  const generated = await benchStore(chunks);
  const reference = new Database(generated.dbPath, { readonly: true });
  sqliteVec.load(reference);
  const store = openStore(generated.dbPath);
  const search = new SearchService(store, generated.modelDir);
  const embedder = await createEmbedder({ modelDir: generated.modelDir, device: { kind: 'cpu' }, threads: 1 });
  try {
    const queries = makeQueries(reference, chunks, options.quick ? 60 : 120);
    const timings: Record<SearchMode, number[]> = { hybrid: [], vector: [], keyword: [] };
    // Warm-up: the query model's thread, the statement caches, the vector prefilter.
    for (const query of queries.slice(0, 3))
      for (const mode of ['hybrid', 'vector', 'keyword'] as const) await search.search(query, K, { mode });
    for (const query of queries) {
      for (const mode of ['hybrid', 'vector', 'keyword'] as const) {
        const started = performance.now();
        await search.search(query, K, { mode });
        timings[mode].push(performance.now() - started);
      }
    }
    const table = vecTableName(embedder.info.id);
    let found = 0;
    let wanted = 0;
    for (const query of queries) {
      const vector = await embedder.embed([query]);
      if (!vector.some((value) => value !== 0)) continue;
      const exact = new Set(exactNearest(reference, table, vector, K));
      const got = store.searchVectors(embedder.info.id, vector, K).map((hit) => hit.chunkId);
      wanted += exact.size;
      found += got.filter((id) => exact.has(id)).length;
    }
    const figures = {
      hybrid_p95_ms: round(quantile(timings.hybrid, 0.95)),
      vector_p95_ms: round(quantile(timings.vector, 0.95)),
      keyword_p95_ms: round(quantile(timings.keyword, 0.95)),
      vector_recall_at_10: round(found / wanted, 3),
      hybrid_p50_ms: round(quantile(timings.hybrid, 0.5)),
      vector_p50_ms: round(quantile(timings.vector, 0.5)),
      keyword_p50_ms: round(quantile(timings.keyword, 0.5)),
      chunks,
      queries: queries.length,
      generate_s: round(generated.generateSeconds),
      ...(generated.embedChunksPerSecond !== null ? { generate_embed_chunks_per_s: Math.round(generated.embedChunksPerSecond) } : {}),
    };
    return { search_1m: figures };
  } finally {
    await embedder.dispose();
    await search.close();
    store.close();
    reference.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await run({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(figures, null, 2));
}
