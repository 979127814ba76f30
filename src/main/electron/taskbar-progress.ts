/**
 * What the taskbar or dock progress shows, from a monitor snapshot (pure; no electron import).
 */
import type { MonitorSnapshot } from '../../shared/monitor-types';

/** No progress bar (Electron removes it for a negative value). */
export const NO_PROGRESS = -1;
/** An indeterminate bar: Electron shows one for a value above 1, on Windows only. */
export const INDETERMINATE = 2;

/**
 * Files done of files queued over every unfinished run, for `setProgressBar`. While runs exist but
 * nothing is queued yet (the scan is still walking): indeterminate on Windows, an empty bar
 * elsewhere, where a value above 1 would show a full bar, as if the work were done.
 */
export function taskbarProgress(snapshot: MonitorSnapshot, platform: NodeJS.Platform): number {
  let done = 0;
  let total = 0;
  let running = 0;
  for (const folder of snapshot.folders) {
    const run = folder.run;
    if (run === null || run.finishedAt !== null) continue;
    running += 1;
    total += run.filesQueued;
    done += Math.min(run.filesQueued, run.filesIndexed + run.filesFailed);
  }
  if (running === 0) return NO_PROGRESS;
  if (total === 0) return platform === 'win32' ? INDETERMINATE : 0;
  return done / total;
}

/** Folders with a run in progress. */
export function runningFolders(snapshot: MonitorSnapshot): number {
  return snapshot.folders.filter((folder) => folder.run !== null && folder.run.finishedAt === null).length;
}
