/**
 * Search filters as SQL conditions on `chunks c`, `documents d` and `sources s`, so that both
 * rankings apply them before their top-k cut, never after it (a filter applied to the top k would
 * return fewer than k results, or none).
 */
import type { ResolvedSearchFilters } from '../../shared/search-filters';
import type { Stmt, StoreContext } from './db-context';

/** SQL to append after a WHERE (each condition starts with AND) and its positional parameters. */
export interface FilterSql {
  sql: string;
  params: Array<string | number>;
}

/**
 * A statement for SQL with filter conditions: cached only without them. Each shape of filters
 * (how many folders, types, paths) is its own SQL text, and a client sending ever new shapes would
 * otherwise grow the connection's cache without bound; preparing one costs microseconds.
 */
export function filteredStmt<R>(ctx: StoreContext, sql: string, where: FilterSql): Stmt<R> {
  return where.sql === '' ? ctx.stmt<R>(sql) : ctx.db.prepare<unknown[], R>(sql);
}

/** Quotes a phrase for FTS5: inside double quotes, a double quote is doubled. */
export function ftsPhrase(phrase: string): string {
  return `"${phrase.replaceAll('"', '""')}"`;
}

/** Phrases that can match anything: one with no letter or digit tokenizes to nothing. */
export function searchablePhrases(phrases: readonly string[]): string[] {
  return phrases.filter((phrase) => /[\p{L}\p{N}]/u.test(phrase));
}

/**
 * The conditions of `filters`; phrases too unless `withPhrases` is false (the keyword ranking puts
 * them in its own MATCH instead).
 */
export function filterSql(filters: ResolvedSearchFilters | undefined, withPhrases = true): FilterSql {
  const parts: string[] = [];
  const params: Array<string | number> = [];
  if (!filters) return { sql: '', params };
  if (filters.folders.length > 0) {
    // substr/instr rather than LIKE: folder names may hold % and _, which LIKE takes for wildcards.
    const any = filters.folders.map((folder) => {
      if (folder.kind === 'segment') {
        params.push(folder.value);
        return 'instr(d.path, ?) > 0';
      }
      params.push(folder.value, folder.value);
      return 'substr(d.path, 1, length(?)) = ?';
    });
    parts.push(`(${any.join(' OR ')})`);
  }
  if (filters.extensions.length > 0) {
    // Extensions are [a-z0-9]+ (resolveSearchFilters checks): no LIKE wildcard can be in them.
    params.push(...filters.extensions.map((extension) => `%.${extension}`));
    parts.push(`(${filters.extensions.map(() => 'lower(d.path) LIKE ?').join(' OR ')})`);
  }
  for (const path of filters.paths) {
    params.push(path.value);
    parts.push(path.kind === 'glob' ? 'd.path GLOB ?' : 'instr(lower(d.path), ?) > 0');
  }
  if (filters.after !== null) {
    params.push(filters.after);
    parts.push('d.mtime_ms >= ?');
  }
  if (filters.before !== null) {
    params.push(filters.before);
    parts.push('d.mtime_ms < ?');
  }
  const phrases = withPhrases ? searchablePhrases(filters.phrases) : [];
  if (phrases.length > 0) {
    params.push(phrases.map(ftsPhrase).join(' AND '));
    parts.push('c.id IN (SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?)');
  }
  return { sql: parts.map((part) => ` AND ${part}`).join(''), params };
}
