// Scaling workers from the UI changes the worker list; stopping or restarting one, or scaling
// down, first asks (naming the worker and what becomes of its jobs), and only Yes acts.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WorkerInfo } from '../../src/shared/monitor-types';
import { openApp, screenshot } from './helpers/browser';
import { openView } from './helpers/monitor';
import { waitForRows } from './helpers/page-wait';
import { useServedApp } from './helpers/suite';
import type { ServedApp } from './helpers/serve';

/** Waits until exactly `count` workers are listed, all up (idle or busy). */
function waitForWorkers(page: Page, count: number): Promise<void> {
  return waitForRows(page, '[data-testid="worker-row"]', count, 'data-state', ['idle', 'busy']);
}

/** The workers as the engine lists them (the REST API), not as the page shows them. */
async function engineWorkers(app: ServedApp): Promise<WorkerInfo[]> {
  const authorization = `Basic ${Buffer.from(`${app.credentials.username}:${app.credentials.password}`).toString('base64')}`;
  const response = await fetch(new URL('/api/workers', app.url), { headers: { Authorization: authorization } });
  expect(response.status).toBe(200);
  return (await response.json()) as WorkerInfo[];
}

/** The ids of the workers view's rows that are not offline. */
function liveRows(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="worker-view-row"]:not([data-state="offline"])')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-worker-id') ?? ''));
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

      // Fewer workers first asks; only Yes scales down.
      await page.getByTestId('worker-count').selectOption('1');
      const confirm = page.locator('[data-testid="worker-count-confirm"][data-count="1"]');
      await confirm.waitFor();
      await screenshot(page, 'panel-workers-scale-down', 'panel-workers');
      expect(await confirm.textContent()).toMatch(/^Scale down from 2 to 1 worker\? 1 worker stops .*go back to the queue/);
      await confirm.getByTestId('worker-count-confirm-yes').click();
      await waitForWorkers(page, 1);
      expect(await page.getByTestId('worker-count').inputValue()).toBe('1');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('asks before stopping or restarting a worker or scaling down: No leaves it running, Yes acts', async () => {
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      await openView(page, 'workers');
      // More workers need no question.
      await page.getByTestId('workers-view-count').selectOption('2');
      expect(await page.getByTestId('workers-view-count-confirm').count()).toBe(0);
      await waitForRows(page, '[data-testid="worker-view-row"]:not([data-state="offline"])', 2, 'data-state', ['idle', 'busy']);
      const [keep, stop] = (await liveRows(page)).sort();
      const row = page.locator(`[data-testid="worker-view-row"][data-worker-id="${stop}"]`);

      await row.getByTestId('worker-stop').click();
      const confirm = page.locator(`[data-testid="worker-confirm"][data-action="stop"][data-worker-id="${stop}"]`);
      await confirm.waitFor();
      const question = await confirm.locator('span').textContent();
      expect(question).toMatch(
        new RegExp(`^Stop worker ${stop}\\? (It runs no job now\\.|Its \\d+ running jobs? .* go back to the queue)`),
      );
      expect(question).toMatch(/The pool goes down to 1 worker: no other worker replaces it\.$/);
      // Asking changed nothing: the engine still runs the worker, and the count is still 2.
      expect((await engineWorkers(ctx.app)).find((one) => one.workerId === stop)?.state).toMatch(/^(idle|busy)$/);
      expect(await page.getByTestId('workers-view-count').inputValue()).toBe('2');
      await screenshot(page, 'worker-stop-confirm', 'view-workers');

      await confirm.getByTestId('worker-confirm-no').click();
      await confirm.waitFor({ state: 'detached' });
      expect((await engineWorkers(ctx.app)).find((one) => one.workerId === stop)?.state).toMatch(/^(idle|busy)$/);
      expect((await liveRows(page)).sort()).toEqual([keep, stop]);

      // Restart asks as well.
      await row.getByTestId('worker-restart').click();
      const restart = page.locator(`[data-testid="worker-confirm"][data-action="restart"][data-worker-id="${stop}"]`);
      expect(await restart.locator('span').textContent()).toMatch(
        new RegExp(`^Restart worker ${stop}\\? A fresh process takes its place\\.`),
      );
      await restart.getByTestId('worker-confirm-no').click();
      await restart.waitFor({ state: 'detached' });

      // Yes stops it.
      await row.getByTestId('worker-stop').click();
      await confirm.getByTestId('worker-confirm-yes').click();
      await page.locator(`[data-testid="worker-view-row"][data-worker-id="${stop}"][data-state="offline"]`).waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('workers-view-count').inputValue()).toBe('1');
      expect(await liveRows(page)).toEqual([keep]);
      expect(await page.getByTestId('worker-confirm').count()).toBe(0);

      // Scaling down from the view asks too; No keeps the count.
      await page.getByTestId('workers-view-count').selectOption('0');
      const scale = page.locator('[data-testid="workers-view-count-confirm"][data-count="0"]');
      expect(await scale.locator('span').textContent()).toMatch(
        /^Scale down from 1 to 0 workers\? Every worker stops: .* Nothing is processed/,
      );
      await scale.getByTestId('workers-view-count-confirm-no').click();
      await scale.waitFor({ state: 'detached' });
      expect(await page.getByTestId('workers-view-count').inputValue()).toBe('1');
      expect(
        (await engineWorkers(ctx.app)).filter((one) => one.state === 'idle' || one.state === 'busy').map((one) => one.workerId),
      ).toEqual([keep]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
