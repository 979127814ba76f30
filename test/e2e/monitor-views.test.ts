// The monitor's other views against one real indexing run on two simulated GPUs: the GPU view
// (the one worker holds one device at a time, "n/a" stats, live charts), the dashboard's charts, the broker view
// with one queue paused and resumed, the workers view's actions (scale, restart, stop, autoscale)
// and the schedules (the daily cleanup at midnight; add, change, run now, remove).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addFolder, openApp, screenshot, waitForFolderDone, type AppPage } from './helpers/browser';
import { makeLongCorpus, openView } from './helpers/monitor';
import { waitForNumber, waitForRows } from './helpers/page-wait';
import { useServedApp } from './helpers/suite';

const FILES = 240;
const KIB_PER_FILE = 8;
/** Embed jobs held back before the queue is resumed: a backlog keeps both devices leased a while. */
const BACKLOG = 12;

interface GpuRecord {
  holders: string[];
  /** The most cards held at one instant. */
  maxHeld: number;
}
interface RecorderGlobals {
  document: { querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }> };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, boolean>): void };
  __gpus?: GpuRecord;
}

/** Records every lease holder and the most cards held at once from now on. */
async function recordGpus(page: Page): Promise<void> {
  await page.evaluate(() => {
    const page = globalThis as unknown as RecorderGlobals;
    const record: GpuRecord = { holders: [], maxHeld: 0 };
    page.__gpus = record;
    new page.MutationObserver(() => {
      let held = 0;
      for (const card of Array.from(page.document.querySelectorAll('[data-testid="gpu-card"]'))) {
        const holder = card.getAttribute('data-lease-holder') ?? '';
        if (holder !== '' && !record.holders.includes(holder)) record.holders.push(holder);
        if (holder !== '') held += 1;
      }
      record.maxHeld = Math.max(record.maxHeld, held);
    }).observe(page.document, { subtree: true, childList: true, attributes: true });
  });
}

function recorded(page: Page): Promise<GpuRecord> {
  return page.evaluate(() => (globalThis as unknown as RecorderGlobals).__gpus ?? { holders: [], maxHeld: 0 });
}

/** The next local midnight, as the schedule list's `data-next-run` gives it (epoch ms). */
function nextLocalMidnight(now = new Date()): number {
  const midnight = new Date(now);
  midnight.setHours(24, 0, 0, 0);
  return midnight.getTime();
}

