/**
 * Extraction threads with real parsers: a file that takes too long is cut off at the time limit, a
 * file that needs more memory than the limit ends its thread, and the pool goes on with the next
 * file either way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractPool } from '../../src/workers/extract/extract-pool';
import { nestedQuotesHtml } from '../helpers/format-corpus';

const pools: ExtractPool[] = [];
function pool(timeoutMs: number, memoryBytes: number): ExtractPool {
  const created = new ExtractPool({ timeoutMs, memoryBytes });
  pools.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('ExtractPool', () => {
  it('cuts off a parser that takes too long and extracts the next file in a new thread', async () => {
    const limited = pool(2_000, 1024 ** 3);
    // One file first, so that the slow one runs in a reused thread, which is then replaced.
    expect(await limited.extract('/t/warm.txt', Buffer.from('warm'))).toMatchObject({ kind: 'chunks' });
    const started = Date.now();
    const slow = await limited.extract('/t/nested-quotes.html', Buffer.from(nestedQuotesHtml()));
    const took = Date.now() - started;
    expect(slow).toEqual({ kind: 'failed', reason: 'timed out after 2 s (SEMANTIK_EXTRACT_TIMEOUT)' });
    // The limit, plus scheduling slack on a loaded machine, never the parser's full minute.
    expect(took).toBeGreaterThanOrEqual(1_900);
    expect(took).toBeLessThan(15_000);
    const next = await limited.extract('/t/after.md', Buffer.from('# After\n\nStill working.'));
    expect(next).toMatchObject({ kind: 'chunks', chunks: [{ heading: 'After', text: '# After\n\nStill working.' }] });
  });

  it('ends a thread that runs out of memory and goes on', async () => {
    const small = pool(120_000, 64 * 1024 * 1024);
    // Eighteen MB of CSV: papaparse's row arrays need several times that in heap.
    const csv = Buffer.from('alpha,beta,gamma,delta,epsilon\n'.repeat(600_000));
    const result = await small.extract('/t/big.csv', csv);
    expect(result).toEqual({ kind: 'failed', reason: 'ran out of memory (limit 64 MB, SEMANTIK_EXTRACT_MEMORY)' });
    expect(await small.extract('/t/small.csv', Buffer.from('a,b\n1,2\n'))).toMatchObject({ kind: 'chunks', format: 'csv' });
  });

  it('extracts several files at once, one thread each', async () => {
    const shared = pool(60_000, 256 * 1024 * 1024);
    const results = await Promise.all(
      ['one', 'two', 'three', 'four'].map((word) => shared.extract(`/t/${word}.txt`, Buffer.from(`file ${word}`))),
    );
    expect(results.map((r) => (r.kind === 'chunks' ? r.chunks[0]!.text : r.reason))).toEqual([
      'file one',
      'file two',
      'file three',
      'file four',
    ]);
  });
});
