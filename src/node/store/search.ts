/**
 * Search: nearest chunks by vector (sqlite-vec KNN) and by keyword (FTS5 bm25).
 *
 * Both skip documents of removed sources: removal sets the flag before it deletes in batches.
 */
import { SemantikError } from '../../shared/errors';
import { hasFilters, type ResolvedSearchFilters } from '../../shared/search-filters';
import { withoutStopWords } from '../../shared/stop-words';
import type { StoreContext } from './db-context';
import { countMatches, rankedRows, type RankedRow } from './fts-rows';
import { topRowsOfAnyWord } from './keyword-top-rows';
import { filteredStmt, filterSql, ftsPhrase, searchablePhrases } from './search-filter';
import type { ChunkHit } from './store-types';
import { prefilterFor } from './vector-prefilter';
import { getModel, vecTableName } from './vectors';

/** vec0's limit on k. */
const MAX_K = 4096;
/** Extra neighbours fetched so that hits dropped by the removed-source filter do not shorten the list. */
const KNN_SLACK = 16;
/** Query terms beyond this are ignored: a pasted paragraph should not become a huge FTS query. */
const MAX_TERMS = 32;
/**
 * Candidates the int8 prefilter proposes for exact scoring, per neighbour asked for (and at least
 * MIN_CANDIDATES). bench/search-1m.ts measures the recall this gives against exact search.
 */
const CANDIDATES_PER_NEIGHBOUR = 4;
const MIN_CANDIDATES = 200;
/** Above this many neighbours, the exact KNN is used: the prefilter would propose most vectors anyway. */
const MAX_PREFILTER_K = 1024;

/** How searchVectors finds the nearest vectors. */
export interface VectorSearchOptions {
  /**
   * Stores with at most this many vectors are searched exactly (vec0's full scan is fast there);
   * larger ones through the int8 prefilter and exact scoring of its candidates. @defaultValue 20000
   */
  prefilterFrom?: number;
}

const PREFILTER_FROM = 20_000;

/** The columns of a ChunkHit (without its score), for queries over `chunks c` and `documents d`. */
export const HIT_COLUMNS = `c.id AS chunkId, c.doc_id AS docId, d.path, c.idx, c.text,
  c.line_start AS lineStart, c.line_end AS lineEnd, c.heading, c.page`;

/** Checks k and caps it at vec0's limit. */
export function clampK(k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new SemantikError('BAD_INPUT', `k must be a positive integer, not ${k}`);
  return Math.min(k, MAX_K);
}

/**
 * The k chunks nearest to `query` for a model, nearest first; [] if the model has no vectors yet.
 *
 * Score is cosine similarity: vectors are unit length, so 1 - d²/2 for the L2 distance d. Filters
 * go inside the KNN (vec0 takes `rowid IN (subquery)`), so a narrow filter still yields k hits.
 */
export function searchVectors(
  ctx: StoreContext,
  modelId: string,
  query: Float32Array,
  k: number,
  filters?: ResolvedSearchFilters,
  options: VectorSearchOptions = {},
): ChunkHit[] {
  const limit = clampK(k);
  const model = getModel(ctx, modelId);
  if (!model) return [];
  if (query.length !== model.dims) {
    throw new SemantikError('BAD_INPUT', `Model ${modelId} has ${model.dims} dimensions; the query has ${query.length}`);
  }
  if (filters && hasFilters(filters)) return searchVectorsFiltered(ctx, modelId, query, limit, filters);
  if (limit <= MAX_PREFILTER_K) {
    const hits = searchVectorsPrefiltered(ctx, modelId, model.dims, query, limit, options.prefilterFrom ?? PREFILTER_FROM);
    if (hits) return hits;
  }
  return searchVectorsExact(ctx, modelId, query, limit);
}

/**
 * The k nearest chunks among the prefilter's candidates, scored exactly on their float vectors;
 * null when the exact KNN should answer instead (a small store, or too many candidates of removed
 * folders to fill k).
 */
