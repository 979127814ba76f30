/**
 * A search with filters and no words (`type:pdf after:2025-01-01`): the matching chunks, newest
 * file first, so that the filters alone list what they select.
 */
import type { ResolvedSearchFilters } from '../../shared/search-filters';
import type { StoreContext } from './db-context';
import { clampK, HIT_COLUMNS } from './search';
import { filteredStmt, filterSql } from './search-filter';
import type { ChunkHit } from './store-types';

/** The first k chunks passing the filters, newest file first, in file order; score 0. */
export function browseChunks(ctx: StoreContext, filters: ResolvedSearchFilters, k: number): ChunkHit[] {
  const where = filterSql(filters);
  const rows = filteredStmt<Omit<ChunkHit, 'score'>>(
    ctx,
    `SELECT ${HIT_COLUMNS} FROM chunks c
       JOIN documents d ON d.id = c.doc_id
       JOIN sources s ON s.id = d.source_id
       WHERE s.removed = 0${where.sql} ORDER BY d.mtime_ms DESC, d.id, c.idx LIMIT ?`,
    where,
  ).all(...where.params, clampK(k));
  return rows.map((hit) => ({ ...hit, score: 0 }));
}
