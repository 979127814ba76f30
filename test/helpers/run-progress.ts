/**
 * A RunProgress for unit tests: zeros everywhere, overridden where a test cares.
 */
import type { RunProgress } from '../../src/shared/monitor-types';

/** A finished-scan run with no files, changed by `overrides`. */
export function runProgress(overrides: Partial<RunProgress>): RunProgress {
  return {
    runId: 1,
    startedAt: 0,
    finishedAt: null,
    scanDone: true,
    filesSeen: 0,
    filesQueued: 0,
    filesIndexed: 0,
    filesFailed: 0,
    filesPending: 0,
    filesUnchanged: 0,
    filesUnsupported: 0,
    filesDeleted: 0,
    chunks: 0,
    chunksEmbedded: 0,
    currentFile: null,
    lastChangeAt: null,
    rate: null,
    etaSeconds: null,
    ...overrides,
  };
}