function searchVectorsPrefiltered(
  ctx: StoreContext,
  modelId: string,
  dims: number,
  query: Float32Array,
  limit: number,
  prefilterFrom: number,
): ChunkHit[] | null {
  const table = vecTableName(modelId);
  const prefilter = prefilterFor(ctx, table, dims);
  if (!prefilter) return null;
  const wanted = Math.max(MIN_CANDIDATES, CANDIDATES_PER_NEIGHBOUR * (limit + KNN_SLACK));
  if (prefilter.size <= Math.max(prefilterFrom, wanted)) return null;
  const scored: Array<{ id: number; distance: number }> = [];
  for (const { id, vector } of prefilter.candidates(query, wanted)) {
    let sum = 0;
    for (let i = 0; i < dims; i += 1) {
      const diff = vector[i]! - query[i]!;
      sum += diff * diff;
    }
    scored.push({ id, distance: Math.sqrt(sum) });
  }
  scored.sort((a, b) => a.distance - b.distance);
  const nearest = scored.slice(0, limit + KNN_SLACK);
  const distanceOf = new Map(nearest.map((one) => [one.id, one.distance]));
  const rows = ctx
    .stmt<Omit<ChunkHit, 'score'>>(
      `SELECT ${HIT_COLUMNS} FROM chunks c
       JOIN documents d ON d.id = c.doc_id
       JOIN sources s ON s.id = d.source_id
       WHERE c.id IN (SELECT value FROM json_each(?)) AND s.removed = 0`,
    )
    .all(JSON.stringify(nearest.map((one) => one.id)));
  if (rows.length < limit && prefilter.size > nearest.length) return null;
  return rows
    .map((hit) => {
      const distance = distanceOf.get(hit.chunkId) ?? 2;
      return { hit, distance };
    })
    .sort((a, b) => a.distance - b.distance)
    .slice(0, limit)
    .map(({ hit, distance }) => ({ ...hit, score: 1 - (distance * distance) / 2 }));
}

/** The exact KNN: vec0 scans every vector of the model. */
export function searchVectorsExact(ctx: StoreContext, modelId: string, query: Float32Array, limit: number): ChunkHit[] {
  // The KNN must be its own query: vec0 sees the MATCH and k constraints only on its own table.
  const rows = ctx
    .stmt<Omit<ChunkHit, 'score'> & { distance: number }>(
      `WITH knn AS (
         SELECT rowid AS chunk_id, distance FROM ${vecTableName(modelId)} WHERE embedding MATCH ? AND k = ?)
       SELECT ${HIT_COLUMNS}, knn.distance FROM knn
       JOIN chunks c ON c.id = knn.chunk_id
       JOIN documents d ON d.id = c.doc_id
       JOIN sources s ON s.id = d.source_id
       WHERE s.removed = 0 ORDER BY knn.distance LIMIT ?`,
    )
    .all(Buffer.from(query.buffer, query.byteOffset, query.byteLength), Math.min(limit + KNN_SLACK, MAX_K), limit);
  return rows.map(({ distance, ...hit }) => ({ ...hit, score: 1 - (distance * distance) / 2 }));
}

/** The KNN over the chunks that pass the filters (and are not of a removed source). */
function searchVectorsFiltered(
  ctx: StoreContext,
  modelId: string,
  query: Float32Array,
  limit: number,
  filters: ResolvedSearchFilters,
): ChunkHit[] {
  const where = filterSql(filters);
  const rows = filteredStmt<Omit<ChunkHit, 'score'> & { distance: number }>(
    ctx,
    `WITH knn AS (
         SELECT rowid AS chunk_id, distance FROM ${vecTableName(modelId)} WHERE embedding MATCH ? AND k = ? AND rowid IN (
           SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id JOIN sources s ON s.id = d.source_id
           WHERE s.removed = 0${where.sql}))
       SELECT ${HIT_COLUMNS}, knn.distance FROM knn
       JOIN chunks c ON c.id = knn.chunk_id
       JOIN documents d ON d.id = c.doc_id
       ORDER BY knn.distance`,
    where,
  ).all(Buffer.from(query.buffer, query.byteOffset, query.byteLength), limit, ...where.params);
  return rows.map(({ distance, ...hit }) => ({ ...hit, score: 1 - (distance * distance) / 2 }));
}

/** Quoted FTS5 terms of what a person typed (at most MAX_TERMS); see toFtsQuery. */
function ftsTerms(query: string, dropStopWords = false): string[] {
  const words = query.split(/\s+/u).filter((term) => /[\p{L}\p{N}]/u.test(term));
  const terms = dropStopWords ? withoutStopWords(words) : words;
  return terms.slice(0, MAX_TERMS).map((term) => `"${term.replaceAll('"', '""')}"`);
}

/**
 * Turns what a person typed into a safe FTS5 query: each term quoted, all required.
 *
 * Quoting makes operators, column filters and stray quotes plain text; a term with no letter or
 * digit would tokenize to nothing and is dropped. Returns '' when nothing is searchable.
 */
export function toFtsQuery(query: string): string {
  return ftsTerms(query).join(' ');
}

