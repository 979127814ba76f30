import { describe, expect, it } from 'vitest';
import type { FolderInfo, RunProgress } from '../../src/shared/monitor-types';
import { folderProgress, formatBytes, formatCount, formatDuration, formatSpan, splitHighlights } from '../../src/renderer/format';
import { runProgress } from '../helpers/run-progress';

const run = runProgress;
function folder(progress: RunProgress | null): FolderInfo {
  return {
    id: 1,
    path: '/docs',
    state: 'indexing',
    files: 0,
    indexed: 0,
    failed: 0,
    skipped: 0,
    pending: 0,
    chunks: 0,
    error: null,
    addedAt: 0,
    run: progress,
  };
}

describe('folderProgress', () => {
  it('is null for a folder that never ran', () => {
    expect(folderProgress(folder(null))).toBeNull();
  });

  it('counts indexed and failed files of the queued ones, and skips the rest', () => {
    const view = folderProgress(
      folder(
        run({
          filesSeen: 120_000,
          filesQueued: 100_000,
          filesIndexed: 41_000,
          filesFailed: 1_000,
          filesUnchanged: 15_000,
          filesUnsupported: 5_000,
          rate: 812.34,
          etaSeconds: 71,
          currentFile: '/docs/a.pdf',
        }),
      ),
    );
    expect(view).toMatchObject({
      done: 42_000,
      total: 100_000,
      fraction: 0.42,
      skipped: 20_000,
      scanning: false,
      finished: false,
      rateText: '812.3 files/s',
      etaText: '1 min 11 s',
      currentFile: '/docs/a.pdf',
    });
  });

  it('shows scanning, clamps counts, and is complete once finished', () => {
    expect(folderProgress(folder(run({ scanDone: false, filesQueued: 10, filesIndexed: 3 })))).toMatchObject({
      scanning: true,
      done: 3,
      total: 10,
      etaText: '–',
    });
    expect(folderProgress(folder(run({ filesQueued: 5, filesIndexed: 7 })))?.done).toBe(5);
    expect(folderProgress(folder(run({ filesQueued: 0 })))?.fraction).toBe(0);
    const finished = folderProgress(folder(run({ finishedAt: 10, filesQueued: 4, filesIndexed: 3, rate: 5, currentFile: '/x' })));
    expect(finished).toMatchObject({ finished: true, fraction: 1, etaText: 'done', rateText: '–', currentFile: null, scanning: false });
  });
});

describe('splitHighlights', () => {
  it('marks the given ranges', () => {
    expect(
      splitHighlights('the lighthouse keeper', [
        [4, 14],
        [15, 21],
      ]),
    ).toEqual([
      { text: 'the ', match: false },
      { text: 'lighthouse', match: true },
      { text: ' ', match: false },
      { text: 'keeper', match: true },
    ]);
  });

  it('sorts, merges overlapping or adjacent ranges and clamps out-of-bounds ones', () => {
    expect(
      splitHighlights('abcdefgh', [
        [5, 99],
        [0, 2],
        [1, 3],
        [3, 4],
        [-5, 0],
        [6, 6],
      ]),
    ).toEqual([
      { text: 'abcd', match: true },
      { text: 'e', match: false },
      { text: 'fgh', match: true },
    ]);
    expect(splitHighlights('plain', [])).toEqual([{ text: 'plain', match: false }]);
    expect(splitHighlights('', [[0, 3]])).toEqual([]);
  });
});

describe('formatters', () => {
  it('formats counts, durations, spans and bytes', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(59.6)).toBe('1 min 00 s');
    expect(formatDuration(3_725)).toBe('1 h 02 min');
    expect(formatSpan(null, null, 5)).toBe('');
    expect(formatSpan(1_000, 1_085, 0)).toBe('85 ms');
    expect(formatSpan(1_000, null, 13_000)).toBe('12 s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(211_000_000)).toBe('201.2 MiB');
  });
});
