import { describe, expect, it } from 'vitest';
import type { FileSearchHit, SearchPassage } from '../../src/shared/monitor-types';
import {
  markTerms,
  onServerMachine,
  placeOf,
  placeText,
  queryTerms,
  relevancePercent,
  stepPassage,
  visiblePassages,
} from '../../src/renderer/state/search-results';

function passage(chunkIndex: number): SearchPassage {
  return { score: 1, snippet: '', highlights: [], chunkIndex, lineStart: null, lineEnd: null, page: null };
}

function file(path: string, passages: number): FileSearchHit {
  return { path, score: 1, passages: Array.from({ length: passages }, (_, index) => passage(index)) };
}

describe('the passages the arrow keys visit', () => {
  const results = [file('/a', 3), file('/b', 1), file('/c', 2)];

  it('are each file’s best passage, and every passage of an expanded file', () => {
    expect(visiblePassages(results, new Set())).toEqual([
      { file: 0, passage: 0 },
      { file: 1, passage: 0 },
      { file: 2, passage: 0 },
    ]);
    expect(visiblePassages(results, new Set(['/a']))).toEqual([
      { file: 0, passage: 0 },
      { file: 0, passage: 1 },
      { file: 0, passage: 2 },
      { file: 1, passage: 0 },
      { file: 2, passage: 0 },
    ]);
  });

  it('are stepped through in order, stopping at both ends', () => {
    const keys = visiblePassages(results, new Set(['/a']));
    expect(stepPassage(keys, null, 1)).toEqual({ file: 0, passage: 0 });
    expect(stepPassage(keys, { file: 0, passage: 2 }, 1)).toEqual({ file: 1, passage: 0 });
    expect(stepPassage(keys, { file: 1, passage: 0 }, -1)).toEqual({ file: 0, passage: 2 });
    expect(stepPassage(keys, { file: 2, passage: 0 }, 1)).toEqual({ file: 2, passage: 0 });
    expect(stepPassage(keys, { file: 0, passage: 0 }, -1)).toEqual({ file: 0, passage: 0 });
    // A selection that is no longer shown (its file collapsed) starts again from the top.
    expect(stepPassage(visiblePassages(results, new Set()), { file: 0, passage: 2 }, 1)).toEqual({ file: 0, passage: 0 });
    expect(stepPassage([], null, 1)).toBeNull();
  });
});

describe('relevance on one scale', () => {
  it('is a percentage of the best result, whatever the mode’s raw scale', () => {
    // bm25 has no upper bound, cosine similarity tops at 1, fused ranks at 1.
    expect(relevancePercent(9.05, 9.05)).toBe(100);
    expect(relevancePercent(4.5, 9.05)).toBe(50);
    expect(relevancePercent(0.3, 0.6)).toBe(50);
    expect(relevancePercent(-0.2, 0.6)).toBe(0);
    expect(relevancePercent(1, 0)).toBe(0);
    expect(relevancePercent(Number.NaN, 1)).toBe(0);
  });
});

describe('the words a preview marks', () => {
  it('are the query’s words and phrases without filters or stop words', () => {
    expect(queryTerms('the lighthouse Keeper "brass astrolabe" type:pdf after:2025-01-01')).toEqual([
      'lighthouse',
      'keeper',
      'brass',
      'astrolabe',
    ]);
    expect(queryTerms('type:pdf')).toEqual([]);
  });

  it('mark the words they start, in any case, and nothing inside other words', () => {
    const parts = markTerms('Keepers kept the lighthouse; a beekeeper did not.', ['keeper', 'lighthouse']);
    expect(parts.filter((part) => part.match).map((part) => part.text)).toEqual(['Keepers', 'lighthouse']);
    expect(parts.map((part) => part.text).join('')).toBe('Keepers kept the lighthouse; a beekeeper did not.');
    // Terms are text, not patterns.
    expect(markTerms('cxd c.d', ['c.d']).filter((part) => part.match)).toEqual([{ text: 'c.d', match: true }]);
    expect(markTerms('plain', [])).toEqual([{ text: 'plain', match: false }]);
    expect(markTerms('', ['x'])).toEqual([]);
  });
});

describe('a passage’s place', () => {
  it('names its page, else its lines', () => {
    expect(placeText({ page: 3, lineStart: null, lineEnd: null })).toBe('page 3');
    expect(placeText({ page: null, lineStart: 10, lineEnd: 14 })).toBe('lines 10–14');
    expect(placeText({ page: null, lineStart: 7, lineEnd: 7 })).toBe('line 7');
    expect(placeText({ page: null, lineStart: null, lineEnd: null })).toBe('');
    expect(placeOf({ page: 3, lineStart: 1 })).toEqual({ page: 3 });
    expect(placeOf({ page: null, lineStart: 12 })).toEqual({ line: 12 });
    expect(placeOf({ page: null, lineStart: null })).toEqual({});
  });
});

describe('opening a file where the page runs', () => {
  it('is offered in the window, and in a browser only on a loopback address', () => {
    expect(onServerMachine('electron', 'anything')).toBe(true);
    expect(onServerMachine('web', '127.0.0.1')).toBe(true);
    expect(onServerMachine('web', 'localhost')).toBe(true);
    expect(onServerMachine('web', '[::1]')).toBe(true);
    expect(onServerMachine('web', '192.168.1.20')).toBe(false);
    expect(onServerMachine('web', 'workstation.example.org')).toBe(false);
    expect(onServerMachine('web', '127.0.0.1.example.org')).toBe(false);
  });
});
