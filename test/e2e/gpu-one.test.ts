// One GPU per worker in the monitor: two simulated devices, three workers and a backlog of embed
// jobs. The GPUs view shows each card's one holder (never one worker on two cards) and a single
// wait list (the third worker, once, with its jobs); an embed task's detail shows the device it ran
// on and the device memory before and after it, and the tasks view shows them as columns.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addFolder, openApp, screenshot, waitForFolderDone } from './helpers/browser';
import { makeLongCorpus, openTask, openView, searchTasks } from './helpers/monitor';
import { waitForNumber } from './helpers/page-wait';
import { useServedApp } from './helpers/suite';

const FILES = 120;
const KIB_PER_FILE = 8;
const BACKLOG = 8;
/** Three workers and a model load each on a shared two-core machine: longer than the suite's default. */
const TEST_TIMEOUT_MS = 600_000;

/** What the GPUs view showed at one instant while someone waited. */
interface Moment {
  holders: string[];
  waiters: string[];
  lists: number;
}
interface RecorderGlobals {
  document: {
    querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
  };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, boolean>): void };
  __moments?: Moment[];
}

/** Records, at every change of the page, the cards' holders and the wait list, while it is not empty. */
async function recordMoments(page: Page): Promise<void> {
  await page.evaluate(() => {
    const page = globalThis as unknown as RecorderGlobals;
    const moments: Moment[] = [];
    page.__moments = moments;
    new page.MutationObserver(() => {
      const waiters = Array.from(page.document.querySelectorAll('[data-testid="gpu-waiter"]')).map(
        (item) => item.getAttribute('data-worker') ?? '',
      );
      if (waiters.length === 0) return;
      const holders = Array.from(page.document.querySelectorAll('[data-testid="gpu-card"]'))
        .map((card) => card.getAttribute('data-holder-worker') ?? '')
        .filter((holder) => holder !== '');
      moments.push({ holders, waiters, lists: page.document.querySelectorAll('[data-testid="gpu-wait-list"]').length });
    }).observe(page.document, { subtree: true, childList: true, attributes: true });
  });
}

function moments(page: Page): Promise<Moment[]> {
  return page.evaluate(() => (globalThis as unknown as RecorderGlobals).__moments ?? []);
}

describe('one GPU per worker in the monitor (sim:2, three workers)', () => {
  const ctx = useServedApp({ workers: 3, env: { SEMANTIK_GPUS: 'sim:2', SEMANTIK_WATCH: '0' } });

  it(
    'GPUs view: each card has one holder, one wait list for both; a task shows its device and memory',
    async () => {
      const corpus = makeLongCorpus(FILES, KIB_PER_FILE);
      ctx.cleanup.push(corpus);
      const { page } = await openApp(ctx.browser, ctx.app);
      // Hold the embed jobs back, so that once resumed all three workers want the two devices.
      await openView(page, 'broker');
      await page.locator('[data-testid="broker-queue-pause"][data-queue="embed"]').click();
      await page.locator('[data-testid="broker-queue"][data-queue="embed"][data-paused="true"]').waitFor();
      await openView(page, 'folders');
      await addFolder(page, corpus);
      await openView(page, 'broker');
      await waitForNumber(page, '[data-testid="broker-queue"][data-queue="embed"]', 'data-waiting', '>=', BACKLOG, 120_000);

      await page.locator('[data-testid="broker-queue-pause"][data-queue="embed"]').click();
      await openView(page, 'gpus');
      await recordMoments(page);
      expect(await page.getByTestId('gpu-card').count()).toBe(2);
      // Both devices held, and someone waiting: the view at its fullest.
      await page.locator('[data-testid="gpu-wait-list"]:not([data-waiters="0"])').waitFor({ timeout: 120_000 });
      await page.locator('[data-testid="gpu-card"]:not([data-holder-worker=""])').nth(1).waitFor({ timeout: 60_000 });
      await screenshot(page, 'gpu-one-per-worker', 'view-gpus');

      await openView(page, 'folders');
      await waitForFolderDone(page, corpus, 420_000);
      const seen = await moments(page);
      process.stdout.write(
        `GPUs view: ${seen.length} moments with someone waiting; e.g. ${JSON.stringify(seen[Math.floor(seen.length / 2)])}\n`,
      );
      expect(seen.length).toBeGreaterThan(0);
      for (const moment of seen) {
        // One wait list for all devices, each waiting worker in it once, never one that holds a device.
        expect(moment.lists).toBe(1);
        expect(new Set(moment.waiters).size).toBe(moment.waiters.length);
        expect(moment.waiters.filter((worker) => moment.holders.includes(worker))).toEqual([]);
        // Each card one holder; no worker on two cards.
        expect(new Set(moment.holders).size).toBe(moment.holders.length);
      }

      // A completed embed task: the device it ran on and the device memory around it.
      await openView(page, 'tasks');
      await searchTasks(page, 'name:embed state:completed');
      const ref = await page.getByTestId('task-row').first().getAttribute('data-ref');
      expect(ref).toMatch(/^embed:/);
      await openTask(page, ref!);
      const detail = page.locator(`[data-testid="task-detail"][data-ref="${ref}"]`);
      expect(await detail.locator('[data-fact="device"] dd').textContent()).toMatch(/^sim:[01] \(simulated, cpu\)$/);
      expect(await detail.locator('[data-fact="GPU mem. before"] dd').textContent()).toMatch(/^\d+ MiB$/);
      expect(await detail.locator('[data-fact="GPU mem. after"] dd').textContent()).toMatch(/^\d+ MiB \(simulated\)$/);
      await screenshot(page, 'gpu-one-task-detail', 'task-detail');
      // ...and as columns of the tasks view.
      await page.locator('[data-testid="task-columns"] summary').click();
      for (const column of ['gpu-before', 'gpu-after']) {
        await page.locator(`[data-testid="task-column-toggle"][data-column="${column}"]`).check();
      }
      await expect
        .poll(() => page.getByTestId('task-gpu-after').allTextContents())
        .toEqual(expect.arrayContaining([expect.stringMatching(/^\d+ MiB$/)]));
      expect(await page.getByTestId('task-gpu-before').first().textContent()).toMatch(/^\d+ MiB$/);
    },
    TEST_TIMEOUT_MS,
  );
});
