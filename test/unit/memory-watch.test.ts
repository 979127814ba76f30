import { describe, expect, it } from 'vitest';
import { overLimit, type WatchedRead } from '../../src/workers/extract/memory-watch';

const MIB = 1024 * 1024;
const limit = 256 * MIB;
const reason = 'ran out of memory (limit 256 MB, SEMANTIK_EXTRACT_MEMORY)';

function read(base: number | null, reported: number, reportedAt: number, rssAtReport: number): WatchedRead {
  return { baseBytes: base, reportedBytes: reported, reportedAt, rssAtReport };
}

describe('overLimit', () => {
  it('stops a read whose heap and native memory grew past the limit since its file started', () => {
    const fine = read(200 * MIB, 400 * MIB, 1_000, 900 * MIB);
    const over = read(50 * MIB, 320 * MIB, 1_000, 900 * MIB);
    expect(overLimit([fine, over], 900 * MIB, 1_050, limit)).toEqual({ read: over, reason });
    // The reader's own code (loaded before the file) does not count against the file.
    expect(overLimit([fine], 900 * MIB, 1_050, limit)).toBeNull();
  });

  it('counts the process growth of a silent thread as its own, past a margin', () => {
    const silent = read(100 * MIB, 150 * MIB, 1_000, 500 * MIB);
    // Silent for 2 s, the process grew by 300 MB: 50 + 300 is past 256 + 64.
    expect(overLimit([silent], 800 * MIB, 3_000, limit)).toEqual({ read: silent, reason });
    // The same growth while the thread still reports is not its own.
    expect(overLimit([silent], 800 * MIB, 1_100, limit)).toBeNull();
    // Silent, but the process grew little.
    expect(overLimit([silent], 600 * MIB, 3_000, limit)).toBeNull();
  });

  it('picks the thread silent the longest', () => {
    const a = read(null, 0, 2_000, 100 * MIB);
    const b = read(null, 0, 1_000, 100 * MIB);
    expect(overLimit([a, b], 500 * MIB, 3_000, limit)?.read).toBe(b);
  });
});
