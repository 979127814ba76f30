import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SemantikError } from '../../src/shared/errors';
import { SCHEMA_VERSION } from '../../src/node/store/migrations';
import { openStore } from '../../src/node/store/open-store';
import type { Store } from '../../src/node/store/store';

const DIMS = 8;
const MODEL = 'test-model';
const root = mkdtempSync(join(tmpdir(), 'semantik-store-'));
const opened: Store[] = [];
const children: ChildProcess[] = [];
let fileNo = 0;

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill();
  for (const store of opened) store.close();
  rmSync(root, { recursive: true, force: true });
});

function freshStore(): Store {
  fileNo += 1;
  const store = openStore(join(root, `case-${fileNo}`, 'semantik.db'));
  opened.push(store);
  return store;
}

/** A unit vector pointing mostly along axis `axis`, nudged by `tilt` along the next axis. */
function unit(axis: number, tilt = 0): Float32Array {
  const vector = new Float32Array(DIMS);
  vector[axis % DIMS] = 1;
  vector[(axis + 1) % DIMS] = tilt;
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function rows(...vectors: Float32Array[]): Float32Array {
  const out = new Float32Array(vectors.length * DIMS);
  vectors.forEach((vector, i) => out.set(vector, i * DIMS));
  return out;
}

/** A folder with one pending document in a run. */
function seedDocument(store: Store, path = '/data/notes/a.md'): { sourceId: number; runId: number; docId: number } {
  const sourceId = store.addSource('/data/notes').id;
  const runId = store.createRun(sourceId);
  const docId = store.upsertPendingDocument({ sourceId, path, size: 10, mtimeMs: 1000.5, runId })!;
  return { sourceId, runId, docId };
}

function chunkTexts(...texts: string[]): Array<{ text: string; lineStart: number; lineEnd: number }> {
  return texts.map((text, i) => ({ text, lineStart: i + 1, lineEnd: i + 1 }));
}

describe('store', () => {
  it('does not send a finished document back to pending for the same size and mtime (retried scans)', () => {
    const store = freshStore();
    const { sourceId, runId, docId } = seedDocument(store);
    store.replaceChunks(docId, 'hash-1', chunkTexts('alpha'));
    store.writeVectors(
      MODEL,
      DIMS,
      [
        {
          chunkId: store.replaceChunks(docId, 'hash-1', chunkTexts('alpha')).chunkIds[0]!,
          docId,
          generation: store.getDocument(docId)!.generation,
        },
      ],
      rows(unit(0)),
    );
    expect(store.getDocument(docId)?.state).toBe('indexed');
    expect(store.upsertPendingDocument({ sourceId, path: '/data/notes/a.md', size: 10, mtimeMs: 1000.5, runId })).toBeNull();
    expect(store.getDocument(docId)?.state).toBe('indexed');
    // A real change (new mtime) does go back to pending.
    expect(store.upsertPendingDocument({ sourceId, path: '/data/notes/a.md', size: 10, mtimeMs: 2000, runId })).toBe(docId);
    expect(store.getDocument(docId)?.state).toBe('pending');
  });

  it('migrates once and reopens (also read-only) without migrating again', () => {
    const dbPath = join(root, 'reopen', 'semantik.db');
    const first = openStore(dbPath);
    first.addSource('/data/one');
    first.close();
    const again = openStore(dbPath);
    const reader = openStore(dbPath, { readonly: true });
    opened.push(again, reader);
    expect(again.listSources().map((source) => source.path)).toEqual(['/data/one']);
    expect(reader.listSources()).toHaveLength(1);
    const raw = new Database(dbPath, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    again.checkWritable();
    expect(() => reader.checkWritable()).toThrow(SemantikError);
    expect(() => openStore(join(root, 'missing', 'x.db'), { readonly: true })).toThrow(/Cannot open the index/);
  });

  it('adds sources idempotently, removes them with their data, and revives them', () => {
    const store = freshStore();
    const { sourceId, docId } = seedDocument(store);
    expect(store.addSource('/data/notes').id).toBe(sourceId);
    const { chunkIds, generation } = store.replaceChunks(docId, 'h1', chunkTexts('alpha text', 'beta text'));
    store.writeVectors(
      MODEL,
      DIMS,
      chunkIds.map((chunkId) => ({ chunkId, docId, generation })),
      rows(unit(0), unit(1)),
    );

    expect(store.removeSource(sourceId)).toBe(true);
    expect(store.removeSource(sourceId)).toBe(false);
    expect(store.removeSource(9999)).toBe(false);
    expect(store.listSources()).toEqual([]);
    expect(store.getSource(sourceId)?.removed).toBe(true);
    expect(store.counts()).toEqual({ documents: 0, chunks: 0, embedded: 0, failed: 0 });
    expect(store.searchKeyword('alpha', 5)).toEqual([]);
    expect(store.orphanVectorCount()).toBe(0);

    const revived = store.addSource('/data/notes');
    expect(revived).toMatchObject({ id: sourceId, removed: false });
  });

  it('replaces chunks atomically: a second replace keeps only the new set', () => {
    const store = freshStore();
    const { docId } = seedDocument(store);
    const first = store.replaceChunks(docId, 'h1', chunkTexts('old one', 'old two', 'old three'));
    const second = store.replaceChunks(docId, 'h2', chunkTexts('new one', 'new two'));
    expect(second.generation).toBe(first.generation + 1);
    expect(second.chunkIds.some((id) => first.chunkIds.includes(id))).toBe(false);
    expect(store.getDocument(docId)).toMatchObject({ hash: 'h2', chunkCount: 2, state: 'pending' });
    expect(store.searchKeyword('old', 10)).toEqual([]);
    expect(
      store
        .searchKeyword('new', 10)
        .map((hit) => hit.idx)
        .sort(),
    ).toEqual([0, 1]);
    expect(store.duplicateChunkCount()).toBe(0);
    expect(store.staleChunkCount()).toBe(0);
    expect(() => store.replaceChunks(424242, 'h', chunkTexts('x'))).toThrow(/No document/);
  });

  it('replaces the chunks of a batch of documents in one transaction, skipping one deleted meanwhile', () => {
    const store = freshStore();
    const { sourceId, runId, docId } = seedDocument(store);
    const other = store.upsertPendingDocument({ sourceId, path: '/data/notes/b.md', size: 5, mtimeMs: 2000, runId })!;
    const gone = store.upsertPendingDocument({ sourceId, path: '/data/notes/c.md', size: 5, mtimeMs: 2000, runId })!;
    store.deleteDocuments([gone]);
    const written = store.replaceChunksOfMany([
      { docId, hash: 'ha', chunks: chunkTexts('apple one', 'apple two'), read: { size: 11, mtimeMs: 3000 } },
      { docId: gone, hash: 'hc', chunks: chunkTexts('cherry') },
      { docId: other, hash: 'hb', chunks: chunkTexts('banana') },
    ]);
    expect(written[1]).toBeNull();
    expect(written[0]?.chunkIds).toHaveLength(2);
    expect(written[2]?.chunkIds).toHaveLength(1);
    expect(store.getDocument(docId)).toMatchObject({ hash: 'ha', chunkCount: 2, size: 11, mtimeMs: 3000, state: 'pending' });
    expect(store.getDocument(other)).toMatchObject({ hash: 'hb', chunkCount: 1, state: 'pending' });
    expect(store.searchKeyword('cherry', 10)).toEqual([]);
    expect(store.searchKeyword('banana', 10).map((hit) => hit.path)).toEqual(['/data/notes/b.md']);
    expect(store.duplicateChunkCount()).toBe(0);
  });

  it('indexes a document with no chunks at once', () => {
    const store = freshStore();
    const { docId } = seedDocument(store);
    store.replaceChunks(docId, 'empty', []);
    expect(store.getDocument(docId)?.state).toBe('indexed');
  });

  it('refuses vectors of a stale generation', () => {
    const store = freshStore();
    const { docId } = seedDocument(store);
    const old = store.replaceChunks(docId, 'h1', chunkTexts('one', 'two'));
    store.replaceChunks(docId, 'h2', chunkTexts('one', 'two'));
    const staleRefs = old.chunkIds.map((chunkId) => ({ chunkId, docId, generation: old.generation }));
    expect(store.writeVectors(MODEL, DIMS, staleRefs, rows(unit(0), unit(1)))).toEqual({ written: 0, stale: 2 });
    expect(store.getDocument(docId)).toMatchObject({ state: 'pending', embeddedCount: 0 });
    expect(store.searchVectors(MODEL, unit(0), 5)).toEqual([]);
  });

  it('marks a document indexed only when all its chunks have vectors, and writes each vector once', () => {
    const store = freshStore();
    const { runId, docId } = seedDocument(store);
    store.updateRunScan(runId, { filesSeen: 1, filesQueued: 1 });
    const { chunkIds, generation } = store.replaceChunks(docId, 'h', chunkTexts('a', 'b', 'c'));
    const refs = chunkIds.map((chunkId) => ({ chunkId, docId, generation }));
    store.finishScan(runId);

    expect(store.writeVectors(MODEL, DIMS, refs.slice(0, 2), rows(unit(0), unit(1)))).toEqual({ written: 2, stale: 0 });
    expect(store.getDocument(docId)?.state).toBe('pending');
    expect(store.isRunComplete(runId)).toBe(false);
    expect(store.runProgress(runId)).toMatchObject({ filesQueued: 1, filesIndexed: 0, chunks: 3, chunksEmbedded: 2 });
    expect(store.folderSummaries()[0]?.state).toBe('indexing');

    expect(store.writeVectors(MODEL, DIMS, refs, rows(unit(0), unit(1), unit(2)))).toEqual({ written: 1, stale: 0 });
    const indexed = store.getDocument(docId);
    expect(indexed).toMatchObject({ state: 'indexed', embeddedCount: 3 });
    expect(store.writeVectors(MODEL, DIMS, refs, rows(unit(0), unit(1), unit(2)))).toEqual({ written: 0, stale: 0 });
    expect(store.getDocument(docId)).toEqual(indexed);
    expect(store.counts()).toEqual({ documents: 1, chunks: 3, embedded: 3, failed: 0 });
    expect(store.searchVectors(MODEL, unit(2), 10)).toHaveLength(3);
    expect(store.isRunComplete(runId)).toBe(true);
    expect(store.runProgress(runId)).toMatchObject({ filesIndexed: 1, chunksEmbedded: 3, rate: null, etaSeconds: null });
    expect(store.folderSummaries()[0]).toMatchObject({ state: 'done', files: 1, chunks: 3, failed: 0 });
    expect(() => store.writeVectors(MODEL, DIMS + 1, [], new Float32Array(0))).toThrow(/dimensions/);
  });

  it('finds the nearest chunk first with its path, and keyword-matches identifiers', () => {
    const store = freshStore();
    const sourceId = store.addSource('/data/src').id;
    const runId = store.createRun(sourceId);
    const paths = ['/data/src/a.ts', '/data/src/b.ts', '/data/src/c.ts'];
    paths.forEach((path, n) => {
      const docId = store.upsertPendingDocument({ sourceId, path, size: 1, mtimeMs: 1, runId })!;
      const text = n === 1 ? 'export function frobnicate_widget42() {}' : `plain file number ${n}`;
      const { chunkIds, generation } = store.replaceChunks(docId, `h${n}`, chunkTexts(text));
      store.writeVectors(MODEL, DIMS, [{ chunkId: chunkIds[0]!, docId, generation }], unit(n * 2));
    });
    const hits = store.searchVectors(MODEL, unit(2, 0.1), 3);
    expect(hits).toHaveLength(3);
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
    expect(hits[0]).toMatchObject({ path: '/data/src/b.ts', idx: 0, lineStart: 1 });
    expect(hits[0]!.score).toBeGreaterThan(0.99);
    expect(hits[1]!.score).toBeLessThan(0.2);

    const keyword = store.searchKeyword('frobnicate_widget42', 5);
    expect(keyword.map((hit) => hit.path)).toEqual(['/data/src/b.ts']);
    expect(store.searchKeyword('"unbalanced OR NEAR(', 5)).toEqual([]);
    expect(store.isIndexedPath('/data/src/b.ts')).toBe(true);
    expect(store.isIndexedPath('/etc/passwd')).toBe(false);

    const doc = store.documentsOfSource(sourceId).get('/data/src/b.ts');
    expect(doc).toMatchObject({ size: 1, mtimeMs: 1, hash: 'h1', state: 'indexed' });
    store.deleteDocuments([doc!.id]);
    expect(store.searchVectors(MODEL, unit(2), 3).map((hit) => hit.path)).not.toContain('/data/src/b.ts');
    expect(store.searchKeyword('frobnicate_widget42', 5)).toEqual([]);
    expect(store.orphanVectorCount()).toBe(0);
    expect(store.counts().chunks).toBe(2);
  });

  it('records failures and failed runs in the folder summary', () => {
    const store = freshStore();
    const { sourceId, runId, docId } = seedDocument(store);
    expect(store.folderSummaries()[0]?.state).toBe('scanning');
    store.replaceChunks(docId, 'h', chunkTexts('kept while failed'));
    expect(store.markDocument(docId, 'failed', 'bad pdf', runId)).toBe(true);
    expect(store.searchKeyword('kept', 5)).toHaveLength(1);
    expect(store.markDocument(987654, 'failed', 'gone', runId)).toBe(false);
    expect(store.failures(runId)).toEqual([{ path: '/data/notes/a.md', reason: 'bad pdf' }]);
    expect(store.failures(runId + 1)).toEqual([]);
    store.failRun(runId, 'folder vanished');
    expect(store.folderSummaries()[0]).toMatchObject({ id: sourceId, state: 'failed', failed: 1, error: 'folder vanished' });
    expect(store.latestRun(sourceId)?.finishedAt).not.toBeNull();

    const other = store.upsertPendingDocument({ sourceId, path: '/data/notes/b.bin', size: 1, mtimeMs: 1, runId })!;
    store.replaceChunks(other, 'h', chunkTexts('was text once'));
    expect(store.markDocument(other, 'unsupported', 'binary file', runId)).toBe(true);
    expect(store.getDocument(other)).toMatchObject({ state: 'unsupported', chunkCount: 0, error: 'binary file' });
    expect(store.searchKeyword('once', 5)).toEqual([]);
    expect(store.runProgress(runId).filesUnsupported).toBe(1);
  });

  it('reads a snapshot while another connection holds a write transaction (WAL)', () => {
    const writer = freshStore();
    const { docId } = seedDocument(writer);
    writer.replaceChunks(docId, 'h', chunkTexts('visible before'));
    const reader = openStore(writer.path, { readonly: true });
    opened.push(reader);
    writer.transaction(() => {
      writer.replaceChunks(docId, 'h2', chunkTexts('written inside'));
      expect(reader.searchKeyword('visible', 5)).toHaveLength(1);
      expect(reader.searchKeyword('inside', 5)).toHaveLength(0);
    });
    expect(reader.searchKeyword('inside', 5)).toHaveLength(1);
  });

  it('takes concurrent writes from several processes without SQLITE_BUSY or duplicates', async () => {
    const dbPath = join(root, 'concurrent', 'semantik.db');
    const perWriter = 150;
    // Both children create and migrate the new file at the same time.
    const writers = ['w1', 'w2'].map((label) => startWriter(dbPath, label, perWriter));
    await Promise.all(writers.map((writer) => writer.ready));
    const parent = openStore(dbPath);
    opened.push(parent);
    for (const writer of writers) writer.go();
    // The parent writes too, as the supervisor does, while both children hold the lock in turns.
    const sourceId = parent.addSource('/writers/parent').id;
    const runId = parent.createRun(sourceId);
    for (let n = 0; n < perWriter; n += 1) {
      const docId = parent.upsertPendingDocument({ sourceId, path: `/writers/parent/${n}`, size: n, mtimeMs: n, runId })!;
      parent.replaceChunks(docId, `h${n}`, chunkTexts(`parent ${n}`));
    }
    const results = await Promise.all(writers.map((writer) => writer.done));
    expect(results.map((result) => result.written)).toEqual([perWriter * 4, perWriter * 4]);
    expect(parent.counts()).toEqual({ documents: perWriter * 3, chunks: perWriter * 9, embedded: perWriter * 8, failed: 0 });
    expect(parent.duplicateChunkCount()).toBe(0);
    expect(parent.staleChunkCount()).toBe(0);
    expect(parent.listModels().map((model) => model.id)).toEqual(['writer-model']);
  }, 60_000);
});

interface Writer {
  ready: Promise<void>;
  go(): void;
  done: Promise<{ written: number }>;
}

/** Starts a store-writer child process; `ready` resolves once its store is open. */
function startWriter(dbPath: string, label: string, count: number): Writer {
  const script = fileURLToPath(new URL('./fixtures/store-writer.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, dbPath, label, String(count)], {
    env: { ...process.env, SEMANTIK_LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  let markReady = (): void => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (data: Buffer) => {
    stdout += data.toString();
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const done = new Promise<{ written: number }>((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`writer ${label} exited ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.split('\n')[1] ?? '') as { written: number });
    });
  });
  // A writer that dies before "ready" must fail the test, not hang it.
  const readyOrDead = Promise.race([ready, done.then(() => undefined)]);
  return { ready: readyOrDead, go: () => child.stdin.end('go\n'), done };
}
