/**
 * The rankings behind a search: keyword (FTS5 bm25), vector (sqlite-vec KNN) and their fusion by
 * reciprocal rank, with the filters applied inside each ranking's SQL.
 */
import type { SearchMode } from '../../shared/search-query';
import type { ResolvedSearchFilters } from '../../shared/search-filters';
import { fuseRankings, RRF_K } from '../../shared/rank-fusion';
import type { Store } from '../../node/store/store';
import type { ChunkHit } from '../../node/store/store-types';

/** Candidates each ranking gives the fusion at least, and per result asked for. */
export const FUSION_CANDIDATES = { min: 50, perResult: 5 };

/** A ranked chunk and its rank (1-based) in each ranking that found it. */
export interface RankedChunk {
  hit: ChunkHit;
  keywordRank: number | null;
  vectorRank: number | null;
}

/** What rankChunks needs: the text, the query vector (null: no vector ranking), filters, mode, k. */
export interface RankRequest {
  text: string;
  mode: SearchMode;
  k: number;
  filters: ResolvedSearchFilters;
  /** The model and the query's unit vector; null when the model knows none of the query's words. */
  vector: { modelId: string; query: Float32Array } | null;
  /** RRF weights of the two rankings. @defaultValue 1 and 1 */
  weights?: { keyword: number; vector: number };
  /** Candidates per ranking in hybrid mode. @defaultValue candidateDepth(k) */
  candidates?: number;
  /** RRF's constant. @defaultValue RRF_K */
  rrfK?: number;
  /** Whether a keyword hit needs any or all of the words. @defaultValue 'any' */
  keywordMatch?: 'all' | 'any';
}

/** How many candidates each ranking gives a fusion that returns k results. */
export function candidateDepth(k: number): number {
  return Math.max(FUSION_CANDIDATES.min, k * FUSION_CANDIDATES.perResult);
}

/** The top k chunks of the request's mode, best first. */
export function rankChunks(store: Store, request: RankRequest): RankedChunk[] {
  const { text, mode, k, filters, vector } = request;
  // Any word by default, so that a question sharing only some words with a file still ranks it.
  const match = request.keywordMatch ?? 'any';
  const keyword = (depth: number): ChunkHit[] => store.searchKeyword(text, depth, { filters, match });
  const nearest = (depth: number): ChunkHit[] => (vector ? store.searchVectors(vector.modelId, vector.query, depth, filters) : []);
  if (mode === 'keyword') return keyword(k).map((hit, i) => ({ hit, keywordRank: i + 1, vectorRank: null }));
  if (mode === 'vector') return nearest(k).map((hit, i) => ({ hit, keywordRank: null, vectorRank: i + 1 }));
  const depth = request.candidates ?? candidateDepth(k);
  const weights = request.weights ?? { keyword: 1, vector: 1 };
  const fused = fuseRankings(
    [
      { items: keyword(depth), weight: weights.keyword },
      { items: nearest(depth), weight: weights.vector },
    ],
    (hit) => hit.chunkId,
    { k: request.rrfK ?? RRF_K, limit: k },
  );
  return fused.map(({ item, score, ranks }) => ({ hit: { ...item, score }, keywordRank: ranks[0] ?? null, vectorRank: ranks[1] ?? null }));
}
