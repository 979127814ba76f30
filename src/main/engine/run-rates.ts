/**
 * Files-per-second and ETA of running indexing runs, from samples of their done counts.
 */
import type { RunProgress } from '../../shared/monitor-types';

const WINDOW_MS = 10_000;

/** Keeps a few seconds of (time, files done) samples per run. */
export class RunRates {
  private readonly samples = new Map<number, Array<{ at: number; done: number }>>();

  /** Fills `rate` and `etaSeconds` of a run's progress from its recent history. */
  annotate(progress: RunProgress, now = Date.now()): RunProgress {
    if (progress.finishedAt !== null) {
      this.samples.delete(progress.runId);
      return { ...progress, rate: null, etaSeconds: 0 };
    }
    const done = progress.filesIndexed + progress.filesFailed;
    const history = (this.samples.get(progress.runId) ?? []).filter((sample) => now - sample.at <= WINDOW_MS);
    history.push({ at: now, done });
    this.samples.set(progress.runId, history);
    // The history holds at least the sample just pushed.
    const first = history[0]!;
    const seconds = (now - first.at) / 1000;
    if (seconds < 1) return { ...progress, rate: null, etaSeconds: null };
    const rate = (done - first.done) / seconds;
    const remaining = Math.max(0, progress.filesQueued - done);
    const etaSeconds = rate > 0 && progress.scanDone ? Math.round(remaining / rate) : null;
    return { ...progress, rate: Math.round(rate * 10) / 10, etaSeconds };
  }
}
