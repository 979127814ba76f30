// A bad path (missing, or a file) shows a clear error and adds nothing.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addFolder, openApp, screenshot } from './helpers/browser';
import { makeCorpus } from './helpers/corpus';
import { useServedApp } from './helpers/suite';

describe('adding a bad path', () => {
  const ctx = useServedApp();

  it('shows an error for a missing folder and for a file, and lists nothing', async () => {
    const corpus = realpathSync(makeCorpus(1));
    ctx.cleanup.push(corpus);
    const { context, page } = await openApp(ctx.browser, ctx.app);
    try {
      const missing = join(corpus, 'no-such-folder');
      await addFolder(page, missing);
      const error = page.getByTestId('add-folder-error');
      await error.waitFor();
      expect(await error.textContent()).toContain(missing);
      await screenshot(page, 'add-folder-error', 'panel-folders');

      const file = join(corpus, 'doc-0000.txt');
      await addFolder(page, file);
      await page.getByTestId('add-folder-error').filter({ hasText: 'is a file, not a folder' }).waitFor();

      await addFolder(page, 'relative/path');
      await page.getByTestId('add-folder-error').filter({ hasText: 'relative/path' }).waitFor();

      expect(await page.getByTestId('folder-row').count()).toBe(0);
      expect(await page.getByTestId('folders-empty').isVisible()).toBe(true);
      // The field keeps what was typed, so the user can correct it.
      expect(await page.getByTestId('add-folder-input').inputValue()).toBe('relative/path');
    } finally {
      await context.close();
    }
  });
});
