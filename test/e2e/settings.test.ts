// The Settings view in the web monitor: a value the engine refuses shows the parser's reason on its
// row; a good one is saved to settings.json (source "file", "takes effect at the next start") and
// is still there after a reload; Reset takes it out. Settings the environment sets, and the open
// commands (run by the engine) on the web page, cannot be changed here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, screenshot } from './helpers/browser';
import { openView } from './helpers/monitor';
import { useServedApp } from './helpers/suite';

const NAME = 'SEMANTIK_MAX_FILE_SIZE';

function row(page: Page, name: string): ReturnType<Page['locator']> {
  return page.locator(`[data-testid="setting-row"][data-name="${name}"]`);
}

describe('settings view', () => {
  const ctx = useServedApp({ env: { SEMANTIK_WATCH: '0' } });
  const fileContent = (): unknown => JSON.parse(readFileSync(join(ctx.app.dataDir, 'settings.json'), 'utf8'));

  it('refuses a bad value on its row, saves a good one to settings.json, keeps it over a reload, resets it', async () => {
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      await openView(page, 'settings');
      const size = row(page, NAME);
      await expect.poll(() => size.getByTestId('setting-source').getAttribute('data-source')).toBe('default');

      await size.getByTestId('setting-input').fill('lots');
      await size.getByTestId('setting-save').click();
      await expect.poll(() => size.getByTestId('setting-error').textContent()).toBe(`${NAME}: "lots" is not a size (examples: 512mb, 4gb)`);
      expect(await size.getAttribute('data-source')).toBe('default');

      await size.getByTestId('setting-input').fill('10mb');
      await size.getByTestId('setting-save').click();
      const saved = page.locator(`[data-testid="setting-row"][data-name="${NAME}"][data-source="file"]`);
      await saved.waitFor();
      expect(await saved.getByTestId('setting-note').textContent()).toMatch(/takes effect at the next start/i);
      expect(await saved.getByTestId('setting-error').count()).toBe(0);
      expect(await saved.getByTestId('setting-source').textContent()).toBe('file');
      expect(fileContent()).toEqual({ [NAME]: '10mb' });

      // Set by the environment (the server was started with them): shown, locked, with the reason.
      const workers = row(page, 'SEMANTIK_WORKERS');
      expect(await workers.getAttribute('data-source')).toBe('environment');
      expect(await workers.getByTestId('setting-input').inputValue()).toBe('1');
      expect(await workers.getByTestId('setting-input').isDisabled()).toBe(true);
      expect(await workers.getByTestId('setting-save').isDisabled()).toBe(true);
      expect(await workers.getByTestId('setting-locked').textContent()).toMatch(
        /set by the environment variable SEMANTIK_WORKERS; change it there/i,
      );
      // The engine runs the open commands: not from the web page.
      const open = row(page, 'SEMANTIK_OPEN_COMMAND');
      expect(await open.getByTestId('setting-input').isDisabled()).toBe(true);
      expect(await open.getByTestId('setting-locked').textContent()).toMatch(/desktop app/);
      await screenshot(page, 'settings', 'view-settings');

      await page.reload();
      await page.locator('[data-testid="app"][data-app-state="ready"]').waitFor();
      await page.getByTestId('view-settings').waitFor();
      const reloaded = page.locator(`[data-testid="setting-row"][data-name="${NAME}"][data-source="file"]`);
      await reloaded.waitFor();
      expect(await reloaded.getByTestId('setting-input').inputValue()).toBe('10mb');
      // Still not in effect: the note says so after the reload too.
      expect(await reloaded.getByTestId('setting-note').textContent()).toMatch(/takes effect at the next start/i);

      await reloaded.getByTestId('setting-reset').click();
      await page.locator(`[data-testid="setting-row"][data-name="${NAME}"][data-source="default"]`).waitFor();
      expect(await row(page, NAME).getByTestId('setting-input').inputValue()).toBe('');
      expect(fileContent()).toEqual({});
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
