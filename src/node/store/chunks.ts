/**
 * Chunks: replacing a document's chunks after extraction, in one transaction.
 */
import { SemantikError } from '../../shared/errors';
import type { StoreContext } from './db-context';
import type { ChunkInput, ReadStat } from './store-types';

/** What replaceChunks wrote: the document's new generation and the new chunk ids in order. */
export interface ReplacedChunks {
  generation: number;
  chunkIds: number[];
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
  return ctx.write(() => {
    const now = Date.now();
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
    if (!doc) throw new SemantikError('NOT_FOUND', `No document ${docId}: it was deleted`);
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
  });
}
