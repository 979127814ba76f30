/**
 * How a running indexing run is doing in time, from its progress alone: no samples to keep, so a
 * one-shot reader (the CLI's `status`) gets the same answer as a long-lived one.
 */
import type { RunProgress } from './monitor-types';

/** Without a change of any of the run's documents for this long, the run is not moving: no ETA. */
export const STALL_MS = 10_000;

/** Elapsed time, speed and time left of one run. */
export interface RunPace {
  /** 'scanning' while the scan still finds files (the total is unknown), then 'indexing'. */
  stage: 'scanning' | 'indexing';
  elapsedSeconds: number;
  /**
   * Files per second of the stage, averaged since the run started: files seen while scanning,
   * files finished (indexed, failed or skipped) while indexing. Null in the run's first second.
   */
  rate: number | null;
  /** Seconds left at that rate; null while scanning, at a rate of zero, or when stalled. */
  etaSeconds: number | null;
}

/** The pace of a run at `now` (ms). */
export function runPace(run: RunProgress, now: number): RunPace {
  const elapsedMs = Math.max(0, now - run.startedAt);
  const stage = run.scanDone ? 'indexing' : 'scanning';
  // Once the scan is done its queued count is final: what is not pending any more is finished.
  const moved = stage === 'scanning' ? run.filesSeen : Math.max(0, run.filesQueued - run.filesPending);
  const rate = elapsedMs < 1_000 ? null : moved / (elapsedMs / 1_000);
  const stalled = run.lastChangeAt === null || now - run.lastChangeAt > STALL_MS;
  const etaSeconds = stage === 'scanning' || rate === null || rate <= 0 || stalled ? null : Math.round(run.filesPending / rate);
  return {
    stage,
    elapsedSeconds: Math.floor(elapsedMs / 1_000),
    rate: rate === null ? null : Math.round(rate * 10) / 10,
    etaSeconds,
  };
}
