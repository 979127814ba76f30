/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): merges ranked lists whose
 * scores cannot be compared (bm25 and cosine similarity) by rank alone.
 *
 * Pure code. An item's fused score is the sum over the lists that hold it of weight / (k + rank),
 * rank counted from 1. The constant k (60 in the paper) flattens the head of each list, so that an
 * item ranked well by both rankings beats one ranked first by only one of them.
 */

/** The paper's constant; bench/search-recall.ts measured the same recall with 10, 30, 60 and 100. */
export const RRF_K = 60;

/** One ranked list, best first. */
export interface Ranking<T> {
  items: readonly T[];
  /** @defaultValue 1 */
  weight?: number;
}

/** A fused item: the first copy of it met (lists in order), its score and its rank in each list. */
export interface Fused<T> {
  item: T;
  /** The RRF score divided by the best score possible from the non-empty lists: 1 is "first in all". */
  score: number;
  /** 1-based rank in each list, in the order of the lists; null where absent. */
  ranks: Array<number | null>;
}

/** Options of `fuseRankings`. */
export interface FusionOptions {
  /** @defaultValue RRF_K */
  k?: number;
  /** Items returned at most. @defaultValue all */
  limit?: number;
}

/**
 * Fuses ranked lists by reciprocal rank; `keyOf` says when two items are the same.
 *
 * Best first. Ties go to the item with the better single rank, then to the one met first, so the
 * order is deterministic. A key repeated inside one list counts at its first (best) rank only.
 */
export function fuseRankings<T>(
  rankings: readonly Ranking<T>[],
  keyOf: (item: T) => string | number,
  options: FusionOptions = {},
): Array<Fused<T>> {
  const k = options.k ?? RRF_K;
  if (!(k >= 0)) throw new RangeError(`k must be 0 or more, not ${k}`);
  const entries = new Map<string | number, { item: T; raw: number; ranks: Array<number | null>; best: number; order: number }>();
  let best = 0;
  rankings.forEach((ranking, list) => {
    const weight = ranking.weight ?? 1;
    if (!(weight >= 0)) throw new RangeError(`weights must be 0 or more, not ${weight}`);
    if (ranking.items.length > 0) best += weight / (k + 1);
    ranking.items.forEach((item, index) => {
      const key = keyOf(item);
      let entry = entries.get(key);
      if (!entry) {
        entry = { item, raw: 0, ranks: rankings.map(() => null), best: Infinity, order: entries.size };
        entries.set(key, entry);
      }
      if (entry.ranks[list] !== null) return;
      const rank = index + 1;
      entry.ranks[list] = rank;
      entry.raw += weight / (k + rank);
      entry.best = Math.min(entry.best, rank);
    });
  });
  const fused = [...entries.values()].sort((a, b) => b.raw - a.raw || a.best - b.best || a.order - b.order);
  return fused.slice(0, options.limit ?? fused.length).map(({ item, raw, ranks }) => ({ item, score: best > 0 ? raw / best : 0, ranks }));
}
