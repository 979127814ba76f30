// Every view at the two window sizes a person is likely to have (1440x900, 1024x700), after a real
// indexing run with failed files: screenshots for review in test-results/views/, and the layout
// checks that matter at the small size (the tasks list keeps its rows, search and preview side by side).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { VIEWS } from '../../src/renderer/state/views';
import { addFolder, openApp, SCREENSHOT_DIR, searchFor, waitForFolderDone } from './helpers/browser';
import { BROKEN_CORPUS_ENV, makeBrokenCorpus, openView, tasksReady, writeBrokenFiles } from './helpers/monitor';
import { useServedApp } from './helpers/suite';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

/** Task rows wholly inside the window. */
async function visibleTaskRows(page: Page, height: number): Promise<number> {
  let visible = 0;
  for (const row of await page.getByTestId('task-row').all()) {
    const box = await row.boundingBox();
    if (box !== null && box.y >= 0 && box.y + box.height <= height) visible += 1;
  }
  return visible;
}

describe('every view at two window sizes', () => {
  const ctx = useServedApp({ env: BROKEN_CORPUS_ENV });

  it('is laid out for the window, with nothing from another view on it', async () => {
    const corpus = makeBrokenCorpus(40);
    ctx.cleanup.push(corpus.root);
    await writeBrokenFiles(corpus);
    const dir = join(SCREENSHOT_DIR, 'views');
    mkdirSync(dir, { recursive: true });
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      await addFolder(page, corpus.root);
      await waitForFolderDone(page, corpus.root);
      await searchFor(page, 'queues workers weather');
      await page.locator('[data-testid="search-preview"][data-status="ready"]').waitFor();
      for (const size of SIZES) {
        await page.setViewportSize(size);
        for (const view of VIEWS) {
          await openView(page, view);
          if (view === 'tasks') await tasksReady(page).waitFor();
          await page.screenshot({ path: join(dir, `${view}-${size.width}x${size.height}.png`) });
          // The only notice is the run's "finished" message, shown on every view.
          for (const notice of await page.getByTestId('notice').allTextContents()) expect(notice).toContain('Finished');
        }
      }
      // An idle app: nothing waits for a worker; the daily cleanup is counted as scheduled, apart.
      await openView(page, 'dashboard');
      await page.locator('[data-testid="tile-waiting"][data-value="0"]').waitFor();
      expect(Number(await page.getByTestId('tile-delayed').getAttribute('data-value'))).toBeGreaterThanOrEqual(1);
      // An action's error shows where the action was made, in words without the API's call names.
      await openView(page, 'models');
      await page.getByTestId('model-repo-input').fill('not a repository!');
      await page.getByTestId('model-download').click();
      const error = page.locator('[data-testid="notice"][data-kind="error"]');
      await error.waitFor();
      expect(await error.textContent()).not.toMatch(/[a-z]+:[a-z]+[A-Z]?\w*: /);
      await openView(page, 'search');
      expect(await page.locator('[data-testid="notice"][data-kind="error"]').count()).toBe(0);
      await openView(page, 'models');
      expect(await error.count()).toBe(1);

      // At 1024x700: the tasks list shows a screenful of rows (the filters fold away), and the
      // preview sits beside the results.
      const small = SIZES[1];
      await page.reload();
      await page.locator('[data-testid="app"][data-app-state="ready"]').waitFor();
      await openView(page, 'tasks');
      await tasksReady(page).waitFor();
      expect(await page.getByTestId('task-filter-details').getAttribute('open')).toBeNull();
      expect(await visibleTaskRows(page, small.height)).toBeGreaterThanOrEqual(10);
      await page.screenshot({ path: join(dir, `tasks-${small.width}x${small.height}-reloaded.png`) });
      await searchFor(page, 'queues workers weather');
      const results = await page.getByTestId('search-results').boundingBox();
      const preview = await page.getByTestId('search-preview').boundingBox();
      expect(preview!.x).toBeGreaterThan(results!.x + results!.width - 1);
      expect(preview!.y).toBeLessThan(small.height);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
