// The SQL side of filters and the FTS5 expressions of the keyword ranking (pure string building;
// the integration tests run them against SQLite).
import { describe, expect, it } from 'vitest';
import { resolveSearchFilters } from '../../src/shared/search-filters';
import { ftsMatch } from '../../src/node/store/search';
import { filterSql } from '../../src/node/store/search-filter';

describe('ftsMatch', () => {
  it('needs every word in "all" mode and any meaningful word in "any" mode', () => {
    expect(ftsMatch('where is frobnicate_widget42', [], 'all')).toBe('("where" "is" "frobnicate_widget42")');
    expect(ftsMatch('where is frobnicate_widget42', [], 'any')).toBe('("frobnicate_widget42")');
    expect(ftsMatch('to be or not', [], 'any')).toBe('("to" OR "be" OR "or" OR "not")');
  });

  it('requires phrases, quoted so that FTS5 syntax in them is text', () => {
    expect(ftsMatch('fresh fish keeper', ['fresh fish', 'say "hi" NEAR('], 'any')).toBe(
      '"fresh fish" AND "say ""hi"" NEAR(" AND ("fresh" OR "fish" OR "keeper")',
    );
    expect(ftsMatch('', ['only this', '!!'], 'any')).toBe('"only this"');
    expect(ftsMatch(' ... ', [], 'any')).toBe('');
  });
});

describe('filterSql', () => {
  it('is empty without filters', () => {
    expect(filterSql(undefined)).toEqual({ sql: '', params: [] });
    expect(filterSql(resolveSearchFilters([], [], 0).filters)).toEqual({ sql: '', params: [] });
  });

  it('puts each filter in a parameterised condition, lists as OR and paths as AND', () => {
    const { filters } = resolveSearchFilters(
      [{ folder: ['/a', 'b'], type: ['md'], path: ['x', '*.md'], after: '1000000000000', before: '2000000000000' }],
      ['some phrase'],
      0,
    );
    const where = filterSql(filters);
    expect(where.sql).toBe(
      ' AND (substr(d.path, 1, length(?)) = ? OR instr(d.path, ?) > 0)' +
        ' AND (lower(d.path) LIKE ? OR lower(d.path) LIKE ?)' +
        ' AND instr(lower(d.path), ?) > 0 AND d.path GLOB ?' +
        ' AND d.mtime_ms >= ? AND d.mtime_ms < ?' +
        ' AND c.id IN (SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?)',
    );
    expect(where.params).toEqual(['/a/', '/a/', '/b/', '%.md', '%.markdown', 'x', '*.md', 1e12, 2e12, '"some phrase"']);
    expect(filterSql(filters, false).sql).not.toContain('chunks_fts');
  });
});
