/**
 * Search filters: their API schema, and their resolution into what the store's SQL applies.
 *
 * Pure code. The filters of the query syntax (search-query.ts) and the structured ones (API, CLI
 * options, the search panel's controls) are resolved together: lists add up, times keep the
 * stricter bound.
 */
import { z } from 'zod';
import type { SearchFilters } from './search-query';
import { timeProblem } from './search-query';
import { parseTime } from './task-query';

/** Kinds a person may name instead of extensions; any other `type:` value is an extension. */
export const FILE_KINDS: Readonly<Record<string, readonly string[]>> = {
  pdf: ['pdf'],
  md: ['md', 'markdown'],
  markdown: ['md', 'markdown'],
  word: ['docx'],
  docx: ['docx'],
  excel: ['xlsx'],
  spreadsheet: ['xlsx', 'ods', 'csv'],
  powerpoint: ['pptx'],
  slides: ['pptx', 'odp'],
  html: ['html', 'htm', 'xhtml'],
  htm: ['html', 'htm', 'xhtml'],
  text: ['txt', 'text'],
  txt: ['txt', 'text'],
  email: ['eml', 'mbox'],
  mail: ['eml', 'mbox'],
  ebook: ['epub'],
};

/** A folder filter: a file in or below an absolute folder, or in a folder with that name. */
export interface FolderFilter {
  kind: 'prefix' | 'segment';
  /** The folder with a trailing separator (prefix), or `/name/` (segment). */
  value: string;
}

/** A path filter: a case-insensitive substring, or a GLOB against the whole path. */
export interface PathFilter {
  kind: 'substring' | 'glob';
  /** Lower-cased substring, or the glob (anchored at the path's end; `*` put before it if needed). */
  value: string;
}

/** Filters ready for SQL; empty lists and null times do not filter. */
export interface ResolvedSearchFilters {
  /** Any of these. */
  folders: FolderFilter[];
  /** Lower-case extensions without the dot; any of these. */
  extensions: string[];
  /** Every one of these. */
  paths: PathFilter[];
  /** Modified at or after (epoch ms). */
  after: number | null;
  /** Modified before (epoch ms). */
  before: number | null;
  /** Phrases every chunk must contain (FTS5 phrase match). */
  phrases: string[];
}

const EXTENSION = /^\.?([a-z0-9]{1,16})$/;
const GLOB_CHARS = /[*?[]/;

const listSchema = (max: number) => z.array(z.string().trim().min(1).max(max)).max(32);
const timeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((value) => parseTime(value, 0) !== null, { error: (issue) => timeProblem('time', String(issue.input)) });

/** The API's schema of structured filters (`search:query`'s `filters`). */
export const searchFiltersSchema = z
  .object({
    folder: listSchema(4096).optional(),
    type: listSchema(32).optional(),
    path: listSchema(1000).optional(),
    after: timeSchema.optional(),
    before: timeSchema.optional(),
  })
  .strict();

/** True when the resolved filters narrow anything. */
export function hasFilters(filters: ResolvedSearchFilters): boolean {
  return (
    filters.folders.length + filters.extensions.length + filters.paths.length + filters.phrases.length > 0 ||
    filters.after !== null ||
    filters.before !== null
  );
}

/** Resolves every source of filters into one; problems (unknown type, bad time) go to `errors`. */
export function resolveSearchFilters(
  parts: readonly SearchFilters[],
  phrases: readonly string[],
  now: number,
): { filters: ResolvedSearchFilters; errors: string[] } {
  const errors: string[] = [];
  const filters: ResolvedSearchFilters = { folders: [], extensions: [], paths: [], after: null, before: null, phrases: [...phrases] };
  const add = <T>(list: T[], item: T, same: (a: T) => boolean): void => {
    if (!list.some(same)) list.push(item);
  };
  for (const part of parts) {
    for (const folder of part.folder ?? []) {
      const resolved = toFolderFilter(folder);
      add(filters.folders, resolved, (one) => one.kind === resolved.kind && one.value === resolved.value);
    }
    for (const type of part.type ?? []) {
      const lower = type.trim().toLowerCase();
      const extensions = FILE_KINDS[lower] ?? [EXTENSION.exec(lower)?.[1]].filter((one) => one !== undefined);
      if (extensions.length === 0) errors.push(`type: "${type}" is not an extension (pdf, md, docx, …) or a kind (word, excel, email, …)`);
      for (const extension of extensions) add(filters.extensions, extension, (one) => one === extension);
    }
    for (const path of part.path ?? []) {
      const resolved = toPathFilter(path);
      add(filters.paths, resolved, (one) => one.kind === resolved.kind && one.value === resolved.value);
    }
    for (const key of ['after', 'before'] as const) {
      const value = part[key];
      if (value === undefined) continue;
      const at = parseTime(value, now);
      if (at === null) errors.push(timeProblem(key, value));
      else if (key === 'after') filters.after = Math.max(filters.after ?? -Infinity, at);
      else filters.before = Math.min(filters.before ?? Infinity, at);
    }
  }
  return { filters, errors };
}

/** Windows paths use `\`: a folder written with it is matched with it. */
function separatorOf(path: string): string {
  return path.includes('\\') && !path.includes('/') ? '\\' : '/';
}

function toFolderFilter(folder: string): FolderFilter {
  const sep = separatorOf(folder);
  const trimmed = folder.trim().replace(/[\\/]+$/u, '');
  const absolute = folder.startsWith('/') || folder.startsWith('\\') || /^[A-Za-z]:[\\/]/u.test(folder);
  if (absolute) return { kind: 'prefix', value: `${trimmed}${sep}` };
  // A bare name (or a relative path such as `work/notes`): a folder of that name anywhere.
  return { kind: 'segment', value: `${sep}${trimmed.replace(/^[\\/]+/u, '')}${sep}` };
}

function toPathFilter(pattern: string): PathFilter {
  const value = pattern.trim();
  if (!GLOB_CHARS.test(value)) return { kind: 'substring', value: value.toLowerCase() };
  const anchored = value.startsWith('/') || value.startsWith('*') || /^[A-Za-z]:/u.test(value);
  return { kind: 'glob', value: anchored ? value : `*${value}` };
}