/** How searchKeyword treats the words of a query. */
export interface KeywordOptions {
  filters?: ResolvedSearchFilters;
  /**
   * `all`: every word must be in the chunk. `any`: any word but stop words may be, bm25 ranks
   * chunks with more and rarer ones first (what a fused ranking wants: a question shares only
   * some words with its answer). Phrases in the filters are always required. @defaultValue 'all'
   */
  match?: 'all' | 'any';
  /** Words in this many rows count as common in an any-word search (tests use a small corpus). */
  commonRows?: number;
}

/** The FTS5 MATCH expression of the query's words and the filters' phrases; '' if nothing to match. */
export function ftsMatch(query: string, phrases: readonly string[], match: 'all' | 'any'): string {
  const terms = ftsTerms(query, match === 'any');
  const parts = searchablePhrases(phrases).map(ftsPhrase);
  if (terms.length > 0) parts.push(`(${terms.join(match === 'any' ? ' OR ' : ' ')})`);
  return parts.join(' AND ');
}

/**
 * The best `cut` rows of an unfiltered keyword search with their chunks, best first, leaving out
 * removed folders' chunks (so possibly fewer). FTS5 ranks and cuts on its own and only those rows
 * are joined; an any-word query with common words has its top rows found by topRowsOfAnyWord.
 */
function topHits(
  ctx: StoreContext,
  query: string,
  match: string,
  options: KeywordOptions,
  cut: number,
): Array<Omit<ChunkHit, 'score'> & { rank: number }> {
  const anyWord = options.match === 'any' && searchablePhrases(options.filters?.phrases ?? []).length === 0;
  const top: RankedRow[] =
    (anyWord
      ? topRowsOfAnyWord(ctx, ftsTerms(query, true), cut, options.commonRows !== undefined ? { commonRows: options.commonRows } : {})
      : null) ?? rankedRows(ctx, match, cut);
  const rankOf = new Map(top.map((row) => [row.chunkId, row.rank]));
  return ctx
    .stmt<Omit<ChunkHit, 'score'>>(
      `SELECT ${HIT_COLUMNS} FROM chunks c
       JOIN documents d ON d.id = c.doc_id
       JOIN sources s ON s.id = d.source_id
       WHERE c.id IN (SELECT value FROM json_each(?)) AND s.removed = 0`,
    )
    .all(JSON.stringify(top.map((row) => row.chunkId)))
    .map((hit) => ({ ...hit, rank: rankOf.get(hit.chunkId)! }))
    .sort((a, b) => a.rank - b.rank || a.chunkId - b.chunkId);
}

/**
 * The k chunks that best match the words of `query` by bm25, best first; score = -bm25.
 *
 * Without filters beyond phrases (which are part of the MATCH), FTS5 ranks and cuts the top k on
 * its own and only those rows are joined; with filters, or when chunks of removed folders fill
 * that cut, every match is joined and filtered before the cut, so that a narrow filter still
 * yields k hits.
 */
export function searchKeyword(ctx: StoreContext, query: string, k: number, options: KeywordOptions = {}): ChunkHit[] {
  const limit = clampK(k);
  const match = ftsMatch(query, options.filters?.phrases ?? [], options.match ?? 'all');
  if (match === '') return [];
  const where = filterSql(options.filters, false);
  if (where.sql === '') {
    // One snapshot: the top rows, their chunks and the count must agree.
    const hits = ctx.db
      .transaction(() => {
        // Rows past k only for removed folders' chunks to drop: without such folders, none (a
        // smaller cut also lets topRowsOfAnyWord leave more rows unscored).
        const removing = ctx.stmt<number>('SELECT EXISTS (SELECT 1 FROM sources WHERE removed = 1)').pluck().get() === 1;
        const cut = limit + (removing ? KNN_SLACK : 0);
        const rows = topHits(ctx, query, match, options, cut);
        // Fewer than k after dropping removed folders' chunks: were there more matches past the cut?
        return rows.length >= limit || countMatches(ctx, match, cut) !== cut ? rows : null;
      })
      .deferred();
    if (hits) return hits.slice(0, limit).map(({ rank, ...hit }) => ({ ...hit, score: -rank }));
  }
  const rows = filteredStmt<Omit<ChunkHit, 'score'> & { rank: number }>(
    ctx,
    `SELECT ${HIT_COLUMNS}, bm25(chunks_fts) AS rank FROM chunks_fts
       JOIN chunks c ON c.id = chunks_fts.rowid
       JOIN documents d ON d.id = c.doc_id
       JOIN sources s ON s.id = d.source_id
       WHERE chunks_fts MATCH ? AND s.removed = 0${where.sql} ORDER BY rank LIMIT ?`,
    where,
  ).all(match, ...where.params, limit);
  return rows.map(({ rank, ...hit }) => ({ ...hit, score: -rank }));
}
