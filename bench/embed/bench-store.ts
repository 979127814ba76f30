/**
 * A fresh index for the store side of the built-in model's figure: documents of `chunksPerDoc`
 * chunks each, written through the app's store (the pipeline) or through one plain better-sqlite3
 * transaction on the same schema (the limit).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { openStore } from '../../src/node/store/open-store.js';
import type { Store } from '../../src/node/store/store.js';
import { vecTableName } from '../../src/node/store/vectors.js';

export interface BenchStore {
  store: Store;
  path: string;
  /** Document ids, in the order their chunks come in the texts. */
  docIds: number[];
  runId: number;
}

/** Opens `<dir>/semantik.db` with one source, one run and `docs` pending documents, and registers the model. */
export function createBenchStore(dir: string, docs: number, modelId: string, dims: number): BenchStore {
  const path = join(dir, 'semantik.db');
  const store = openStore(path);
  const source = store.addSource(join(dir, 'folder'));
  const runId = store.createRun(source.id);
  const docIds = store.transaction(() =>
    Array.from({ length: docs }, (_, i) => {
      const id = store.upsertPendingDocument({ sourceId: source.id, path: join(dir, 'folder', `doc-${i}.md`), size: 1, mtimeMs: i, runId });
      if (id === null) throw new Error(`document ${i} was not recorded`);
      return id;
    }),
  );
  store.registerModel(modelId, dims);
  return { store, path, docIds, runId };
}

/**
 * Rows per second of one plain transaction inserting `texts` as chunks (their FTS rows by the
 * schema's trigger) with `vectors`, straight through better-sqlite3 with no app code around it.
 */
export function plainTransactionRate(
  bench: BenchStore,
  texts: readonly string[],
  chunksPerDoc: number,
  modelId: string,
  vectors: Float32Array,
  dims: number,
): number {
  bench.store.close();
  const db = new Database(bench.path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    sqliteVec.load(db);
    const chunk = db.prepare('INSERT INTO chunks (doc_id, idx, generation, text, line_start, line_end) VALUES (?, ?, 1, ?, 1, 1)');
    const vector = db.prepare(`INSERT INTO ${vecTableName(modelId)} (rowid, embedding) VALUES (?, ?)`);
    const started = performance.now();
    db.transaction(() => {
      texts.forEach((text, i) => {
        const id = chunk.run(bench.docIds[Math.floor(i / chunksPerDoc)], i % chunksPerDoc, text).lastInsertRowid;
        vector.run(BigInt(id), Buffer.from(vectors.buffer, vectors.byteOffset + i * dims * 4, dims * 4));
      });
    })();
    return texts.length / ((performance.now() - started) / 1000);
  } finally {
    db.close();
  }
}
