// While the page has lost its app (the server stopped), every control that acts is disabled and the
// header says so; nothing can be clicked into the void.
import { describe, expect, it } from 'vitest';
import { openApp, screenshot } from './helpers/browser';
import { openView } from './helpers/monitor';
import { useServedApp } from './helpers/suite';

describe('a disconnected page', () => {
  const ctx = useServedApp();

  it('disables its controls until the app answers again', async () => {
    const { context, page } = await openApp(ctx.browser, ctx.app);
    try {
      await page.getByTestId('add-folder-input').fill('/tmp');
      expect(await page.getByTestId('add-folder-submit').isEnabled()).toBe(true);
      expect(await page.getByTestId('queue-toggle').first().isEnabled()).toBe(true);

      await ctx.app.stop();
      await page.locator('[data-testid="connection"][data-status="closed"]').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('connection').textContent()).toContain('controls off');
      expect(await page.getByTestId('add-folder-submit').isDisabled()).toBe(true);
      for (const toggle of await page.getByTestId('queue-toggle').all()) expect(await toggle.isDisabled()).toBe(true);
      await openView(page, 'workers');
      expect(await page.getByTestId('workers-view-count').isDisabled()).toBe(true);
      await openView(page, 'search');
      await page.getByTestId('search-input').fill('anything');
      expect(await page.getByTestId('search-submit').isDisabled()).toBe(true);
      await screenshot(page, 'disconnected');
    } finally {
      await context.close();
    }
  });
});
