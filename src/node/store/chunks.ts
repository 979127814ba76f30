/**
 * Chunks: replacing documents' chunks after extraction, one transaction per batch of documents.
 */
import { SemantikError } from '../../shared/errors';
import type { StoreContext } from './db-context';
import type { ChunkInput, ReadStat } from './store-types';

/** What replaceChunks wrote: the document's new generation and the new chunk ids in order. */
export interface ReplacedChunks {
  generation: number;
  chunkIds: number[];
}

/** One document's new chunks, as extraction hands them to the store. */
export interface ChunkReplacement {
  docId: number;
  hash: string;
  chunks: readonly ChunkInput[];
  read?: ReadStat;
}

/**
 * Replaces a document's chunks and sets its content hash; throws NOT_FOUND if it was deleted.
 *
 * One transaction: the old chunks go (their FTS rows and vectors by trigger), the generation is
 * bumped so that vectors computed for the old chunks are refused, and the new chunks are inserted
 * unembedded. A document with no chunks (an empty file) is indexed at once; others stay pending
 * until their vectors are written. `read` records the size and mtime of the bytes that were read,
 * so that the next scan compares the file with what was indexed, not with what it once saw.
 */
export function replaceChunks(
  ctx: StoreContext,
  docId: number,
  hash: string,
  chunks: readonly ChunkInput[],
  read?: ReadStat,
): ReplacedChunks {
  const [replaced] = replaceChunksOfMany(ctx, [{ docId, hash, chunks, ...(read ? { read } : {}) }]);
  if (!replaced) throw new SemantikError('NOT_FOUND', `No document ${docId}: it was deleted`);
  return replaced;
}

/**
 * Replaces the chunks of several documents in one transaction (as replaceChunks does for one):
 * a batch of small files costs one commit, not one per file. A document deleted meanwhile is
 * skipped: its entry in the result is null.
 */
export function replaceChunksOfMany(ctx: StoreContext, items: readonly ChunkReplacement[]): Array<ReplacedChunks | null> {
  return ctx.write(() => {
    const now = Date.now();
    return items.map((item) => replaceOne(ctx, item, now));
  });
}

function replaceOne(ctx: StoreContext, { docId, hash, chunks, read }: ChunkReplacement, now: number): ReplacedChunks | null {
  ctx.stmt('DELETE FROM chunks WHERE doc_id = ?').run(docId);
  const doc = ctx
    .stmt<{ generation: number }>(
      `UPDATE documents SET generation = generation + 1, hash = @hash, chunk_count = @count,
         embedded_count = 0, error = NULL, updated_at = @now,
         size = coalesce(@size, size), mtime_ms = coalesce(@mtimeMs, mtime_ms),
         state = CASE WHEN @count = 0 THEN 'indexed' ELSE 'pending' END,
         indexed_at = CASE WHEN @count = 0 THEN @now ELSE indexed_at END
       WHERE id = @docId RETURNING generation`,
    )
    .get({ hash, count: chunks.length, now, docId, size: read?.size ?? null, mtimeMs: read?.mtimeMs ?? null });
  if (!doc) return null;
  const insert = ctx.stmt(
    `INSERT INTO chunks (doc_id, idx, generation, text, line_start, line_end, heading, page)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const chunkIds = chunks.map((chunk, idx) =>
    Number(
      insert.run(docId, idx, doc.generation, chunk.text, chunk.lineStart, chunk.lineEnd, chunk.heading ?? null, chunk.page ?? null)
        .lastInsertRowid,
    ),
  );
  return { generation: doc.generation, chunkIds };
}
