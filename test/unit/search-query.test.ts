// The search box's query syntax and the resolution of filters into what the SQL applies.
import { describe, expect, it } from 'vitest';
import { apiInputs } from '../../src/shared/api';
import { hasFilters, resolveSearchFilters } from '../../src/shared/search-filters';
import { parseSearchQuery } from '../../src/shared/search-query';
import { withoutStopWords } from '../../src/shared/stop-words';
import { parseInput } from '../../src/shared/validate';

const NOW = new Date(2026, 5, 15, 12, 0, 0).getTime();

describe('parseSearchQuery', () => {
  it('takes the filters of the issue apart from the free text', () => {
    const parsed = parseSearchQuery('quarterly  figures type:pdf path:reports/ after:2025-01-01 before:2026-01-01 folder:/home/x');
    expect(parsed).toEqual({
      text: 'quarterly figures',
      phrases: [],
      filters: { type: ['pdf'], path: ['reports/'], after: '2025-01-01', before: '2026-01-01', folder: ['/home/x'] },
      errors: [],
    });
  });

  it('keeps quoted phrases as required phrases whose words are also ranked', () => {
    const parsed = parseSearchQuery('"fresh  fish" lighthouse "" "keeper');
    // An unclosed quote is part of its word, as in the tasks view.
    expect(parsed.phrases).toEqual(['fresh fish']);
    expect(parsed.text).toBe('fresh fish lighthouse "keeper');
  });

  it('reads quoted values, comma lists, aliases and repeats', () => {
    const parsed = parseSearchQuery('folder:"/home/x/My Docs" type:pdf,md ext:.docx TYPE:pdf path:a,b path:"c d" folder:notes');
    expect(parsed.filters).toEqual({ folder: ['/home/x/My Docs', 'notes'], type: ['pdf', 'md', '.docx'], path: ['a,b', 'c d'] });
    expect(parsed.text).toBe('');
  });

  it('leaves unknown keys, URLs and times of day as text', () => {
    const parsed = parseSearchQuery('https://example.com/a ENOENT: at 12:30 col:x');
    expect(parsed.text).toBe('https://example.com/a ENOENT: at 12:30 col:x');
    expect(parsed.filters).toEqual({});
  });

  it('lists what it cannot read instead of guessing', () => {
    expect(parseSearchQuery('x after:2025-13-01').errors).toEqual([expect.stringContaining('after: "2025-13-01" is not a time')]);
    expect(parseSearchQuery('x before:soon type:').errors).toEqual([expect.stringContaining('before: "soon"'), 'type: needs a value']);
  });
});

describe('resolveSearchFilters', () => {
  it('turns kinds into extensions, folders into prefixes or names, paths into substrings or globs', () => {
    const { filters, errors } = resolveSearchFilters(
      [
        {
          type: ['word', '.PDF', 'md'],
          folder: ['/home/x/', 'notes', 'C:\\Users\\x'],
          path: ['Reports/', '*.md', 'docs/*.txt', '/abs/[ab]*'],
        },
      ],
      ['exact words'],
      NOW,
    );
    expect(errors).toEqual([]);
    expect(filters.extensions).toEqual(['docx', 'pdf', 'md', 'markdown']);
    expect(filters.folders).toEqual([
      { kind: 'prefix', value: '/home/x/' },
      { kind: 'segment', value: '/notes/' },
      { kind: 'prefix', value: 'C:\\Users\\x\\' },
    ]);
    expect(filters.paths).toEqual([
      { kind: 'substring', value: 'reports/' },
      { kind: 'glob', value: '*.md' },
      { kind: 'glob', value: '*docs/*.txt' },
      { kind: 'glob', value: '/abs/[ab]*' },
    ]);
    expect(filters.phrases).toEqual(['exact words']);
  });

  it('keeps the stricter time of the query and the structured filters, in local time', () => {
    const { filters } = resolveSearchFilters(
      [
        { after: '2025-01-01', before: '2026-01-01' },
        { after: '2025-03-01', before: '2027-01-01' },
      ],
      [],
      NOW,
    );
    expect(filters.after).toBe(new Date(2025, 2, 1).getTime());
    expect(filters.before).toBe(new Date(2026, 0, 1).getTime());
    expect(resolveSearchFilters([{ after: '7d' }], [], NOW).filters.after).toBe(NOW - 7 * 86_400_000);
  });

  it('refuses a type that is neither an extension nor a kind', () => {
    expect(resolveSearchFilters([{ type: ['p%f'] }], [], NOW).errors).toEqual([expect.stringContaining('type: "p%f"')]);
  });

  it('says whether anything filters', () => {
    expect(hasFilters(resolveSearchFilters([{}], [], NOW).filters)).toBe(false);
    expect(hasFilters(resolveSearchFilters([{}], ['a b'], NOW).filters)).toBe(true);
    expect(hasFilters(resolveSearchFilters([{ before: 'today' }], [], NOW).filters)).toBe(true);
  });
});

describe('the search:query input', () => {
  it('takes a mode and structured filters, and refuses bad ones', () => {
    const parsed = parseInput(apiInputs['search:query'], { query: 'x', filters: { type: ['pdf'], after: '2025-01-01' } }, 'search');
    expect(parsed).toEqual({ query: 'x', k: 10, mode: 'hybrid', filters: { type: ['pdf'], after: '2025-01-01' } });
    expect(() => parseInput(apiInputs['search:query'], { query: 'x', mode: 'fuzzy' }, 'search')).toThrow(/mode/);
    expect(() => parseInput(apiInputs['search:query'], { query: 'x', filters: { after: 'soon' } }, 'search')).toThrow(/filters.after/);
    expect(() => parseInput(apiInputs['search:query'], { query: 'x', filters: { color: 'red' } }, 'search')).toThrow(/filters/);
  });
});

describe('withoutStopWords', () => {
  it('drops function words unless nothing else is left', () => {
    expect(withoutStopWords(['where', 'is', 'frobnicate_widget42', 'defined'])).toEqual(['frobnicate_widget42', 'defined']);
    expect(withoutStopWords(['to', 'be', 'or', 'not'])).toEqual(['to', 'be', 'or', 'not']);
    expect(withoutStopWords(['The', "don't"])).toEqual(["don't"]);
  });
});
