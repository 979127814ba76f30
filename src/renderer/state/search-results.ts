/**
 * What the search view derives from a search by file (pure: unit-tested in Node): the passages a
 * person can step through with the arrow keys, one relevance scale for every mode, and the query's
 * words to mark in a preview.
 */
import type { FileSearchHit, SearchPassage } from '../../shared/monitor-types';
import { parseSearchQuery } from '../../shared/search-query';
import { isStopWord } from '../../shared/stop-words';
import type { SnippetPart } from '../format';

/** A passage's place in the results: its file's index and its index among the file's passages. */
export interface PassageKey {
  file: number;
  passage: number;
}

/** Whether two keys name the same passage. */
export function samePassage(a: PassageKey | null, b: PassageKey | null): boolean {
  return a !== null && b !== null && a.file === b.file && a.passage === b.passage;
}

/**
 * The passages shown, in the order the arrow keys visit them: each file's best passage, and its
 * other passages when the file is expanded.
 */
export function visiblePassages(results: readonly FileSearchHit[], expanded: ReadonlySet<string>): PassageKey[] {
  const keys: PassageKey[] = [];
  results.forEach((hit, file) => {
    const shown = expanded.has(hit.path) ? hit.passages.length : Math.min(1, hit.passages.length);
    for (let passage = 0; passage < shown; passage++) keys.push({ file, passage });
  });
  return keys;
}

/** The key `step` places away from `current` among the visible ones (clamped), or the first one. */
export function stepPassage(keys: readonly PassageKey[], current: PassageKey | null, step: number): PassageKey | null {
  if (keys.length === 0) return null;
  const at = keys.findIndex((key) => samePassage(key, current));
  if (at === -1) return keys[0] ?? null;
  return keys[Math.max(0, Math.min(keys.length - 1, at + step))] ?? null;
}

/**
 * A result's relevance as a percentage of the best result of the same search. Each mode scores
 * on its own scale (cosine similarity, bm25, fused ranks), so a raw score means nothing across
 * modes; compared with the best hit of the search, 100 % always means "as good as the top one".
 */
export function relevancePercent(score: number, best: number): number {
  if (!(best > 0) || !Number.isFinite(score)) return 0;
  return Math.max(0, Math.min(100, Math.round((score / best) * 100)));
}

/** The words of a query worth marking in a preview: filters and stop words left out, lower case. */
export function queryTerms(query: string): string[] {
  const parsed = parseSearchQuery(query);
  const words =
    [parsed.text, ...parsed.phrases]
      .join(' ')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((word) => word.length > 1 && !isStopWord(word)))];
}

/** Splits text into the parts that start with one of `terms` (whole words or their start, any case) and the rest. */
export function markTerms(text: string, terms: readonly string[]): SnippetPart[] {
  if (terms.length === 0 || text === '') return text === '' ? [] : [{ text, match: false }];
  const escaped = [...terms].sort((a, b) => b.length - a.length).map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // A term marks the word it starts (keeper -> keepers), as the keyword search's stemming would match it.
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})[\\p{L}\\p{N}]*`, 'giu');
  const parts: SnippetPart[] = [];
  let cursor = 0;
  for (const found of text.matchAll(pattern)) {
    const start = found.index;
    if (start > cursor) parts.push({ text: text.slice(cursor, start), match: false });
    parts.push({ text: found[0], match: true });
    cursor = start + found[0].length;
  }
  if (cursor < text.length) parts.push({ text: text.slice(cursor), match: false });
  return parts;
}

/** Where a passage sits in its file, as a person reads it: `page 3`, `lines 10–14`, `line 7`, or ''. */
export function placeText(passage: Pick<SearchPassage, 'page' | 'lineStart' | 'lineEnd'>): string {
  if (passage.page !== null) return `page ${passage.page}`;
  if (passage.lineStart === null) return '';
  return passage.lineEnd !== null && passage.lineEnd !== passage.lineStart
    ? `lines ${passage.lineStart}–${passage.lineEnd}`
    : `line ${passage.lineStart}`;
}

/** Where to open or preview a passage: its PDF page, else its first line (null values left out). */
export function placeOf(passage: Pick<SearchPassage, 'page' | 'lineStart'>): { line?: number; page?: number } {
  if (passage.page !== null) return { page: passage.page };
  return passage.lineStart !== null ? { line: passage.lineStart } : {};
}

/**
 * Whether the page runs on the machine whose files it shows: always in the desktop window; in a
 * browser, when the monitor was reached on a loopback address. Opening a file or showing it in its
 * folder acts on that machine, so elsewhere those actions would do nothing the user can see.
 */
export function onServerMachine(mode: 'electron' | 'web' | 'headless', hostname: string): boolean {
  if (mode !== 'web') return true;
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
