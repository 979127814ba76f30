/**
 * The top rows of an any-word keyword query ("a" OR "b" OR …) without scoring every row that holds
 * a common word.
 *
 * FTS5 computes bm25 for every matching row before it can sort: a query with a word found in a
 * tenth of a million chunks scores a hundred thousand rows. bm25 is a sum over the query's phrases,
 * each term bounded by idf × (k1 + 1), so a row holding only common words can score no more than
 * the sum of their bounds. This module scores exactly (with FTS5's own bm25, in one snapshot) the
 * rows that hold a rare word, then rows holding each combination of common words, highest bound
 * first, and skips a combination whose bound cannot reach the current cut: most often the
 * commonest word alone, which has the most rows and the lowest idf. The answer is FTS5's own top
 * rows (ties in any order); null when the query has no common word, or so many that the
 * combinations would cost more than they save, and the caller runs the plain query. The scores
 * are the plain query's up to rounding (bm25 adds the phrases' terms in the expression's order).
 *
 * Every statement names each phrase of the query exactly once (required in an AND, or excluded in
 * a NOT, which leaves the rows it matches without that phrase), so that bm25 sums over the same
 * phrases, with the same idf, as the plain query does.
 */
import type { StoreContext } from './db-context';
import { countMatches, rankedRows, type RankedRow } from './fts-rows';

/** bm25's k1 in FTS5: a phrase adds less than idf × (k1 + 1) to a row's score. */
const BM25_K1 = 1.2;
/** FTS5's bm25 replaces an idf ≤ 0 with this; taking the larger of the two can only raise a bound. */
const MIN_IDF = 1e-6;
/** Words in at least this many rows are common: their rows are scored only where the bound allows. */
export const COMMON_ROWS = 20_000;
/** Beyond this many common words the combinations multiply: the plain query answers. */
const MAX_COMMON = 4;

/** How topRowsOfAnyWord splits words (tests use a smaller corpus), and what it did. */
export interface TopRowsOptions {
  /** @defaultValue COMMON_ROWS */
  commonRows?: number;
  /** Counts the combinations of common words whose rows were left unscored (for tests). */
  stats?: { skipped: number };
}

/** Reads one SQLite varint (big-endian groups of 7 bits, the ninth byte whole); null past the end. */
function readVarint(bytes: Uint8Array, at: number): number | null {
  let value = 0;
  for (let i = 0; i < 9; i += 1) {
    const byte = bytes[at + i];
    if (byte === undefined) return null;
    if (i === 8) return value * 256 + byte;
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) return value;
  }
  return null;
}

/** The rows in the FTS index, from the record where FTS5 keeps it (the first varint of row 1). */
function indexedRows(ctx: StoreContext): number | null {
  const block = ctx.stmt<Buffer | undefined>('SELECT block FROM chunks_fts_data WHERE id = 1').pluck().get();
  return block ? readVarint(block, 0) : null;
}

/**
 * A phrase of the query: its FTS5 text, how many rows hold it (at least that many, or exactly
 * when `exact`), and its bound: the most it can add to a row's score.
 */
interface Word {
  phrase: string;
  rows: number;
  exact: boolean;
  bound: number;
}

/** bm25's idf for a phrase in `rows` of `total` rows, times k1 + 1: what the phrase can add at most. */
function boundOf(rows: number, total: number): number {
  const idf = Math.max(MIN_IDF, Math.log((total - rows + 0.5) / (rows + 0.5)));
  // A hair above the bound, so that C's and JavaScript's logarithms cannot disagree across it.
  return idf * (BM25_K1 + 1) * (1 + 1e-9);
}

/** The fewest rows a phrase must be in for its bound to be below `below`; null if no count gets there. */
function rowsForBound(below: number, total: number): number | null {
  const idf = below / ((BM25_K1 + 1) * (1 + 1e-9));
  if (idf <= MIN_IDF) return null;
  // boundOf(rows) < below ⟺ (total - rows + 0.5) / (rows + 0.5) < e^idf; then a step or two for rounding.
  let rows = Math.max(0, Math.ceil((total + 0.5 - 0.5 * Math.exp(idf)) / (1 + Math.exp(idf))));
  while (rows <= total && boundOf(rows, total) >= below) rows += 1;
  return rows <= total ? rows : null;
}

