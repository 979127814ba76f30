/**
 * The search box's query language, parsed by a pure function shared by the supervisor, the CLI
 * and the renderer:
 *
 *   lighthouse keeper "fresh fish" type:pdf,md path:reports/ after:2025-01-01 before:2026-01-01 folder:/home/x
 *
 * - Bare words are ranked by both keyword (FTS5) and meaning (vectors).
 * - A `"quoted phrase"` must appear as is in every result; its words are ranked like the rest.
 * - `type:` (or `ext:`) an extension or a kind (`pdf`, `md`, `word`, `excel`, …); a comma list or a
 *   repeated key means any of them (a file has one type).
 * - `folder:` an absolute folder (the file is in it or below it) or a folder's name (a folder
 *   whose name it is, e.g. `folder:notes`); a list or repeats mean any of them.
 * - `path:` a substring of the path (case-insensitive), or a glob when it holds `*`, `?` or `[`
 *   (`*` also crosses `/`; a glob not starting with `/` or `*` matches anywhere: `*` is put before
 *   it). Repeating `path:` narrows: each must match.
 * - `after:` / `before:` the file's modification time: `YYYY-MM-DD[THH:MM[:SS]]` (local time),
 *   `today`, `yesterday`, an age (`7d`, `2h`) or epoch ms, as in the tasks view. A date means its
 *   midnight: `after:` includes that day, `before:` excludes it.
 * Any other `key:value` (a URL, `12:30`, `ENOENT:`) is plain text.
 */
import { parseTime } from './task-query';

/** How results are ranked: both rankings fused (the default), or one of them alone. */
export const SEARCH_MODES = ['hybrid', 'keyword', 'vector'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

/** Structured filters, as the API and the CLI take them; absent fields do not filter. */
export interface SearchFilters {
  /** Any of these folders (absolute path: in or below it; a bare name: a folder of that name). */
  folder?: string[];
  /** Any of these extensions or kinds. */
  type?: string[];
  /** Every one of these path patterns (substring, or glob with `*`, `?`, `[`). */
  path?: string[];
  /** Modified at or after this time (same syntax as `after:`). */
  after?: string;
  /** Modified before this time. */
  before?: string;
}

/** What the search box held: the text to rank by, required phrases, filters and problems. */
export interface ParsedSearchQuery {
  /** The words to rank by: bare words and the words of quoted phrases, filters removed. */
  text: string;
  /** Quoted phrases, each of which every result must contain. */
  phrases: string[];
  filters: SearchFilters;
  /** What could not be understood (a bad date): the caller refuses the query with these. */
  errors: string[];
}

/** `key:value`, `key:"quoted value"`, `"a phrase"`, or a bare word (as the tasks view's). */
const TOKEN = /([A-Za-z]+):(?:"([^"]*)"|(\S*))|"([^"]*)"|(\S+)/g;

type ListKey = 'folder' | 'type' | 'path';
const LIST_KEYS: Record<string, ListKey> = { folder: 'folder', type: 'type', ext: 'type', path: 'path' };
const TIME_KEYS: Record<string, 'after' | 'before'> = { after: 'after', since: 'after', before: 'before', until: 'before' };

/** Parses a query; never throws (problems are listed in `errors`). */
export function parseSearchQuery(query: string): ParsedSearchQuery {
  const words: string[] = [];
  const phrases: string[] = [];
  const filters: SearchFilters = {};
  const errors: string[] = [];
  for (const match of query.matchAll(TOKEN)) {
    const [whole, rawKey, quotedValue, plainValue, phrase, word] = match;
    if (phrase !== undefined) {
      const clean = phrase.replace(/\s+/gu, ' ').trim();
      if (clean !== '') {
        phrases.push(clean);
        words.push(clean);
      }
      continue;
    }
    if (word !== undefined) {
      words.push(word);
      continue;
    }
    const key = (rawKey ?? '').toLowerCase();
    const value = (quotedValue ?? plainValue ?? '').trim();
    const timeKey = TIME_KEYS[key];
    const listKey = LIST_KEYS[key];
    if (timeKey === undefined && listKey === undefined) {
      words.push(whole);
      continue;
    }
    if (value === '') {
      errors.push(`${key}: needs a value`);
      continue;
    }
    if (timeKey !== undefined) {
      // Whether a time is readable does not depend on `now`: 0 keeps this function pure.
      if (parseTime(value, 0) === null) errors.push(timeProblem(key, value));
      // A repeated key: the last one wins here; resolveSearchFilters keeps the stricter of the
      // query's and the structured filters'.
      else filters[timeKey] = value;
      continue;
    }
    if (listKey === undefined) continue;
    // A quoted value is one value, commas and all (a folder may have a comma in its name); so is a
    // path pattern, quoted or not (file names hold commas more often than people list patterns).
    const values = listKey === 'path' || quotedValue !== undefined ? [value] : value.split(',').map((one) => one.trim());
    const list = (filters[listKey] ??= []);
    for (const one of values) if (one !== '' && !list.includes(one)) list.push(one);
  }
  return { text: words.join(' '), phrases, filters, errors };
}

/** The message for a time that cannot be read. */
export function timeProblem(key: string, value: string): string {
  return `${key}: "${value}" is not a time (examples: 2025-01-31, 2025-01-31T08:00, 7d, today)`;
}
