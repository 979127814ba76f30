// The tasks view's durable history: after the app is stopped and started again on the same data
// folder it lists every job of the previous run with the same counts; and with 200,000 recorded
// jobs the first page of a filtered search loads in under a second (measured from the action to
// the rows on screen, and printed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addFolder, launchBrowser, openApp, screenshot, waitForFolderDone } from './helpers/browser';
import { ensureRendererBuilt } from './helpers/build-renderer';
import { BROKEN_CORPUS_ENV, makeBrokenCorpus, openView, rowRefs, tabCounts, tasksReady, writeBrokenFiles } from './helpers/monitor';
import { seedHistoryInChild } from './helpers/seed-history';
import { startServe, type ServedApp } from './helpers/serve';

const RECORDS = 200_000;
/** The target for the first page of a filtered search over 200,000 jobs. */
const FIRST_PAGE_TARGET_MS = 1_000;
/** Tall enough that every job of the small run is on screen at once (the list is virtualised). */
const TALL = { width: 1280, height: 2400 };

/** Waits until no job of the run is pending in the history, then reads the counts and the rows. */
async function settledTasks(page: Page, failed: number): Promise<{ counts: Record<string, number>; refs: string[] }> {
  await openView(page, 'tasks');
  await tasksReady(page, '').waitFor();
  for (const [state, count] of [
    ['failed', failed],
    ['active', 0],
    ['waiting', 0],
    ['waiting-children', 0],
  ] as const) {
    await page.locator(`[data-testid="task-state-tab"][data-state="${state}"][data-count="${count}"]`).waitFor({ timeout: 60_000 });
  }
  const counts = await tabCounts(page);
  const refs = (await rowRefs(page)).sort();
  expect(refs).toHaveLength(counts.all!);
  return { counts, refs };
}

describe('tasks history', () => {
  let browser: Browser;
  // Seeded in a child process while the restart test runs (about a minute on this machine).
  const seededDir = mkdtempSync(join(tmpdir(), 'semantik-e2e-history-'));
  let seeded: Promise<number>;
  const stops: Array<() => Promise<void>> = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    ensureRendererBuilt();
    seeded = seedHistoryInChild(seededDir, RECORDS);
    // Not awaited here: the second test does; a failure must not go unhandled meanwhile.
    seeded.catch(() => undefined);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const stop of stops.reverse()) await stop();
    await seeded?.catch(() => undefined);
    for (const dir of [...dirs, seededDir]) rmSync(dir, { recursive: true, force: true });
  });

  it('lists every job of the previous run with the same counts after a restart', async () => {
    const env = { ...BROKEN_CORPUS_ENV, SEMANTIK_WATCH: '0' };
    const corpus = makeBrokenCorpus(30);
    dirs.push(corpus.root);
    await writeBrokenFiles(corpus);
    const first = await startServe({ env });
    stops.push(() => first.stop());
    let page: Page;
    {
      const opened = await openApp(browser, first);
      page = opened.page;
      await page.setViewportSize(TALL);
      await addFolder(page, corpus.root);
      await waitForFolderDone(page, corpus.root);
    }
    const before = await settledTasks(page, 2);
    expect(before.counts.completed).toBeGreaterThan(4);
    await page.context().close();
    await first.stop({ keepData: true });

    const second: ServedApp = await startServe({ env, dataDir: first.dataDir });
    stops.push(() => second.stop());
    const { page: again, consoleErrors } = await openApp(browser, second);
    await again.setViewportSize(TALL);
    const after = await settledTasks(again, 2);
    expect(after.counts).toEqual(before.counts);
    expect(after.refs).toEqual(before.refs);
    await screenshot(again, 'monitor-tasks-after-restart', 'view-tasks');
    expect(consoleErrors).toEqual([]);
    await again.context().close();
  });

  it(`loads the first page of a filtered search over ${RECORDS.toLocaleString('en')} recorded jobs in under a second`, async () => {
    const dataDir = seededDir;
    process.stdout.write(`seeded ${RECORDS} job records through the recorder's write path in ${(await seeded).toFixed(1)} s\n`);

    const app = await startServe({ env: { SEMANTIK_WATCH: '0' }, dataDir });
    stops.push(() => app.stop());
    const { page, consoleErrors } = await openApp(browser, app);
    // Timed on a steady app: its worker started (compiling and loading the model takes a core for
    // seconds on this machine), not while it starts.
    await page.locator('[data-testid="worker-row"][data-state="idle"]').first().waitFor({ timeout: 60_000 });
    await openView(page, 'tasks');
    await page.locator('[data-testid="tasks-table"][data-ready="true"][data-q=""] [data-testid="task-row"]').first().waitFor();
    expect(Number(await page.getByTestId('tasks-total').getAttribute('data-total'))).toBeGreaterThanOrEqual(RECORDS);

    // A filter (the type control), then a search typed in the box: each timed from the action to
    // its rows on screen.
    let started = performance.now();
    await page.getByTestId('task-filter-name').selectOption('embed');
    await page.locator('[data-testid="tasks-table"][data-ready="true"][data-q="name:embed"] [data-testid="task-row"]').first().waitFor();
    const filterMs = performance.now() - started;
    await page.getByTestId('task-search').fill('state:failed memory');
    const q = 'name:embed state:failed memory';
    started = performance.now();
    await page.getByTestId('task-search').press('Enter');
    await page.locator(`[data-testid="tasks-table"][data-ready="true"][data-q="${q}"] [data-testid="task-row"]`).first().waitFor();
    const searchMs = performance.now() - started;
    const footer = await page.getByTestId('tasks-total').textContent();
    process.stdout.write(
      `${RECORDS} recorded jobs: filter "name:embed" rows on screen in ${filterMs.toFixed(0)} ms; ` +
        `search "${q}" rows on screen in ${searchMs.toFixed(0)} ms (${footer})\n`,
    );
    const rows = await page
      .locator('[data-testid="task-row"]')
      .evaluateAll((all) => all.map((row) => [row.getAttribute('data-name'), row.getAttribute('data-state')]));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every(([name, state]) => name === 'embed' && state === 'failed')).toBe(true);
    expect(searchMs).toBeLessThan(FIRST_PAGE_TARGET_MS);
    expect(filterMs).toBeLessThan(FIRST_PAGE_TARGET_MS);
    await screenshot(page, 'monitor-tasks-200k', 'view-tasks');
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });
});
