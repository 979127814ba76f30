// The web monitor requires its credentials: without them (or with wrong ones) the page is not
// served; with them the app loads. /healthcheck answers without credentials.
import { describe, expect, it } from 'vitest';
import { openApp, screenshot } from './helpers/browser';
import { useServedApp } from './helpers/suite';

describe('web monitor login', () => {
  const ctx = useServedApp();

  it('refuses the page without credentials or with wrong ones, and loads it with the right ones', async () => {
    const health = await fetch(new URL('/healthcheck', ctx.app.url));
    expect(health.status).toBe(200);
    const bare = await fetch(ctx.app.url);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toMatch(/^Basic /);

    // Headless Chromium, challenged with nothing (or nothing right) to answer, gives up the load
    // with ERR_INVALID_AUTH_CREDENTIALS; a headed one would show the login prompt.
    for (const httpCredentials of [undefined, { username: ctx.app.credentials.username, password: 'wrong' }]) {
      const refused = await ctx.browser.newContext(httpCredentials ? { httpCredentials } : {});
      try {
        const page = await refused.newPage();
        const outcome = await page.goto(ctx.app.url).then(
          (response) => `status ${response?.status()}`,
          (error: Error) => error.message,
        );
        expect(outcome).toMatch(/status 401|ERR_INVALID_AUTH_CREDENTIALS/);
        expect(await page.locator('[data-testid="app"]').count()).toBe(0);
      } finally {
        await refused.close();
      }
    }

    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      await page.getByTestId('connection').and(page.locator('[data-status="open"]')).waitFor();
      expect(await page.getByTestId('folders-empty').isVisible()).toBe(true);
      // The page ran under the server's CSP without a single violation or script error.
      expect(consoleErrors).toEqual([]);
      await screenshot(page, 'login-empty-app');
    } finally {
      await context.close();
    }
  });
});
