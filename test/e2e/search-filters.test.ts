// The search panel's filter controls and query syntax narrow the results, and each result shows its lines.
import { realpathSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addFolder, openApp, screenshot, waitForFolderDone } from './helpers/browser';
import { makeCorpus } from './helpers/corpus';
import { openView } from './helpers/monitor';
import { useServedApp } from './helpers/suite';

const OLD = new Date(2024, 2, 1);

async function resultPaths(page: Page): Promise<string[]> {
  const paths = await page.getByTestId('search-result').evaluateAll((items) => items.map((item) => item.getAttribute('data-path') ?? ''));
  return paths.sort();
}

describe('search filters', () => {
  const ctx = useServedApp();

  it('narrows by type, date and path, from the controls and from the query', async () => {
    const corpus = realpathSync(makeCorpus(20));
    ctx.cleanup.push(corpus);
    const fresh = join(corpus, 'notes', 'keeper.md');
    const old = join(corpus, 'notes', 'old-keeper.md');
    writeFileSync(fresh, '# Diary\n\nThe lighthouse keeper wrote in his diary.\n');
    writeFileSync(old, '# Old diary\n\nThe lighthouse keeper wrote in an older diary.\n');
    utimesSync(old, OLD, OLD);
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      await addFolder(page, corpus);
      await waitForFolderDone(page, corpus);

      await openView(page, 'search');
      await page.getByTestId('search-input').fill('lighthouse keeper diary');
      await page.getByTestId('search-filter-type').fill('md');
      await page.getByTestId('search-submit').click();
      await expect.poll(() => resultPaths(page)).toEqual([fresh, old]);
      await expect.poll(() => page.getByTestId('search-place').first().textContent()).toMatch(/^lines? \d/);

      // A date searches again at once.
      await page.getByTestId('search-filter-after').fill('2025-01-01');
      await expect.poll(() => resultPaths(page)).toEqual([fresh]);
      await screenshot(page, 'panel-search-filters', 'panel-search');

      await page.getByTestId('search-filter-after').fill('');
      await page.getByTestId('search-filter-type').fill('');
      await page.getByTestId('search-input').fill('lighthouse path:old-');
      await page.getByTestId('search-submit').click();
      await expect.poll(() => resultPaths(page)).toEqual([old]);

      await page.getByTestId('search-input').fill('lighthouse after:someday');
      await page.getByTestId('search-submit').click();
      await expect.poll(() => page.getByTestId('search-error').textContent()).toContain('after: "someday" is not a time');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