/** The top `cut` rows of `phrases` joined by OR, by FTS5 rank; null when the plain query should run. */
export function topRowsOfAnyWord(
  ctx: StoreContext,
  phrases: readonly string[],
  cut: number,
  options: TopRowsOptions = {},
): RankedRow[] | null {
  if (phrases.length < 2) return null;
  const commonRows = options.commonRows ?? COMMON_ROWS;
  // One snapshot: the bounds and every statement's bm25 must see the same rows.
  return ctx.db
    .transaction(() => {
      const total = indexedRows(ctx);
      if (total === null || total === 0) return null;
      const words: Word[] = [];
      for (const phrase of phrases) {
        // Counting stops at commonRows: a common word's bound uses that floor, which only raises
        // it, until a combination needs it lower (TopRows.lower).
        const rows = countMatches(ctx, phrase, commonRows);
        words.push({ phrase, rows, exact: rows < commonRows, bound: boundOf(rows, total) });
        // Too many common words already (a pasted paragraph): the rest need not be counted.
        if (words.filter((word) => word.rows >= commonRows).length > MAX_COMMON) return null;
      }
      const common = words.filter((word) => word.rows >= commonRows);
      const rare = words.filter((word) => word.rows < commonRows);
      if (common.length === 0) return null;
      // Nothing rarer to set the cut, and each combination's statement reads every common word's
      // rows to weigh it (FTS5 counts a phrase's rows for its idf): with three or more, measured
      // on the search bench, the combinations cost as much as the plain query.
      if (rare.length === 0 && common.length >= 3) return null;
      return new TopRows(ctx, total, cut, options.stats).collect(rare, common);
    })
    .deferred();
}

const anyOf = (words: readonly Word[]): string => `(${words.map((word) => word.phrase).join(' OR ')})`;
const allOf = (words: readonly Word[]): string => `(${words.map((word) => word.phrase).join(' AND ')})`;

/** The best rows found so far, and the statements that find them. */
class TopRows {
  private readonly found = new Map<number, number>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly total: number,
    private readonly cut: number,
    private readonly stats: { skipped: number } | undefined,
  ) {}

  collect(rare: readonly Word[], common: readonly Word[]): RankedRow[] {
    if (rare.length > 0) {
      this.add(`${anyOf(rare)} AND ${anyOf(common)}`);
      this.add(`${anyOf(rare)} NOT ${anyOf(common)}`);
    }
    // Rows with common words only: each combination of them, with every other word excluded, the
    // highest bound first (a larger combination before its parts), so that the cut rises early.
    for (const held of combinations(common)) {
      // Strictly below the cut: such rows cannot displace any row kept.
      const threshold = this.threshold();
      if (this.lower(held, threshold) < threshold) {
        if (this.stats) this.stats.skipped += 1;
        continue;
      }
      const excluded = [...rare, ...common.filter((word) => !held.includes(word))];
      this.add(excluded.length > 0 ? `${allOf(held)} NOT ${anyOf(excluded)}` : allOf(held));
    }
    return this.best();
  }

  /**
   * The bound of rows holding `held` (and no other word of the query), lowered where it would reach
   * `threshold` only because a word's rows were not all counted: each such word is counted further,
   * just far enough to bring the bound below it (or to its exact count). Counting a word's rows
   * costs less than the statement that would score them, which reads them all and counts each
   * phrase's rows again for its idf.
   */
  private lower(held: readonly Word[], threshold: number): number {
    const sum = (): number => held.reduce((total, word) => total + word.bound, 0);
    if (threshold === -Infinity) return sum();
    for (const word of held) {
      if (sum() < threshold) break;
      if (word.exact) continue;
      const needed = rowsForBound(threshold - (sum() - word.bound), this.total);
      const upTo = needed === null || needed <= word.rows ? this.total + 1 : needed;
      const rows = countMatches(this.ctx, word.phrase, upTo);
      word.exact = rows < upTo;
      word.rows = rows;
      word.bound = boundOf(rows, this.total);
    }
    return sum();
  }

  /** The score a row must beat to enter the top `cut`; -Infinity until `cut` rows are found. */
  private threshold(): number {
    const best = this.best();
    return best.length < this.cut ? -Infinity : -best[this.cut - 1]!.rank;
  }

  private add(match: string): void {
    for (const row of rankedRows(this.ctx, match, this.cut)) this.found.set(row.chunkId, row.rank);
  }

  private best(): RankedRow[] {
    return [...this.found]
      .map(([chunkId, rank]) => ({ chunkId, rank }))
      .sort((a, b) => a.rank - b.rank || a.chunkId - b.chunkId)
      .slice(0, this.cut);
  }
}

/** Every non-empty subset of `words`, the highest sum of their bounds first. */
function combinations(words: readonly Word[]): Word[][] {
  const subsets: Array<{ held: Word[]; bound: number }> = [];
  for (let mask = 1; mask < 1 << words.length; mask += 1) {
    const held = words.filter((_, i) => (mask & (1 << i)) !== 0);
    subsets.push({ held, bound: held.reduce((sum, word) => sum + word.bound, 0) });
  }
  return subsets.sort((a, b) => b.bound - a.bound).map((subset) => subset.held);
}