describe('monitor views', () => {
  const ctx = useServedApp({ env: { SEMANTIK_GPUS: 'sim:2', SEMANTIK_WATCH: '0' } });
  let app: AppPage;

  it('GPU view: the one worker holds one simulated device at a time while a backlog is embedded, nobody waits; stats n/a', async () => {
    const corpus = makeLongCorpus(FILES, KIB_PER_FILE);
    ctx.cleanup.push(corpus);
    app = await openApp(ctx.browser, ctx.app);
    const { page } = app;
    // Hold the embed jobs back, so that once resumed they queue for the two devices.
    await openView(page, 'broker');
    await page.locator('[data-testid="broker-queue-pause"][data-queue="embed"]').click();
    await page.locator('[data-testid="broker-queue"][data-queue="embed"][data-paused="true"]').waitFor();
    await openView(page, 'folders');
    await addFolder(page, corpus);
    await openView(page, 'broker');
    await waitForNumber(page, '[data-testid="broker-queue"][data-queue="embed"]', 'data-waiting', '>=', BACKLOG, 120_000);
    await screenshot(page, 'monitor-broker-paused', 'view-broker');

    await recordGpus(page);
    await page.locator('[data-testid="broker-queue-pause"][data-queue="embed"]').click();
    await openView(page, 'gpus');
    expect(await page.getByTestId('gpu-card').count()).toBe(2);
    const held = page.locator('[data-testid="gpu-card"]:not([data-lease-holder=""])').first();
    await held.waitFor({ timeout: 60_000 });
    await screenshot(page, 'monitor-gpus', 'view-gpus');
    // Its jobs share its one device (in turns): the holder changes with each job's turn.
    await page.waitForFunction(() => ((globalThis as unknown as RecorderGlobals).__gpus?.holders.length ?? 0) > 1, undefined, {
      timeout: 60_000,
    });
    expect(await page.getByTestId('gpu-wait-list').getAttribute('data-waiters')).toBe('0');
    const record = await recorded(page);
    expect(record.holders.length).toBeGreaterThan(0);
    expect(record.holders.every((holder) => holder.startsWith('w1:'))).toBe(true);
    // One worker, one device at a time: never both cards held.
    expect(record.maxHeld).toBe(1);
    // Simulated devices have no nvidia-smi figures: said as "n/a", never as 0.
    for (const figure of ['gpu-util', 'gpu-memory', 'gpu-temp', 'gpu-power']) {
      expect(await page.getByTestId(figure).first().textContent()).toBe('n/a');
    }
    expect(await page.locator('[data-testid="gpu-card"] .chart canvas').count()).toBeGreaterThanOrEqual(8);
    expect(await page.getByTestId('gpus-none').count()).toBe(0);

    await openView(page, 'folders');
    await waitForFolderDone(page, corpus, 180_000);
    // Memory before and after each device's last task (a simulated device measures its worker's RSS).
    await openView(page, 'gpus');
    await expect
      .poll(() => page.getByTestId('gpu-task-memory').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/^\d+ MiB before, \d+ MiB after \(worker RSS\)$/)]));
  });

  it('dashboard: live charts of throughput and failure rate', async () => {
    const { page } = app;
    await openView(page, 'dashboard');
    for (const chart of ['chart-jobs', 'chart-chunks', 'chart-failures']) {
      await page.locator(`[data-testid="${chart}"] canvas`).first().waitFor();
      await waitForNumber(page, `[data-testid="${chart}"]`, 'data-points', '>', 5);
    }
    // The run just done is in the last minutes' series.
    await waitForNumber(page, '[data-testid="chart-jobs"]', 'data-max', '>', 0);
    await waitForNumber(page, '[data-testid="chart-chunks"]', 'data-max', '>', 0);
    expect(await page.getByTestId('tile-workers').getAttribute('data-value')).toBe('1');
    await screenshot(page, 'monitor-dashboard', 'view-dashboard');
  });

  it('broker view: Redis facts and per-queue counts; pausing one queue and resuming it', async () => {
    const { page } = app;
    await openView(page, 'broker');
    const facts = page.getByTestId('broker-facts');
    expect(await facts.locator('[data-fact="version"] dd').textContent()).toMatch(/^\d+\.\d+\.\d+ \(embedded\)$/);
    expect(await page.getByTestId('broker-aof').textContent()).toBe('on');
    expect(await facts.locator('[data-fact="limit"] dd').textContent()).toBe('1.0 GiB');
    expect(Number(await facts.locator('[data-fact="clients"] dd').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('broker-queue').count()).toBe(5);
    expect(await page.locator('[data-testid="broker-queue"][data-queue="embed"] [data-count="completed"]').textContent()).not.toBe('0');
    await page.locator('[data-testid="broker-queue-pause"][data-queue="ingest"]').click();
    await page.locator('[data-testid="broker-queue"][data-queue="ingest"][data-paused="true"]').waitFor();
    expect(await page.locator('[data-testid="broker-queue"][data-paused="true"]').count()).toBe(1);
    await page.locator('[data-testid="broker-queue-pause"][data-queue="ingest"]').click();
    await page.locator('[data-testid="broker-queue"][data-queue="ingest"][data-paused="false"]').waitFor();
    await waitForNumber(page, '[data-testid="broker-chart-ops"]', 'data-points', '>', 2);
    await screenshot(page, 'monitor-broker', 'view-broker');
  });

  it('workers view: scale the pool, restart one, stop one gracefully, autoscale on and off', async () => {
    const { page } = app;
    await openView(page, 'workers');
    const row = (id: string, state: string): ReturnType<Page['locator']> =>
      page.locator(`[data-testid="worker-view-row"][data-worker-id="${id}"][data-state="${state}"]`);
    await page.getByTestId('workers-view-count').selectOption('2');
    await row('w2', 'idle').waitFor({ timeout: 60_000 });
    await row('w1', 'idle').waitFor();

    const pid = await page.locator('[data-testid="worker-view-row"][data-worker-id="w1"]').getAttribute('data-pid');
    await page.locator('[data-testid="worker-view-row"][data-worker-id="w1"] [data-testid="worker-restart"]').click();
    await page
      .locator('[data-testid="worker-confirm"][data-action="restart"][data-worker-id="w1"] [data-testid="worker-confirm-yes"]')
      .click();
    // A fresh process takes its place; the old one is listed offline.
    await row('w3', 'idle').waitFor({ timeout: 60_000 });
    await row('w1', 'offline').waitFor({ timeout: 60_000 });
    expect(pid).not.toBe('');

    await page.locator('[data-testid="worker-view-row"][data-worker-id="w2"] [data-testid="worker-stop"]').click();
    await page
      .locator('[data-testid="worker-confirm"][data-action="stop"][data-worker-id="w2"] [data-testid="worker-confirm-yes"]')
      .click();
    await row('w2', 'offline').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('workers-view-count').inputValue()).toBe('1');
    await waitForRows(page, '[data-testid="worker-view-row"]:not([data-state="offline"])', 1, 'data-worker-id', ['w3']);
    expect(await page.getByTestId('worker-restart').first().isEnabled()).toBe(true);
    // Flower's counters: retried (a failed attempt sent back) apart from failed (none left).
    expect(await page.locator('[data-testid="view-workers"] thead').textContent()).toMatch(/processed.*failed.*retried/);
    expect(await page.locator('[data-testid="worker-view-row"][data-worker-id="w3"] [data-testid="worker-retried"]').textContent()).toMatch(
      /^\d+$/,
    );
    await screenshot(page, 'monitor-workers', 'view-workers');

    await page.getByTestId('autoscale-min').fill('1');
    await page.getByTestId('autoscale-max').fill('2');
    await page.getByTestId('autoscale-idle').fill('30');
    await page.getByTestId('autoscale-apply').click();
    await page.locator('[data-testid="autoscale"][data-enabled="true"]').waitFor();
    expect(await page.getByTestId('autoscale-state').textContent()).toBe('on: 1–2 workers, idle 30 s');
    await page.getByTestId('autoscale-off').click();
    await page.locator('[data-testid="autoscale"][data-enabled="false"]').waitFor();
  });

  it('schedules: the daily cleanup at local midnight; add, change, run now, remove', async () => {
    const { page } = app;
    await openView(page, 'schedules');
    const cleanup = page.locator('[data-testid="schedule-row"][data-name="cleanup_old_results"]');
    await cleanup.waitFor();
    expect(await cleanup.getAttribute('data-pattern')).toBe('0 0 * * *');
    expect(Number(await cleanup.getAttribute('data-next-run'))).toBe(nextLocalMidnight());
    // Shown in the browser's locale, as every time in the monitor is.
    const midnightText = await page.evaluate(
      (at) => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(at),
      nextLocalMidnight(),
    );
    expect(await cleanup.getByTestId('schedule-next').textContent()).toContain(midnightText);

    await page.getByTestId('schedule-add').click();
    await page.getByTestId('schedule-name').fill('nightly-ping');
    await page.getByTestId('schedule-pattern').fill('61 2 * * *');
    expect(await page.getByTestId('schedule-pattern-error').textContent()).toContain('minute');
    expect(await page.getByTestId('schedule-save').isDisabled()).toBe(true);
    await page.getByTestId('schedule-pattern').fill('30 2 * * *');
    await page.getByTestId('schedule-task').selectOption('test_task');
    await page.getByTestId('schedule-save').click();
    const ping = page.locator('[data-testid="schedule-row"][data-name="nightly-ping"]');
    await ping.waitFor();
    const twoThirty = new Date(nextLocalMidnight() - 86_400_000);
    twoThirty.setHours(2, 30, 0, 0);
    if (twoThirty.getTime() <= Date.now()) twoThirty.setDate(twoThirty.getDate() + 1);
    expect(Number(await ping.getAttribute('data-next-run'))).toBe(twoThirty.getTime());

    await ping.getByTestId('schedule-edit').click();
    await page.getByTestId('schedule-pattern').fill('@hourly');
    await page.getByTestId('schedule-save').click();
    await page.locator('[data-testid="schedule-row"][data-name="nightly-ping"][data-pattern="0 * * * *"]').waitFor();

    await ping.getByTestId('schedule-run').click();
    await page.getByTestId('schedule-run-started').waitFor();
    await ping.locator('[data-testid="schedule-last"][data-state="completed"]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'monitor-schedules', 'view-schedules');

    await ping.getByTestId('schedule-remove').click();
    await ping.getByTestId('schedule-remove-confirm').click();
    await ping.waitFor({ state: 'detached' });
    await openView(page, 'models');
    await page.getByTestId('panel-models').waitFor();
    expect(app.consoleErrors).toEqual([]);
    await app.context.close();
  });
});
