import { describe, expect, it } from 'vitest';
import {
  groupByFile,
  nearDuplicate,
  normalizePassage,
  PASSAGES_PER_FILE,
  relevanceFloor,
  VECTOR_FLOOR,
  type GroupableHit,
} from '../../src/shared/search-grouping';

const hit = (path: string, score: number, text = `${path} ${score}`): GroupableHit => ({ path, score, text });
const shape = (groups: ReturnType<typeof groupByFile<GroupableHit>>): Array<[string, number, number[]]> =>
  groups.map((group) => [group.path, group.score, group.passages.map((passage) => passage.score)]);

describe('groupByFile', () => {
  it('gives one entry per file, ordered by its best chunk, with its passages best first', () => {
    const hits = [hit('a', 0.9), hit('b', 0.8), hit('a', 0.7), hit('c', 0.6), hit('b', 0.5), hit('a', 0.4)];
    expect(shape(groupByFile(hits, { files: 10, mode: 'hybrid' }))).toEqual([
      ['a', 0.9, [0.9, 0.7, 0.4]],
      ['b', 0.8, [0.8, 0.5]],
      ['c', 0.6, [0.6]],
    ]);
  });

  it('sorts chunks given out of order, and keeps the given order of equal scores (a browse: all 0)', () => {
    expect(shape(groupByFile([hit('b', 0.2), hit('a', 0.9), hit('b', 0.95)], { files: 5, mode: 'keyword' }))).toEqual([
      ['b', 0.95, [0.95, 0.2]],
      ['a', 0.9, [0.9]],
    ]);
    const browse = [hit('new', 0, 'one'), hit('old', 0, 'two'), hit('new', 0, 'three')];
    expect(groupByFile(browse, { files: 5, mode: 'hybrid' }).map((group) => group.path)).toEqual(['new', 'old']);
  });

  it('returns at most `files` files and `passages` passages per file', () => {
    const hits = Array.from({ length: 30 }, (_, i) => hit(`f${i % 6}`, 1 - i / 100));
    const groups = groupByFile(hits, { files: 4, mode: 'hybrid', passages: 2 });
    expect(groups.map((group) => group.path)).toEqual(['f0', 'f1', 'f2', 'f3']);
    expect(groups.every((group) => group.passages.length === 2)).toBe(true);
    expect(groupByFile(hits, { files: 1, mode: 'hybrid' })[0]?.passages).toHaveLength(PASSAGES_PER_FILE);
  });

  it('collapses near-identical passages of one file, not of two files', () => {
    const boilerplate = 'Copyright 2024 ACME Corp. All rights reserved. Confidential.';
    const hits = [
      hit('a', 0.9, boilerplate),
      hit('a', 0.8, `  copyright 2024 acme corp — all rights reserved;\nconfidential `),
      hit('b', 0.7, boilerplate),
      hit('a', 0.6, 'A different paragraph about the quarterly lighthouse budget.'),
    ];
    expect(shape(groupByFile(hits, { files: 10, mode: 'hybrid' }))).toEqual([
      ['a', 0.9, [0.9, 0.6]],
      ['b', 0.7, [0.7]],
    ]);
  });

  it('in vector mode, drops chunks past the first `files` below the floor, and files left with none', () => {
    const hits = [hit('a', 0.8), hit('a', 0.5), hit('c', 0.19), hit('b', 0.15), hit('d', 0.1)];
    expect(shape(groupByFile(hits, { files: 2, mode: 'vector' }))).toEqual([['a', 0.8, [0.8, 0.5]]]);
    // A chunk among the first `files` stays, however low: a chunk search would show it.
    expect(shape(groupByFile([hit('a', 0.8), hit('b', 0.1), hit('c', 0.05)], { files: 2, mode: 'vector' }))).toEqual([
      ['a', 0.8, [0.8]],
      ['b', 0.1, [0.1]],
    ]);
    // The same scores in the other modes: no floor.
    expect(groupByFile(hits, { files: 2, mode: 'hybrid' }).map((group) => group.path)).toEqual(['a', 'c']);
    expect(groupByFile(hits, { files: 10, mode: 'keyword' })).toHaveLength(4);
  });

  it('gives nothing for no chunks', () => {
    expect(groupByFile([], { files: 10, mode: 'vector' })).toEqual([]);
  });
});

describe('relevanceFloor', () => {
  it('is a fraction of a positive top score in vector mode only', () => {
    expect(relevanceFloor('vector', 0.8)).toBeCloseTo(0.8 * VECTOR_FLOOR);
    expect(relevanceFloor('vector', 0)).toBe(Number.NEGATIVE_INFINITY);
    expect(relevanceFloor('hybrid', 0.8)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('near-identical passages', () => {
  it('compares words only, ignoring case, diacritics, punctuation and spacing', () => {
    expect(normalizePassage('  Café — au LAIT!\n\n(2 cups) ')).toBe('cafe au lait 2 cups');
  });

  it('counts passages sharing nearly all their words as the same, and others not', () => {
    const long = normalizePassage('the keeper fed seventeen hungry cats fresh fish during the long winter storm at night');
    expect(
      nearDuplicate(long, normalizePassage('The keeper fed seventeen hungry cats fresh fish during the long winter storm at night.')),
    ).toBe(true);
    expect(nearDuplicate(long, `${long} again`)).toBe(true);
    expect(nearDuplicate(long, normalizePassage('the keeper fed the dogs'))).toBe(false);
  });
});
