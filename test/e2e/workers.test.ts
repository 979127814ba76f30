// Scaling workers from the UI changes the worker list.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, screenshot } from './helpers/browser';
import { waitForRows } from './helpers/page-wait';
import { useServedApp } from './helpers/suite';

/** Waits until exactly `count` workers are listed, all up (idle or busy). */
function waitForWorkers(page: Page, count: number): Promise<void> {
  return waitForRows(page, '[data-testid="worker-row"]', count, 'data-state', ['idle', 'busy']);
}

describe('workers', () => {
  const ctx = useServedApp({ workers: 1 });

  it('scales the worker list up and down from the worker-count control', async () => {
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      await waitForWorkers(page, 1);
      const before = await page.getByTestId('worker-row').getAttribute('data-worker-id');

      await page.getByTestId('worker-count').selectOption('2');
      await waitForWorkers(page, 2);
      const ids = await page.getByTestId('worker-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-worker-id')));
      expect(ids).toContain(before);
      expect(new Set(ids).size).toBe(2);
      expect(await page.getByTestId('worker-count').inputValue()).toBe('2');
      await screenshot(page, 'panel-workers-scaled', 'panel-workers');

      await page.getByTestId('worker-count').selectOption('1');
      await waitForWorkers(page, 1);
      expect(await page.getByTestId('worker-count').inputValue()).toBe('1');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
