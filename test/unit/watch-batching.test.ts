import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeBatcher, type ChangeBatch } from '../../src/main/engine/watch/change-batcher';
import { belowAny } from '../../src/workers/scan/changed-paths';

describe('ChangeBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function batcher(options: { maxPaths?: number } = {}): { batches: ChangeBatch[]; add: ChangeBatcher; release: () => void } {
    const batches: ChangeBatch[] = [];
    let release: () => void = () => undefined;
    const add = new ChangeBatcher({
      quietMs: 500,
      maxDelayMs: 2_000,
      ...options,
      onBatch: (batch) => {
        batches.push(batch);
        return new Promise<void>((done) => (release = done));
      },
      onError: (error) => {
        throw error;
      },
    });
    return { batches, add, release: () => release() };
  }

  it('sends a burst as one batch once it is quiet, each path once', async () => {
    const { batches, add } = batcher();
    for (let i = 0; i < 1_000; i++) add.add(`/r/f-${i % 400}.txt`);
    await vi.advanceTimersByTimeAsync(499);
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.paths).toHaveLength(400);
    expect(batches[0]!.full).toBe(false);
  });

  it('does not wait past the maximum delay for a path that keeps changing', async () => {
    const { batches, add } = batcher();
    for (let t = 0; t < 2_000; t += 100) {
      add.add('/r/log.txt');
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(batches).toHaveLength(1);
  });

  it('turns too many paths into a scan of the whole folder', async () => {
    const { batches, add } = batcher({ maxPaths: 10 });
    for (let i = 0; i < 11; i++) add.add(`/r/${i}`);
    await vi.advanceTimersByTimeAsync(500);
    expect(batches).toEqual([{ paths: [], full: true }]);
  });

  it('holds the next batch until the previous one is handled', async () => {
    const { batches, add, release } = batcher();
    add.add('/r/a');
    await vi.advanceTimersByTimeAsync(500);
    add.add('/r/b');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(batches).toHaveLength(1);
    expect(add.pending).toBe(true);
    release();
    await vi.advanceTimersByTimeAsync(500);
    expect(batches.map((batch) => batch.paths)).toEqual([['/r/a'], ['/r/b']]);
  });
});

describe('belowAny', () => {
  it('matches the paths and everything below them, nothing else', () => {
    const gone = belowAny(['/r/a', '/r/b/c.txt']);
    expect(gone('/r/a')).toBe(true);
    expect(gone('/r/a/x/y.txt')).toBe(true);
    expect(gone('/r/b/c.txt')).toBe(true);
    expect(gone('/r/ab')).toBe(false);
    expect(gone('/r/b/d.txt')).toBe(false);
  });
});
