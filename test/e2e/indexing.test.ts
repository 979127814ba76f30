// Adding a folder by path shows live progress that moves and reaches done.
import { realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addFolder, openApp, screenshot, waitForFolderDone } from './helpers/browser';
import { makeCorpus } from './helpers/corpus';
import { recordAttribute, recordedValues } from './helpers/page-wait';
import { useServedApp } from './helpers/suite';

// Large enough that the run spans many monitor updates (five a second) on a fast machine: with a
// few hundred files the whole run can finish between two of them.
const FILES = 2000;

describe('indexing a folder', () => {
  const ctx = useServedApp();

  it('shows progress moving and reaching done', async () => {
    const corpus = realpathSync(makeCorpus(FILES));
    ctx.cleanup.push(corpus);
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      // Record every files-done value the page shows, from inside the page (no polling from here).
      await recordAttribute(page, '[data-testid="folder-progress"]', 'data-files-done');
      await addFolder(page, corpus);
      const row = page.locator(`[data-testid="folder-row"][data-folder-path="${corpus}"]`);
      await row.waitFor();
      await waitForFolderDone(page, corpus);

      const seen = (await recordedValues(page)).map(Number);
      const total = FILES + 1;
      // Moving: at least one value strictly between nothing and everything, in increasing order.
      expect(
        seen.some((done) => done > 0 && done < total),
        `values seen: ${seen.join(', ')}`,
      ).toBe(true);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
      const progress = row.getByTestId('folder-progress');
      expect(await progress.getAttribute('data-files-done')).toBe(String(total));
      expect(await progress.getAttribute('data-files-total')).toBe(String(total));
      expect(await row.getByTestId('folder-files').textContent()).toBe(`${total.toLocaleString('en-US')} files`);
      expect(await row.getByTestId('progress-eta').textContent()).toBe('ETA done');
      await page
        .getByTestId('notice')
        .filter({ hasText: `Finished ${corpus}` })
        .waitFor();

      // The jobs panel lists the run's jobs (virtualised rows, loaded page by page).
      await page.getByTestId('job-row').first().waitFor();
      expect(Number((await page.getByTestId('jobs-total').textContent())?.split(' ')[0])).toBeGreaterThan(0);
      expect(consoleErrors).toEqual([]);

      await screenshot(page, 'panel-folders', 'panel-folders');
      await screenshot(page, 'panel-jobs', 'panel-jobs');
      await screenshot(page, 'panel-workers', 'panel-workers');
      await screenshot(page, 'panel-queues', 'panel-queues');
      await screenshot(page, 'panel-gpus', 'panel-gpus');
      await screenshot(page, 'app-after-indexing');
    } finally {
      await context.close();
    }
  });
});
