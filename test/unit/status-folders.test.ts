import { describe, expect, it } from 'vitest';
import { folderLines } from '../../src/main/cli/status-folders';
import { statusFolders } from '../../src/shared/instance-status';
import type { FolderInfo, RunProgress } from '../../src/shared/monitor-types';
import { runProgress } from '../helpers/run-progress';

function folder(overrides: Partial<FolderInfo>, run: RunProgress | null = null): FolderInfo {
  return {
    id: 1,
    path: '/docs',
    state: 'done',
    files: 0,
    indexed: 0,
    failed: 0,
    skipped: 0,
    pending: 0,
    chunks: 0,
    error: null,
    addedAt: 0,
    run,
    ...overrides,
  };
}

describe('statusFolders', () => {
  it('lists the store counts of a done folder, without a pace', () => {
    const done = folder({ files: 7, indexed: 4, failed: 1, skipped: 2, chunks: 9 }, runProgress({ runId: 3, finishedAt: 50 }));
    const [entry] = statusFolders([done], false, 100);
    expect(entry).toEqual({
      id: 1,
      path: '/docs',
      state: 'done',
      files: 7,
      indexed: 4,
      failed: 1,
      skipped: 2,
      pending: 0,
      chunks: 9,
      error: null,
      runId: 3,
      progress: null,
    });
    expect(folderLines([entry!])).toEqual(['folders:', '  /docs: done, 7 files: 4 indexed, 1 failed, 2 skipped']);
  });

  it('adds the pace of a run that goes on, and shows an indexing folder paused while the queues are', () => {
    const run = runProgress({ startedAt: 0, filesQueued: 10, filesPending: 6, lastChangeAt: 3_900 });
    const going = folder({ state: 'indexing', files: 10, indexed: 4, pending: 6 }, run);
    const [entry] = statusFolders([going], false, 4_000);
    expect(entry?.progress).toEqual({ stage: 'indexing', elapsedSeconds: 4, rate: 1, etaSeconds: 6 });
    expect(folderLines([entry!])[1]).toBe(
      '  /docs: indexing, 10 files: 4 indexed, 0 failed, 0 skipped, 6 pending; indexing for 4 s, 1 files/s done, about 6 s left',
    );
    expect(statusFolders([going], true, 4_000)[0]).toMatchObject({ state: 'paused', progress: { etaSeconds: 6 } });
    expect(statusFolders([folder({ state: 'idle' })], false, 0)[0]).toMatchObject({ runId: null, progress: null });
    expect(folderLines([])).toEqual(['folders: none yet']);
  });
});
