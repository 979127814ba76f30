/**
 * The two FTS5 reads the keyword search is made of: the best rows of a MATCH by rank, and how many
 * rows match (counting stops at a limit, so that a common word costs no more than the limit).
 */
import type { StoreContext } from './db-context';

/** A matching row and its FTS5 rank (the negated bm25 score: lower is better). */
export interface RankedRow {
  chunkId: number;
  rank: number;
}

/** The `cut` best rows of an FTS5 MATCH expression, best first. */
export function rankedRows(ctx: StoreContext, match: string, cut: number): RankedRow[] {
  return ctx
    .stmt<RankedRow>('SELECT rowid AS chunkId, rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?')
    .all(match, cut);
}

/** How many rows match, counting no further than `upTo`. */
export function countMatches(ctx: StoreContext, match: string, upTo: number): number {
  return ctx.stmt<number>('SELECT count(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?)').pluck().get(match, upTo) ?? 0;
}
