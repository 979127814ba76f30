/**
 * Previews: the stored chunks around a line or a PDF page of an indexed document.
 *
 * The text comes from the store only, never from the file on disk: a preview shows what was
 * indexed, and a path that is not a document of a folder still indexed is refused.
 */
import { SemantikError } from '../../shared/errors';
import type { DocumentPreview, PreviewChunk } from '../../shared/monitor-types';
import type { StoreContext } from './db-context';

/** Where in the document to look: a 1-based line, a 1-based PDF page, or neither (its start). */
export interface PreviewPlace {
  line?: number;
  page?: number;
}

type ChunkRow = Omit<PreviewChunk, 'target'>;

const CHUNK_COLUMNS = `idx AS chunkIndex, text, heading, line_start AS lineStart, line_end AS lineEnd, page`;

/**
 * The chunk holding `place` with the chunk before and after it.
 *
 * Throws NOT_FOUND for a path that is not a document of a folder still indexed, or one without
 * stored text, and for a line past the document's last chunk or a page with no stored text.
 */
export function documentPreview(ctx: StoreContext, path: string, place: PreviewPlace): DocumentPreview {
  const docId = ctx
    .stmt<number>(
      `SELECT d.id FROM documents d JOIN sources s ON s.id = d.source_id
       WHERE d.path = ? AND s.removed = 0`,
    )
    .pluck()
    .get(path);
  if (docId === undefined) throw new SemantikError('NOT_FOUND', `Not a document of an indexed folder: ${path}`);
  const target = targetIndex(ctx, docId, path, place);
  const rows = ctx
    .stmt<ChunkRow>(
      `SELECT ${CHUNK_COLUMNS} FROM chunks WHERE doc_id = ? AND idx IN (
         (SELECT max(idx) FROM chunks WHERE doc_id = ? AND idx < ?), ?,
         (SELECT min(idx) FROM chunks WHERE doc_id = ? AND idx > ?))
       ORDER BY idx`,
    )
    .all(docId, docId, target, target, docId, target);
  const chunks = rows.map((row) => ({ ...row, target: row.chunkIndex === target }));
  return { path, page: chunks.find((chunk) => chunk.target)?.page ?? null, chunks };
}

/** The index of the chunk holding the place (the document's first chunk when none is given). */
function targetIndex(ctx: StoreContext, docId: number, path: string, place: PreviewPlace): number {
  if (place.page !== undefined) {
    const onPage = ctx.stmt<number>('SELECT min(idx) FROM chunks WHERE doc_id = ? AND page = ?').pluck().get(docId, place.page);
    if (onPage === null || onPage === undefined) throw new SemantikError('NOT_FOUND', `No stored text on page ${place.page} of ${path}`);
    return onPage;
  }
  const first = ctx.stmt<number | null>('SELECT min(idx) FROM chunks WHERE doc_id = ?').pluck().get(docId);
  if (first === null || first === undefined)
    throw new SemantikError('NOT_FOUND', `No stored text for ${path} (not indexed yet, or failed)`);
  if (place.line === undefined) return first;
  // The chunk holding the line, else the last one starting before it (the line falls between chunks).
  const holding = ctx
    .stmt<{ idx: number; lineEnd: number | null }>(
      `SELECT idx, line_end AS lineEnd FROM chunks WHERE doc_id = ? AND line_start <= ?
       ORDER BY line_start DESC, idx DESC LIMIT 1`,
    )
    .get(docId, place.line);
  if (!holding) return first;
  const last = ctx.stmt<number | null>('SELECT max(line_end) FROM chunks WHERE doc_id = ?').pluck().get(docId);
  if (last !== null && last !== undefined && place.line > last) {
    throw new SemantikError('NOT_FOUND', `Line ${place.line} is past the stored text of ${path} (it ends at line ${last})`);
  }
  return holding.idx;
}
