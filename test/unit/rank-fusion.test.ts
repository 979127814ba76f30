// Reciprocal rank fusion: scores from ranks alone, agreement beats a single first place, ties are stable.
import { describe, expect, it } from 'vitest';
import { fuseRankings, RRF_K } from '../../src/shared/rank-fusion';

const id = (item: string): string => item;

describe('fuseRankings', () => {
  it('sums weight / (k + rank) over the lists and normalises by the best possible score', () => {
    const fused = fuseRankings([{ items: ['a', 'b', 'c'] }, { items: ['b', 'd'] }], id);
    const best = 2 / (RRF_K + 1);
    expect(fused.map((one) => one.item)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]).toEqual({ item: 'b', score: (1 / (RRF_K + 2) + 1 / (RRF_K + 1)) / best, ranks: [2, 1] });
    expect(fused[1]!.score).toBeCloseTo(1 / (RRF_K + 1) / best, 12);
    expect(fused[3]).toMatchObject({ item: 'c', ranks: [3, null] });
    expect(fuseRankings([{ items: ['x'] }, { items: ['x'] }], id)[0]!.score).toBe(1);
  });

  it('ranks an item both lists hold in the middle above one that only one list holds first', () => {
    const keyword = ['only-kw', 'k2', 'k3', 'k4', 'both'];
    const vector = ['only-vec', 'v2', 'v3', 'v4', 'both'];
    expect(fuseRankings([{ items: keyword }, { items: vector }], id)[0]!.item).toBe('both');
  });

  it('breaks ties by the better single rank, then by the list met first', () => {
    const fused = fuseRankings([{ items: ['kw1', 'kw2'] }, { items: ['vec1', 'vec2'] }], id);
    expect(fused.map((one) => one.item)).toEqual(['kw1', 'vec1', 'kw2', 'vec2']);
  });

  it('honours weights, k and limit, and ignores empty lists when normalising', () => {
    const weighted = fuseRankings(
      [
        { items: ['a'], weight: 1 },
        { items: ['b'], weight: 2 },
      ],
      id,
    );
    expect(weighted.map((one) => one.item)).toEqual(['b', 'a']);
    expect(fuseRankings([{ items: ['a', 'b', 'c'] }], id, { limit: 2 }).map((one) => one.item)).toEqual(['a', 'b']);
    expect(fuseRankings([{ items: ['a'] }, { items: [] }], id)[0]!.score).toBe(1);
    const sharp = fuseRankings([{ items: ['a', 'b'] }], id, { k: 0 });
    expect(sharp[1]!.score).toBe(0.5);
    expect(fuseRankings([], id)).toEqual([]);
  });

  it('counts a key repeated in one list once, at its best rank, and keeps the first copy', () => {
    const fused = fuseRankings(
      [
        {
          items: [
            { key: 1, from: 'first' },
            { key: 1, from: 'again' },
          ],
        },
      ],
      (item) => item.key,
    );
    expect(fused).toEqual([{ item: { key: 1, from: 'first' }, score: 1, ranks: [1] }]);
  });

  it('refuses negative weights and k', () => {
    expect(() => fuseRankings([{ items: ['a'], weight: -1 }], id)).toThrow(RangeError);
    expect(() => fuseRankings([{ items: ['a'] }], id, { k: -1 })).toThrow(RangeError);
  });
});
