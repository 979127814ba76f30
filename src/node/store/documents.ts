/**
 * Document rows: what the scan records about each file and what extract and ingest set later.
 */
import { batches, type StoreContext } from './db-context';
import type { DocRow, DocState, DocumentRow, PendingDocumentInput } from './store-types';

/** Documents deleted per transaction: each may cascade to hundreds of chunks, FTS and vector rows. */
const DELETE_BATCH = 200;

const DOCUMENT_COLUMNS = `id, source_id AS sourceId, path, size, mtime_ms AS mtimeMs, hash, state,
  error, run_id AS runId, generation, chunk_count AS chunkCount, embedded_count AS embeddedCount,
  indexed_at AS indexedAt, updated_at AS updatedAt`;

/**
 * Path to the scan's view of every document of a source. Rows come as arrays: a re-scan of an
 * unchanged folder reads every row, and arrays are built in about half the time of named rows.
 */
export function documentsOfSource(ctx: StoreContext, sourceId: number): Map<string, DocRow> {
  const rows = ctx.stmt('SELECT path, id, size, mtime_ms, hash, state FROM documents WHERE source_id = ?').raw(true).all(sourceId) as Array<
    [string, number, number, number, string | null, DocState]
  >;
  const byPath = new Map<string, DocRow>();
  for (const [path, id, size, mtimeMs, hash, state] of rows) byPath.set(path, { id, size, mtimeMs, hash, state });
  return byPath;
}

/** One document, or null. */
export function getDocument(ctx: StoreContext, id: number): DocumentRow | null {
  return ctx.stmt<DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`).get(id) ?? null;
}

/**
 * Records a new or changed file as pending in a run; returns its id, or null when the row already
 * finished (indexed or unsupported) with this size and mtime.
 *
 * An existing row keeps its id, generation and chunks (still searchable until extract replaces
 * them); its error is cleared. Paths are unique across sources: a file seen by a second source
 * moves to it.
 */
export function upsertPendingDocument(ctx: StoreContext, input: PendingDocumentInput): number | null {
  const row = ctx
    .stmt<{ id: number }>(
      `INSERT INTO documents (source_id, path, size, mtime_ms, state, run_id, updated_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?)
       ON CONFLICT(path) DO UPDATE SET source_id = excluded.source_id, size = excluded.size,
         mtime_ms = excluded.mtime_ms, state = 'pending', error = NULL, run_id = excluded.run_id,
         updated_at = excluded.updated_at
       -- Never send back to pending a file that finished with this very size and mtime since the
       -- caller looked (a retried scan works from an older snapshot): it would wait forever.
       WHERE NOT (documents.state IN ('indexed', 'unsupported') AND documents.size = excluded.size
         AND documents.mtime_ms = excluded.mtime_ms)
       RETURNING id`,
    )
    .get(input.sourceId, input.path, input.size, input.mtimeMs, input.runId, Date.now());
  return row?.id ?? null;
}

/** Records a file whose content hash is unchanged although its size or mtime moved. */
export function touchUnchanged(ctx: StoreContext, docId: number, size: number, mtimeMs: number): void {
  ctx.stmt('UPDATE documents SET size = ?, mtime_ms = ?, updated_at = ? WHERE id = ?').run(size, mtimeMs, Date.now(), docId);
}

/**
 * Marks a document failed or unsupported in a run, with the reason; false if it no longer exists.
 *
 * A missing document is not an error: a rescan may delete a file's row while its extract or ingest
 * job is still running. A failed document keeps its previous chunks (a transient failure should not
 * empty a file's search results); an unsupported one loses them, as its content is no longer text.
 */
export function markDocument(
  ctx: StoreContext,
  docId: number,
  state: Extract<DocState, 'failed' | 'unsupported'>,
  error: string,
  runId: number,
): boolean {
  return ctx.write(() => {
    if (state === 'unsupported') {
      ctx.stmt('DELETE FROM chunks WHERE doc_id = ?').run(docId);
    }
    const result = ctx
      .stmt(
        `UPDATE documents SET state = @state, error = @error, run_id = @runId, updated_at = @now,
           chunk_count = CASE WHEN @state = 'unsupported' THEN 0 ELSE chunk_count END,
           embedded_count = CASE WHEN @state = 'unsupported' THEN 0 ELSE embedded_count END
         WHERE id = @docId`,
      )
      .run({ state, error, runId, now: Date.now(), docId });
    return result.changes > 0;
  });
}

/**
 * Deletes documents with their chunks, FTS rows and vectors; returns how many were deleted.
 *
 * Chunks go by ON DELETE CASCADE; the chunk delete triggers remove FTS rows and the vectors in every
 * model table (see vectors.ts). Short transactions of DELETE_BATCH documents each.
 */
export function deleteDocuments(ctx: StoreContext, docIds: readonly number[]): number {
  const del = ctx.stmt('DELETE FROM documents WHERE id = ?');
  let deleted = 0;
  for (const batch of batches(docIds, DELETE_BATCH)) {
    ctx.write(() => {
      for (const id of batch) deleted += del.run(id).changes;
    });
  }
  return deleted;
}

/** Ids of every document of a source. */
export function documentIdsOfSource(ctx: StoreContext, sourceId: number): number[] {
  return ctx.stmt<number>('SELECT id FROM documents WHERE source_id = ?').pluck().all(sourceId);
}

/**
 * True if `path` is a document of a folder that is not removed: the guard before the app opens a
 * file a search result names, so that a caller cannot make it open arbitrary paths.
 */
export function isIndexedPath(ctx: StoreContext, path: string): boolean {
  return (
    ctx
      .stmt(
        `SELECT 1 FROM documents d JOIN sources s ON s.id = d.source_id
         WHERE d.path = ? AND s.removed = 0`,
      )
      .pluck()
      .get(path) !== undefined
  );
}
