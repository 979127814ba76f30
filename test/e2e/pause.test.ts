// Pausing the queues stops progress (running jobs finish, nothing new starts) and resuming finishes
// the run.
import { realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addFolder, openApp, screenshot, waitForFolderDone } from './helpers/browser';
import { makeCorpus } from './helpers/corpus';
import { waitForNumber, waitForRows } from './helpers/page-wait';
import { useServedApp } from './helpers/suite';

// Large enough that the run is still going when the pause lands (a few hundred files/s on two
// cores, with the pause landing well under a second after the first files are done).
const FILES = 1500;
/** Monitor updates to watch while paused: heartbeats alone push one about every second. */
const UPDATES_WHILE_PAUSED = 4;

describe('pause and resume', () => {
  const ctx = useServedApp();

  it('stops progress while paused and finishes after resuming', async () => {
    const corpus = realpathSync(makeCorpus(FILES));
    ctx.cleanup.push(corpus);
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      const row = `[data-testid="folder-row"][data-folder-path="${corpus}"]`;
      const progress = page.locator(`${row} [data-testid="folder-progress"]`);
      await addFolder(page, corpus);
      // Pause as soon as the first files are done.
      await waitForNumber(page, `${row} [data-testid="folder-progress"]`, 'data-files-done', '>', 0, 90_000);
      await page.getByTestId('queue-toggle').click();
      await page.locator('[data-testid="queue-toggle"][data-paused="true"]').waitFor();
      await page.getByTestId('queues-paused').waitFor();

      // Jobs already running finish; then nothing may move.
      const queues = await page.getByTestId('queue-row').count();
      await waitForRows(page, '[data-testid="queue-row"]', queues, 'data-active', ['0']);
      // A snapshot reads the store before Redis: the one showing no active job may still hold the
      // files count from just before the last job ended. Two more updates are built wholly after.
      const settled = Number(await page.getByTestId('app').getAttribute('data-monitor-updates'));
      await waitForNumber(page, '[data-testid="app"]', 'data-monitor-updates', '>=', settled + 2, 30_000);
      const doneAtPause = Number(await progress.getAttribute('data-files-done'));
      const updates = Number(await page.getByTestId('app').getAttribute('data-monitor-updates'));
      await waitForNumber(page, '[data-testid="app"]', 'data-monitor-updates', '>=', updates + UPDATES_WHILE_PAUSED, 30_000);
      expect(Number(await progress.getAttribute('data-files-done'))).toBe(doneAtPause);
      expect(doneAtPause).toBeLessThan(FILES);
      expect(await progress.getAttribute('data-finished')).toBe('false');
      expect(await page.locator(row).getAttribute('data-state')).not.toBe('done');
      await screenshot(page, 'panel-queues-paused', 'panel-queues');
      await screenshot(page, 'panel-folders-paused', 'panel-folders');

      await page.getByTestId('queue-toggle').click();
      await page.locator('[data-testid="queue-toggle"][data-paused="false"]').waitFor();
      await waitForFolderDone(page, corpus, 180_000);
      expect(await progress.getAttribute('data-files-done')).toBe(String(FILES + 1));
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
