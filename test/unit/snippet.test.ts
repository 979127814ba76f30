import { describe, expect, it } from 'vitest';
import { makeSnippet, queryTerms, SNIPPET_WIDTH } from '../../src/node/store/snippet';
import { toFtsQuery } from '../../src/node/store/search';

function marked(result: { snippet: string; highlights: Array<[number, number]> }): string[] {
  return result.highlights.map(([start, end]) => result.snippet.slice(start, end));
}

describe('makeSnippet', () => {
  it('returns a short text whole, with every query term marked', () => {
    const result = makeSnippet('The quick brown fox jumps over the lazy dog', 'fox DOG');
    expect(result.snippet).toBe('The quick brown fox jumps over the lazy dog');
    expect(marked(result)).toEqual(['fox', 'dog']);
  });

  it('cuts a window around the densest match of a long text, with ellipses and shifted ranges', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(30);
    const text = `${filler}the turbine blade cracked near the turbine hub ${filler}`;
    const result = makeSnippet(text, 'turbine hub');
    expect(result.snippet.startsWith('…')).toBe(true);
    expect(result.snippet.endsWith('…')).toBe(true);
    expect(result.snippet.length).toBeLessThanOrEqual(SNIPPET_WIDTH + 2);
    expect(marked(result)).toEqual(['turbine', 'turbine', 'hub']);
  });

  it('prefers the window holding more distinct terms over an earlier single match', () => {
    const text = `alpha ${'x '.repeat(200)} alpha beta gamma ${'y '.repeat(200)}`;
    const result = makeSnippet(text, 'alpha beta gamma');
    expect(marked(result)).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('matches regardless of case and diacritics, and only at word starts', () => {
    const result = makeSnippet('Le Café de Flore; concatenate the cats', 'cafe CAT');
    expect(marked(result)).toEqual(['Café', 'cat']);
    expect(result.snippet.slice(...result.highlights[1]!)).toBe('cat');
    expect(result.highlights[1]![0]).toBe(result.snippet.indexOf('cats'));
  });

  it('marks both parts of an identifier split by punctuation', () => {
    const result = makeSnippet('call frobnicate_widget42(x) here', 'frobnicate_widget42');
    expect(marked(result)).toEqual(['frobnicate', 'widget42']);
  });

  it('collapses whitespace and returns the start of the text when nothing matches', () => {
    const text = `first\n\n  line ${'word '.repeat(100)}`;
    const result = makeSnippet(text, 'absent');
    expect(result.snippet.startsWith('first line word')).toBe(true);
    expect(result.highlights).toEqual([]);
  });
});

describe('queryTerms and toFtsQuery', () => {
  it('folds query words and orders them longest first', () => {
    expect(queryTerms('Zoë  zoe the-thing')).toEqual(['thing', 'zoe', 'the']);
  });

  it('quotes every term so that FTS5 syntax in the query is plain text', () => {
    expect(toFtsQuery('a OR b')).toBe('"a" "OR" "b"');
    expect(toFtsQuery('say "hi" col:x* -- !!')).toBe('"say" """hi""" "col:x*"');
    expect(toFtsQuery('  ...  ')).toBe('');
  });
});
