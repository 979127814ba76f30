/**
 * The vector prefilter (an int8 copy of a model's vectors in the searching process) stays in step
 * with the store: vectors written or deleted, by this connection or another process's, are seen at
 * the next search; a copy whose log was trimmed beneath it, or a new connection after a crash,
 * builds itself from SQLite. Each case compares the prefiltered search with the exact full scan.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/node/store/open-store';
import type { Store } from '../../src/node/store/store';

const DIMS = 16;
const MODEL = 'prefilter-model';
const K = 10;
const DOCS = 100;
const CHUNKS_PER_DOC = 10;
const root = mkdtempSync(join(tmpdir(), 'semantik-prefilter-'));
const opened: Store[] = [];
let fileNo = 0;
let seed = 1;

afterAll(() => {
  for (const store of opened) store.close();
  rmSync(root, { recursive: true, force: true });
});

function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

function unitVector(): Float32Array {
  const vector = new Float32Array(DIMS).map(() => random() - 0.5);
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

/** Adds a document of `vectors.length` chunks with those vectors; returns its id. */
function addDocument(store: Store, sourceId: number, runId: number, path: string, vectors: Float32Array[]): number {
  const docId = store.upsertPendingDocument({ sourceId, path, size: 10, mtimeMs: 1000, runId })!;
  const replaced = store.replaceChunks(
    docId,
    `hash-${path}`,
    vectors.map((_, i) => ({ text: `chunk ${i} of ${path}`, lineStart: i + 1, lineEnd: i + 1 })),
  );
  const flat = new Float32Array(vectors.length * DIMS);
  vectors.forEach((vector, i) => flat.set(vector, i * DIMS));
  store.writeVectors(
    MODEL,
    DIMS,
    replaced.chunkIds.map((chunkId) => ({ chunkId, docId, generation: replaced.generation })),
    flat,
  );
  return docId;
}

/** A store of DOCS × CHUNKS_PER_DOC random vectors. */
function seededStore(): { store: Store; path: string; sourceId: number; runId: number; docIds: number[] } {
  fileNo += 1;
  const path = join(root, `case-${fileNo}`, 'semantik.db');
  const store = openStore(path);
  opened.push(store);
  const sourceId = store.addSource('/data').id;
  const runId = store.createRun(sourceId);
  const docIds = store.transaction(() =>
    Array.from({ length: DOCS }, (_, i) =>
      addDocument(store, sourceId, runId, `/data/doc-${i}.md`, Array.from({ length: CHUNKS_PER_DOC }, unitVector)),
    ),
  );
  return { store, path, sourceId, runId, docIds };
}

/** Searches through the prefilter (whatever the store's size) and checks it against the full scan. */
function expectSameAsExact(store: Store, query: Float32Array): number[] {
  const prefiltered = store.searchVectors(MODEL, query, K, undefined, { prefilterFrom: 0 });
  const exact = store.searchVectorsExact(MODEL, query, K);
  expect(prefiltered.map((hit) => hit.chunkId)).toEqual(exact.map((hit) => hit.chunkId));
  prefiltered.forEach((hit, i) => expect(hit.score).toBeCloseTo(exact[i]!.score, 5));
  return prefiltered.map((hit) => hit.chunkId);
}

describe('vector prefilter', () => {
  it('finds the same nearest chunks as the exact scan', () => {
    const { store } = seededStore();
    for (let i = 0; i < 20; i += 1) expect(expectSameAsExact(store, unitVector())).toHaveLength(K);
  });

  it('sees vectors written and deleted after it was built, on this connection and on another', () => {
    const { store, path, sourceId, runId } = seededStore();
    const query = unitVector();
    expectSameAsExact(store, query);
    // Another connection (as a worker process writes) adds a document whose vector is the query.
    const other = openStore(path);
    opened.push(other);
    const added = addDocument(other, sourceId, runId, '/data/new.md', [query]);
    const [first] = expectSameAsExact(store, query);
    expect(store.getDocument(added)).not.toBeNull();
    expect(first).toBe(other.searchVectorsExact(MODEL, query, 1)[0]!.chunkId);
    // Deleted there: gone here.
    other.deleteDocuments([added]);
    expect(expectSameAsExact(store, query)).not.toContain(first);
    // Re-chunked here (its vectors go by trigger): the old chunks are not proposed any more.
    const before = expectSameAsExact(store, query);
    const victim = store.searchVectorsExact(MODEL, query, 1)[0]!.docId;
    store.replaceChunks(victim, 'changed', [{ text: 'new text', lineStart: 1, lineEnd: 1 }]);
    const after = expectSameAsExact(store, query);
    expect(after).not.toEqual(before);
  });

  it('rebuilds from SQLite when the log was trimmed beneath it, and in a new connection after a crash', () => {
    const { store, path, sourceId, runId, docIds } = seededStore();
    const query = unitVector();
    expectSameAsExact(store, query);
    const other = openStore(path);
    opened.push(other);
    addDocument(other, sourceId, runId, '/data/near.md', [query]);
    other.deleteDocuments(docIds.slice(0, 20));
    // Trimming as writeVectors does past VECTOR_LOG_KEEP rows: this connection's copy is now behind
    // the oldest row it could follow.
    const db = new Database(path);
    const trimmed = db.prepare('DELETE FROM vector_log').run().changes;
    expect(trimmed).toBeGreaterThan(0);
    db.close();
    const hits = expectSameAsExact(store, query);
    expect(store.getDocument(store.searchVectorsExact(MODEL, query, 1)[0]!.docId)?.path).toBe('/data/near.md');
    expect(hits).toHaveLength(K);

    // A writer that dies inside its transaction leaves neither vectors nor log rows behind; a new
    // connection (the next process) builds its copy from what SQLite has.
    const crashed = new Database(path);
    crashed.exec('BEGIN IMMEDIATE');
    crashed.prepare("INSERT INTO vector_log (vec_table, chunk_id, added) VALUES ('vec_prefilter_model', 999999, 1)").run();
    crashed.close();
    const reopened = openStore(path);
    opened.push(reopened);
    expect(expectSameAsExact(reopened, query)).toEqual(hits);
    expect(
      Number(new Database(path, { readonly: true }).prepare('SELECT count(*) FROM vector_log WHERE chunk_id = 999999').pluck().get()),
    ).toBe(0);
  });
});
