import { describe, expect, it } from 'vitest';
import type { FolderInfo, MonitorSnapshot, RunProgress } from '../../src/shared/monitor-types';
import { isAppUrl } from '../../src/main/electron/app-url';
import { INDETERMINATE, NO_PROGRESS, runningFolders, taskbarProgress } from '../../src/main/electron/taskbar-progress';
import { runProgress } from '../helpers/run-progress';

describe('isAppUrl', () => {
  const page = 'file:///opt/Semantik/resources/app.asar/out/renderer/index.html';
  it('accepts the app page, with any query or fragment', () => {
    expect(isAppUrl(page, page)).toBe(true);
    expect(isAppUrl(`${page}#jobs`, page)).toBe(true);
    expect(isAppUrl('http://localhost:5173/some/route', 'http://localhost:5173/')).toBe(true);
  });
  it.each([
    'file:///etc/passwd',
    'file:///opt/Semantik/resources/app.asar/out/renderer/other.html',
    'file://evil-host/opt/Semantik/resources/app.asar/out/renderer/index.html',
    'https://example.com/',
    'data:text/html,<script>1</script>',
    'about:blank',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url, page)).toBe(false);
  });
  it('refuses other origins than the dev server', () => {
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('https://localhost:5173/', 'http://localhost:5173/')).toBe(false);
  });
});

const run = runProgress;
function snapshot(runs: Array<RunProgress | null>): MonitorSnapshot {
  const folders: FolderInfo[] = runs.map((progress, index) => ({
    id: index + 1,
    path: `/f${index}`,
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
  }));
  return { at: 0, folders, workers: [], gpus: [], queues: [], broker: null, paused: false, targetWorkers: 1, maxWorkers: 4, cpuOnly: true };
}

describe('taskbarProgress', () => {
  it('removes the bar when nothing runs', () => {
    expect(taskbarProgress(snapshot([]), 'linux')).toBe(NO_PROGRESS);
    expect(taskbarProgress(snapshot([null, run({ finishedAt: 5, filesQueued: 3, filesIndexed: 3 })]), 'win32')).toBe(NO_PROGRESS);
  });
  it('is indeterminate on Windows while running runs have queued nothing yet', () => {
    expect(taskbarProgress(snapshot([run({ scanDone: false })]), 'win32')).toBe(INDETERMINATE);
  });
  it.each(['linux', 'darwin'] as const)('is an empty bar on %s then (a value above 1 would show a full one)', (platform) => {
    expect(taskbarProgress(snapshot([run({ scanDone: false })]), platform)).toBe(0);
  });
  it('sums done of queued over unfinished runs only', () => {
    const value = taskbarProgress(
      snapshot([
        run({ filesQueued: 100, filesIndexed: 20, filesFailed: 5 }),
        run({ filesQueued: 300, filesIndexed: 75 }),
        run({ finishedAt: 1, filesQueued: 1000, filesIndexed: 1000 }),
      ]),
      'linux',
    );
    expect(value).toBeCloseTo(100 / 400);
    expect(runningFolders(snapshot([run({}), run({ finishedAt: 1 }), null]))).toBe(1);
  });
});
