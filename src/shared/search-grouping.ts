/**
 * Search results one per file: ranked chunks grouped by their file, near-identical passages of a
 * file collapsed, and a relevance floor in vector mode.
 *
 * Pure code, shared by every caller of a search by file (the API, the CLI through it).
 */
import type { SearchMode } from './search-query';

/** Passages kept per file. @defaultValue of `groupByFile`'s `passages` */
export const PASSAGES_PER_FILE = 3;

/**
 * In vector mode, a chunk ranked below the first `files` chunks whose score is below this fraction
 * of the top chunk's score is dropped.
 *
 * Cosine similarity has an absolute scale, yet a vector search always returns its neighbours,
 * however far: a search by file ranks more chunks than files asked for, and without a floor the
 * far ones would fill the list. On the small labelled set of search-recall.test.ts, relevant
 * files within the top 10 chunks scored down to 0.31 of the top score (one below 0), so the
 * floor is low and the first `files` chunks (those a chunk search returns) are always kept: the
 * floor removes filler, never a file a chunk search would show. Keyword mode needs no floor (a
 * hit holds the query's words) and hybrid mode's fused scores are ranks, not similarities.
 */
export const VECTOR_FLOOR = 0.25;

/** Word-set overlap (Jaccard) at or above which two passages of one file count as the same. */
export const NEAR_DUPLICATE_OVERLAP = 0.9;

/** What grouping needs of a ranked chunk. */
export interface GroupableHit {
  path: string;
  score: number;
  /** The chunk's whole text: near-identical passages are found on it, not on the snippet. */
  text: string;
}

/** A file and its best passages, best first. */
export interface FileGroup<T extends GroupableHit> {
  path: string;
  score: number;
  passages: T[];
}

/** How to group. */
export interface GroupOptions {
  /** Files returned at most. */
  files: number;
  /** Passages per file. @defaultValue PASSAGES_PER_FILE */
  passages?: number;
  /** The ranking the scores come from: the floor applies to vector mode only. */
  mode: SearchMode;
}

/** A chunk's text reduced to its words, lower case, without diacritics: what "the same passage" compares. */
export function normalizePassage(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.join(' ') ?? ''
  );
}

/** Whether two normalized passages say the same thing: equal, or sharing nearly all their words. */
export function nearDuplicate(a: string, b: string): boolean {
  if (a === b) return true;
  const wordsA = new Set(a.split(' '));
  const wordsB = new Set(b.split(' '));
  let shared = 0;
  for (const word of wordsA) if (wordsB.has(word)) shared += 1;
  const union = wordsA.size + wordsB.size - shared;
  return union > 0 && shared / union >= NEAR_DUPLICATE_OVERLAP;
}

/** The lowest score kept: VECTOR_FLOOR of the top score in vector mode, none otherwise. */
export function relevanceFloor(mode: SearchMode, topScore: number): number {
  return mode === 'vector' && topScore > 0 ? topScore * VECTOR_FLOOR : Number.NEGATIVE_INFINITY;
}

/**
 * Groups chunks (best first) by file: files ordered by their best chunk's score, each with its
 * best distinct passages; chunks past the first `files` and below the relevance floor are left
 * out, and so is a file left with none. Equal scores keep the order the chunks came in.
 */
export function groupByFile<T extends GroupableHit>(hits: readonly T[], options: GroupOptions): Array<FileGroup<T>> {
  const perFile = options.passages ?? PASSAGES_PER_FILE;
  const floor = relevanceFloor(options.mode, Math.max(...hits.map((hit) => hit.score)));
  const groups = new Map<string, { group: FileGroup<T>; seen: string[] }>();
  const ordered = hits.map((hit, at) => ({ hit, at })).sort((a, b) => b.hit.score - a.hit.score || a.at - b.at);
  for (const [rank, { hit }] of ordered.entries()) {
    if (rank >= options.files && hit.score < floor) break;
    let entry = groups.get(hit.path);
    if (!entry) {
      if (groups.size >= options.files) continue;
      entry = { group: { path: hit.path, score: hit.score, passages: [] }, seen: [] };
      groups.set(hit.path, entry);
    }
    if (entry.group.passages.length >= perFile) continue;
    const normalized = normalizePassage(hit.text);
    if (entry.seen.some((other) => nearDuplicate(other, normalized))) continue;
    entry.seen.push(normalized);
    entry.group.passages.push(hit);
  }
  return [...groups.values()].map((entry) => entry.group);
}
