// A request without the right credentials gets a 401 that says where the generated credentials are
// kept and how to set one's own: an HTML page for browsers, plain text for other clients. The
// challenge stays, the right credentials still open the app, and the page holds under the CSP.
import { describe, expect, it } from 'vitest';
import { MONITOR_AUTH_FILE } from '../../src/main/web/credentials';
import { SIGN_IN_TEXT } from '../../src/main/web/sign-in-page';
import { openApp, screenshot } from './helpers/browser';
import { useServedApp } from './helpers/suite';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

describe('sign-in page', () => {
  const ctx = useServedApp();

  it('answers 401 with where the credentials are and how to set them, as HTML or text', async () => {
    const wrong = basic(ctx.app.credentials.username, 'not-the-password');
    for (const authorization of [undefined, wrong]) {
      const headers: Record<string, string> = { Accept: BROWSER_ACCEPT };
      if (authorization !== undefined) headers.Authorization = authorization;
      const page = await fetch(ctx.app.url, { headers });
      expect(page.status).toBe(401);
      expect(page.headers.get('www-authenticate')).toMatch(/^Basic realm="Semantik monitor"/);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await page.text();
      expect(html).toContain('<h1>Authentication required</h1>');
      expect(html).toContain(`<code>${MONITOR_AUTH_FILE}</code>`);
      expect(html).toContain('<code>SEMANTIK_MONITOR_AUTH=user:password</code>');
      expect(html).toContain('<code>SEMANTIK_DATA_DIR</code>');
      // Nothing the CSP would block, and nothing of this machine's (its data folder, the user name).
      expect(html).not.toMatch(/<script|<style|style=|<link|https?:\/\//i);
      expect(html).not.toContain(ctx.app.dataDir);
      expect(html).not.toContain(ctx.app.credentials.username);

      const text = await fetch(ctx.app.url, { headers: authorization === undefined ? {} : { Authorization: authorization } });
      expect(text.status).toBe(401);
      expect(text.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const body = await text.text();
      expect(body).toBe(SIGN_IN_TEXT);
      expect(body).toMatch(/^Authentication required\n/);
      expect(body).toContain(`in the file ${MONITOR_AUTH_FILE} in its data folder`);
      expect(body).toContain('SEMANTIK_MONITOR_AUTH=user:password');
    }

    const right = await fetch(ctx.app.url, {
      headers: { Accept: BROWSER_ACCEPT, Authorization: basic(ctx.app.credentials.username, ctx.app.credentials.password) },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('<title>');
  });

  it('shows the page in a browser under the CSP, and the app with the right credentials', async () => {
    // Headless Chromium cannot show a login prompt, so it fails the load instead of showing what a
    // person who cancels the prompt sees. The server's own 401 (body, CSP and the other headers) is
    // handed to the page without its challenge, which is all the prompt would have consumed.
    const refused = await ctx.browser.newContext();
    try {
      const page = await refused.newPage();
      await page.route(ctx.app.url, async (route) => {
        const real = await route.fetch();
        expect(real.status()).toBe(401);
        const { 'www-authenticate': challenge, ...headers } = real.headers();
        expect(challenge).toMatch(/^Basic /);
        await route.fulfill({ response: real, headers });
      });
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      const response = await page.goto(ctx.app.url);
      expect(response?.status()).toBe(401);
      expect(await page.getByRole('heading', { name: 'Authentication required' }).isVisible()).toBe(true);
      expect(await page.locator('body').innerText()).toContain(`in the file ${MONITOR_AUTH_FILE} in its data folder`);
      // The failed load itself is logged as an error; a CSP violation would be another.
      expect(errors.filter((error) => !/401/.test(error))).toEqual([]);
      await screenshot(page, 'sign-in-page');
    } finally {
      await refused.close();
    }
    const { context, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
