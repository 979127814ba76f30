import { describe, expect, it } from 'vitest';
import { runPace, STALL_MS } from '../../src/shared/run-pace';
import { runProgress } from '../helpers/run-progress';

const START = 1_000_000;

describe('runPace', () => {
  it('gives the scan rate of files seen and no ETA while the scan still counts files', () => {
    const pace = runPace(runProgress({ startedAt: START, scanDone: false, filesSeen: 250, lastChangeAt: START + 9_000 }), START + 10_000);
    expect(pace).toEqual({ stage: 'scanning', elapsedSeconds: 10, rate: 25, etaSeconds: null });
  });

  it('gives the rate of finished files and the time the pending ones take at that rate', () => {
    const run = runProgress({ startedAt: START, filesQueued: 100, filesPending: 60, lastChangeAt: START + 19_500 });
    expect(runPace(run, START + 20_000)).toEqual({ stage: 'indexing', elapsedSeconds: 20, rate: 2, etaSeconds: 30 });
  });

  it('has no ETA once nothing has moved for the stall time, and keeps the rate', () => {
    const run = runProgress({ startedAt: START, filesQueued: 100, filesPending: 60, lastChangeAt: START + 5_000 });
    expect(runPace(run, START + 5_000 + STALL_MS)).toMatchObject({ rate: expect.any(Number), etaSeconds: expect.any(Number) });
    expect(runPace(run, START + 5_001 + STALL_MS)).toMatchObject({ rate: 2.7, etaSeconds: null });
    expect(runPace({ ...run, lastChangeAt: null }, START + 20_000).etaSeconds).toBeNull();
  });

  it('has no rate in the first second and no ETA at a rate of zero', () => {
    expect(runPace(runProgress({ startedAt: START, filesQueued: 5, filesPending: 5, lastChangeAt: START }), START + 999)).toEqual({
      stage: 'indexing',
      elapsedSeconds: 0,
      rate: null,
      etaSeconds: null,
    });
    const stuck = runPace(runProgress({ startedAt: START, filesQueued: 5, filesPending: 5, lastChangeAt: START + 4_000 }), START + 5_000);
    expect(stuck).toMatchObject({ rate: 0, etaSeconds: null });
  });

  it('never counts more finished files than were queued, nor time before the start', () => {
    // The scan's counters are written every quarter second: pending may briefly exceed them.
    const pace = runPace(runProgress({ startedAt: START, filesQueued: 3, filesPending: 8, lastChangeAt: START }), START - 50);
    expect(pace).toMatchObject({ elapsedSeconds: 0, rate: null });
    expect(
      runPace(runProgress({ startedAt: START, filesQueued: 3, filesPending: 8, lastChangeAt: START + 1_500 }), START + 2_000),
    ).toMatchObject({
      rate: 0,
      etaSeconds: null,
    });
  });
});
