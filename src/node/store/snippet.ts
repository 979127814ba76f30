/**
 * Snippets: a short window of a chunk around the query's terms, with the matches marked.
 *
 * Pure code. Matching ignores case and diacritics, like the FTS5 tokenizer (remove_diacritics 2),
 * and a term must start a word ("cat" marks "cats", not "concatenate").
 */
import type { SearchHit } from '../../shared/monitor-types';
import type { ChunkHit } from './store-types';

/** Characters in a snippet (before the ellipses). */
export const SNIPPET_WIDTH = 240;
/** Context kept before the first match of the chosen window. */
const LEAD = 40;
/** How far a window edge may move to land on a space rather than inside a word. */
const SNAP = 20;
/** Matches considered when choosing the window; enough for any chunk a person reads. */
const MAX_MATCHES = 500;

const WORD = /[\p{L}\p{N}]+/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** A snippet and the [start, end) ranges of query terms in it. */
export interface Snippet {
  snippet: string;
  highlights: Array<[number, number]>;
}

interface Match {
  start: number;
  end: number;
  term: string;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The distinct folded words of a query, longest first (so a longer term wins an overlap). */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const match of fold(query).matchAll(WORD)) terms.add(match[0]);
  return [...terms].sort((a, b) => b.length - a.length);
}

/** Folds text code point by code point, keeping where each folded unit came from. */
function foldWithMap(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const piece = fold(char);
    folded += piece;
    for (let i = 0; i < piece.length; i += 1) origin.push(index);
    index += char.length;
  }
  origin.push(text.length);
  return { folded, origin };
}

function findMatches(text: string, terms: readonly string[]): Match[] {
  const { folded, origin } = foldWithMap(text);
  const found: Match[] = [];
  for (const term of terms) {
    for (let at = folded.indexOf(term); at !== -1 && found.length < MAX_MATCHES; at = folded.indexOf(term, at + 1)) {
      if (at > 0 && WORD_CHAR.test(folded[at - 1] ?? '')) continue;
      // origin has one entry per folded unit plus the end, so both lookups are in range.
      found.push({ start: origin[at]!, end: origin[at + term.length]!, term });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Match[] = [];
  for (const match of found) {
    const last = kept.at(-1);
    if (!last || match.start >= last.end) kept.push(match);
  }
  return kept;
}

/** The window start whose SNIPPET_WIDTH characters cover the most distinct terms, then matches. */
function bestStart(matches: readonly Match[], length: number): number {
  let best = 0;
  let bestScore = -1;
  for (const anchor of matches) {
    const start = Math.max(0, Math.min(anchor.start - LEAD, length - SNIPPET_WIDTH));
    const inside = matches.filter((m) => m.start >= start && m.end <= start + SNIPPET_WIDTH);
    const score = new Set(inside.map((m) => m.term)).size * 10_000 + inside.length;
    if (score > bestScore) {
      bestScore = score;
      best = start;
    }
  }
  return best;
}

/** Cuts a window of about SNIPPET_WIDTH characters around the best match of the query's terms. */
export function makeSnippet(text: string, query: string): Snippet {
  const clean = text.replace(/\s+/gu, ' ').trim();
  const matches = findMatches(clean, queryTerms(query));
  let start = 0;
  let end = clean.length;
  if (clean.length > SNIPPET_WIDTH) {
    start = bestStart(matches, clean.length);
    end = start + SNIPPET_WIDTH;
    const inside = matches.filter((m) => m.start >= start && m.end <= end);
    const firstMatch = inside[0]?.start ?? end;
    const lastMatch = inside.at(-1)?.end ?? start;
    // Move the edges to spaces, never past a match inside the window.
    if (start > 0) {
      const space = clean.indexOf(' ', start);
      if (space !== -1 && space < Math.min(start + SNAP, firstMatch)) start = space + 1;
    }
    if (end < clean.length) {
      const space = clean.lastIndexOf(' ', end);
      if (space > Math.max(end - SNAP, lastMatch)) end = space;
    }
  }
  const prefix = start > 0 ? '…' : '';
  const snippet = prefix + clean.slice(start, end) + (end < clean.length ? '…' : '');
  const highlights = matches
    .filter((m) => m.start >= start && m.end <= end)
    .map((m): [number, number] => [m.start - start + prefix.length, m.end - start + prefix.length]);
  return { snippet, highlights };
}

/** A store hit as the monitor shows it: the snippet replaces the chunk's full text. */
export function toSearchHit(hit: ChunkHit, query: string): SearchHit {
  const { snippet, highlights } = makeSnippet(hit.text, query);
  return {
    path: hit.path,
    score: hit.score,
    snippet,
    highlights,
    chunkIndex: hit.idx,
    lineStart: hit.lineStart,
    lineEnd: hit.lineEnd,
    page: hit.page,
  };
}
