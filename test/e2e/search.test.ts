// Search finds a planted sentence and shows its snippet with the query's words highlighted.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addFolder, openApp, screenshot, waitForFolderDone } from './helpers/browser';
import { makeCorpus, PLANTED_FILE, PLANTED_SENTENCE } from './helpers/corpus';
import { useServedApp } from './helpers/suite';

describe('search', () => {
  const ctx = useServedApp();

  it('finds the planted sentence and shows its snippet', async () => {
    const corpus = realpathSync(makeCorpus(60));
    ctx.cleanup.push(corpus);
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      await addFolder(page, corpus);
      await waitForFolderDone(page, corpus);

      await page.getByTestId('search-input').fill('lighthouse keeper albatrosses harbour');
      await page.getByTestId('search-submit').click();
      const first = page.getByTestId('search-result').first();
      await first.waitFor();

      expect(await first.getAttribute('data-path')).toBe(join(corpus, PLANTED_FILE));
      const snippet = first.getByTestId('search-snippet');
      expect((await snippet.textContent())?.replace(/\s+/g, ' ')).toContain(PLANTED_SENTENCE);
      const marked = (await snippet.locator('mark').allTextContents()).map((text) => text.toLowerCase());
      expect(marked).toEqual(expect.arrayContaining(['lighthouse', 'keeper', 'albatrosses']));
      expect(Number(await first.getByTestId('search-score').textContent())).toBeGreaterThan(0);
      expect(consoleErrors).toEqual([]);

      await screenshot(page, 'panel-search', 'panel-search');
    } finally {
      await context.close();
    }
  });
});
