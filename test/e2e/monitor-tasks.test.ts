// The tasks view against a real indexing run with two files that fail extraction: the list,
// counts that agree with it, filters, the query language, a task's detail (timeline, attempts,
// logs, parent and children), retrying a failed job from the UI after its file is fixed, and a
// bulk retry.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addFolder, openApp, screenshot, waitForFolderDone, type AppPage } from './helpers/browser';
import {
  fixFile,
  makeBrokenCorpus,
  openTask,
  openView,
  pickTab,
  rowRefs,
  searchTasks,
  tabCounts,
  tasksReady,
  waitForDetailState,
  writeBrokenFiles,
  BROKEN_CORPUS_ENV,
} from './helpers/monitor';
import { useServedApp } from './helpers/suite';
import { nestedQuotesHtml } from '../helpers/format-corpus';

const NOTES = 40;
/** Extract jobs of the second folder that wait in the paused queue (16 files each). */
const WAITING_BATCHES = 4;
const FILES_PER_BATCH = 16;

/** The count shown by the folder row's "N indexed". */
async function indexedFiles(page: Page, folder: string): Promise<number> {
  const text = await page.locator(`[data-testid="folder-row"][data-folder-path="${folder}"] [data-testid="folder-indexed"]`).textContent();
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

describe('tasks view', () => {
  // No watcher: the fixed files must be picked up by the retry, not by a watched change.
  const ctx = useServedApp({ env: { ...BROKEN_CORPUS_ENV, SEMANTIK_WATCH: '0', SEMANTIK_ABORT_GRACE: '3s' } });
  let app: AppPage;
  let corpus: ReturnType<typeof makeBrokenCorpus>;
  let failedRefs: string[] = [];

  it('lists every job of a run with counts that agree, filters and searches with the query language', async () => {
    corpus = makeBrokenCorpus(NOTES);
    ctx.cleanup.push(corpus.root);
    await writeBrokenFiles(corpus);
    app = await openApp(ctx.browser, ctx.app);
    const { page } = app;
    await addFolder(page, corpus.root);
    await waitForFolderDone(page, corpus.root);
    expect(await indexedFiles(page, corpus.root)).toBe(NOTES);

    // The home view's jobs panel names each job's folder.
    const jobFolders = await page.getByTestId('job-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-folder')));
    expect(jobFolders.length).toBeGreaterThan(0);
    expect(jobFolders.filter((folder) => folder === corpus.root).length).toBeGreaterThan(0);
    await openView(page, 'tasks');
    await tasksReady(page, '').waitFor();
    // The history records jobs as their events arrive: wait until it has seen the run finish.
    for (const [state, count] of [
      ['failed', 2],
      ['active', 0],
      ['waiting', 0],
      ['waiting-children', 0],
    ] as const) {
      await page.locator(`[data-testid="task-state-tab"][data-state="${state}"][data-count="${count}"]`).waitFor({ timeout: 60_000 });
    }
    // Every state tab's count is the number of rows it lists, and "all" is their sum.
    const counts = await tabCounts(page);
    expect(counts.completed).toBeGreaterThan(4);
    const sum = Object.entries(counts)
      .filter(([state]) => state !== 'all')
      .reduce((total, [, count]) => total + count, 0);
    expect(counts.all).toBe(sum);
    expect(Number(await page.getByTestId('tasks-total').getAttribute('data-total'))).toBe(counts.all);
    for (const state of ['failed', 'completed']) {
      await pickTab(page, state);
      const refs = await rowRefs(page);
      expect(refs.length).toBe(counts[state]);
      expect(await page.getByTestId('tasks-total').getAttribute('data-total')).toBe(String(counts[state]));
    }
    await pickTab(page, 'all');
    await screenshot(page, 'monitor-tasks', 'view-tasks');

    // A filter control: only extract jobs, three batches of files (16, 16, 10).
    await page.getByTestId('task-filter-name').selectOption('extract');
    await tasksReady(page, 'name:extract').waitFor();
    expect(await page.locator('[data-testid="task-row"]').count()).toBe(3);
    expect(await page.locator('[data-testid="task-row"]:not([data-name="extract"])').count()).toBe(0);
    // Each names its work: the batch's first file and how many more, by its path inside the folder.
    const subjects = await page.locator('[data-testid="task-row"] [data-testid="task-subject"]').allTextContents();
    expect(subjects).toHaveLength(3);
    for (const subject of subjects) expect(subject.trim()).toMatch(/^[amz]\/[\w.-]+( and \d+ more files?)?$/);
    expect(subjects.join(' ')).toContain('a/report.docx');
    await page.getByTestId('task-filter-name').selectOption('');

    // The query language with free text: the failed job whose error names the Word file.
    await searchTasks(page, 'state:failed name:extract "report.docx"');
    failedRefs = await rowRefs(page);
    expect(failedRefs).toHaveLength(1);
    await searchTasks(page, 'state:failed');
    failedRefs = await rowRefs(page);
    expect(failedRefs).toHaveLength(2);
    // A query that does not parse is refused with the reason, before it is sent.
    await page.getByTestId('task-search').fill('state:exploded');
    await page.getByTestId('task-search-submit').click();
    expect(await page.getByTestId('task-query-error').textContent()).toContain('exploded');
    // It lists nothing and leaves nothing to act on: the last good query's rows are not its answer.
    await page.locator('[data-testid="tasks-table"][data-invalid="true"][data-total="0"]').waitFor();
    expect(await page.getByTestId('task-row').count()).toBe(0);
    expect(await page.getByTestId('bulk-retry').isDisabled()).toBe(true);
    await searchTasks(page, 'state:failed');
    expect(await rowRefs(page)).toHaveLength(2);
    expect(await page.getByTestId('bulk-retry').isEnabled()).toBe(true);

    // Without GPUs (none here, none simulated) the GPU view says plainly where work runs.
    await openView(page, 'gpus');
    expect(await page.getByTestId('gpus-none').textContent()).toContain('work runs on the CPU');
    await screenshot(page, 'monitor-gpus-cpu-only', 'view-gpus');
    await openView(page, 'tasks');
    expect(app.consoleErrors).toEqual([]);
  });

  it('shows a task in full: timeline, attempts with errors, logs, data, parent and children', async () => {
    const { page } = app;
    await searchTasks(page, 'state:failed name:extract report');
    const [ref] = await rowRefs(page);
    expect(ref).toBeDefined();
    await openTask(page, ref!);
    const detail = page.getByTestId('task-detail');
    expect(await detail.getByTestId('task-error').textContent()).toContain('not a valid Word document');
    // The job is still in Redis; its detail names its work as the list does (the file looked up in the store).
    expect(await detail.locator('[data-fact="works on"] dd').textContent()).toContain('report.docx');
    expect(await detail.getByTestId('task-logs').textContent()).toContain('report.docx');
    expect(await detail.locator('[data-testid="task-attempt"][data-outcome="failed"]').count()).toBe(1);
    const events = await detail.getByTestId('timeline-entry').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-event')));
    expect(events).toEqual(expect.arrayContaining(['added', 'active', 'failed']));
    // Extract jobs carry document ids, never paths (processors take paths from the store).
    expect(await detail.getByTestId('task-data').textContent()).toMatch(/"docId": \d+/);
    expect(await detail.getByTestId('task-data').textContent()).not.toContain('report.docx');
    expect(await detail.getByTestId('task-retry').isEnabled()).toBe(true);
    expect(await detail.getByTestId('task-cancel').isEnabled()).toBe(false);
    await screenshot(page, 'monitor-task-detail-failed', 'task-detail');

    // An ingest job lists its embed children; a child links back to its parent.
    await searchTasks(page, 'name:ingest state:completed');
    const [ingest] = await rowRefs(page);
    await openTask(page, ingest!);
    const child = detail.getByTestId('task-child').first();
    const childRef = await child.getAttribute('data-ref');
    await child.click();
    await page.locator(`[data-testid="task-detail"][data-ref="${childRef}"] [data-testid="task-parent"][data-ref="${ingest}"]`).waitFor();
    await screenshot(page, 'monitor-task-detail-child', 'task-detail');
    await detail.getByTestId('task-parent').click();
    await page.locator(`[data-testid="task-detail"][data-ref="${ingest}"]`).waitFor();

    // Each detail has an address: Back and Forward walk through the details opened; a reload keeps one.
    expect(new URL(page.url()).hash).toBe(`#tasks/${encodeURIComponent(ingest!)}`);
    await page.goBack();
    await page.locator(`[data-testid="task-detail"][data-ref="${childRef}"]`).waitFor();
    await page.goBack();
    await page.locator(`[data-testid="task-detail"][data-ref="${ingest}"]`).waitFor();
    await page.goForward();
    await page.locator(`[data-testid="task-detail"][data-ref="${childRef}"]`).waitFor();
    await page.reload();
    await page.locator(`[data-testid="task-detail"][data-ref="${childRef}"] [data-testid="task-detail-state"]`).waitFor();
    await page.getByTestId('task-detail-close').click();
    expect(new URL(page.url()).hash).toBe('#tasks');
    await page.goBack();
    await page.locator(`[data-testid="task-detail"][data-ref="${childRef}"]`).waitFor();
    await page.getByTestId('task-detail-close').click();
  });

  it('retries a failed job from its detail once the file is fixed, and the rest in bulk', async () => {
    const { page } = app;
    // The Word file first, from the job's detail: the retried job reads the file again.
    await fixFile(corpus.docx, 'docx');
    await searchTasks(page, 'state:failed name:extract report');
    const [ref] = await rowRefs(page);
    await openTask(page, ref!);
    await page.getByTestId('task-retry').click();
    await waitForDetailState(page, ref!, 'completed', 90_000);
    const detail = page.getByTestId('task-detail');
    await detail.locator('[data-testid="task-attempt"][data-outcome="completed"]').waitFor();
    expect(await detail.locator('[data-testid="task-attempt"][data-outcome="failed"]').count()).toBe(1);
    await screenshot(page, 'monitor-task-detail-retried', 'task-detail');

    // The PDF by a bulk retry over the filtered selection.
    await fixFile(corpus.pdf, 'pdf');
    await searchTasks(page, 'state:failed');
    expect(await rowRefs(page)).toHaveLength(1);
    await page.getByTestId('bulk-retry').click();
    await page.getByTestId('bulk-confirm-yes').click();
    const result = page.getByTestId('bulk-result');
    await result.waitFor();
    expect(await result.getAttribute('data-done')).toBe('1');
    await screenshot(page, 'monitor-tasks-bulk-retry', 'view-tasks');
    await page.locator('[data-testid="task-state-tab"][data-state="failed"][data-count="0"]').waitFor({ timeout: 90_000 });

    // Both documents end up indexed: every file of the folder is.
    await openView(page, 'folders');
    await page
      .locator(`[data-testid="folder-row"][data-folder-path="${corpus.root}"] [data-testid="folder-indexed"]`)
      .filter({ hasText: `${NOTES + 2} indexed` })
      .waitFor({ timeout: 90_000 });
    expect(app.consoleErrors).toEqual([]);
  });

  it('pauses one queue so jobs wait, cancels one, changes priorities one and in bulk, resumes', async () => {
    const { page } = app;
    await openView(page, 'tasks');
    await page.locator('[data-testid="queue-pause"][data-queue="extract"]').click();
    await page.locator('[data-testid="queue-switch"][data-queue="extract"][data-paused="true"]').waitFor();
    // A second folder: its scan runs, its extract jobs wait in the paused queue.
    const second = makeBrokenCorpus(WAITING_BATCHES * FILES_PER_BATCH);
    ctx.cleanup.push(second.root);
    await openView(page, 'folders');
    await addFolder(page, second.root);
    await openView(page, 'tasks');
    const query = `state:paused name:extract folder:${second.root}`;
    await searchTasks(page, query);
    await page.locator(`[data-testid="task-state-tab"][data-state="paused"][data-count="${WAITING_BATCHES}"]`).waitFor({ timeout: 60_000 });
    const waiting = await rowRefs(page);
    expect(waiting).toHaveLength(WAITING_BATCHES);
    await screenshot(page, 'monitor-tasks-paused-queue', 'view-tasks');

    await openTask(page, waiting[0]!);
    expect(await page.getByTestId('task-retry').isEnabled()).toBe(false);
    await page.getByTestId('task-cancel').click();
    await waitForDetailState(page, waiting[0]!, 'cancelled');

    await openTask(page, waiting[1]!);
    await page.getByTestId('task-priority-value').fill('5');
    await page.getByTestId('task-priority').click();
    await page.locator('[data-testid="task-detail"] [data-fact="priority"] dd').filter({ hasText: /^5$/ }).waitFor();

    // Bulk: the rest of the selection (the cancelled one is no longer waiting) to priority 3.
    await page.getByTestId('bulk-priority-value').fill('3');
    await page.getByTestId('bulk-priority').click();
    await page.getByTestId('bulk-confirm-yes').click();
    await page.locator(`[data-testid="bulk-result"][data-done="${WAITING_BATCHES - 1}"]`).waitFor();
    await page.locator(`[data-testid="task-row"][data-ref="${waiting[2]}"][data-priority="3"]`).waitFor();

    await page.locator('[data-testid="queue-pause"][data-queue="extract"]').click();
    await page.locator('[data-testid="queue-switch"][data-queue="extract"][data-paused="false"]').waitFor();
    await searchTasks(page, `name:extract folder:${second.root}`);
    await page.locator('[data-testid="task-state-tab"][data-state="cancelled"][data-count="1"]').waitFor();
    await page
      .locator(`[data-testid="task-state-tab"][data-state="completed"][data-count="${WAITING_BATCHES - 1}"]`)
      .waitFor({ timeout: 90_000 });
  });

  it('promotes a delayed job: the daily cleanup runs now', async () => {
    const { page } = app;
    await searchTasks(page, 'state:delayed name:cleanup_old_results');
    const [ref] = await rowRefs(page);
    expect(ref).toBeDefined();
    await openTask(page, ref!);
    await page.getByTestId('task-promote').click();
    await waitForDetailState(page, ref!, 'completed', 60_000);
    expect(await page.getByTestId('task-result').textContent()).toContain('retention');
  });

  it('aborts a running job: it fails with the reason, and its timeline shows the request', async () => {
    const { page } = app;
    const third = makeBrokenCorpus(0);
    ctx.cleanup.push(third.root);
    // Minutes of parsing (see format-corpus.ts): running long enough to be aborted.
    writeFileSync(join(third.root, 'm', 'slow.html'), nestedQuotesHtml());
    await openView(page, 'folders');
    await addFolder(page, third.root);
    await openView(page, 'tasks');
    await searchTasks(page, `state:active name:extract folder:${third.root}`);
    await page.locator('[data-testid="task-state-tab"][data-state="active"][data-count="1"]').waitFor({ timeout: 60_000 });
    const [ref] = await rowRefs(page);
    await openTask(page, ref!);
    await page.getByTestId('task-abort').click();
    await page.getByTestId('task-action-message').filter({ hasText: 'abort requested' }).waitFor();
    await waitForDetailState(page, ref!, 'failed', 90_000);
    expect(await page.getByTestId('task-error').textContent()).toMatch(/abort/i);
    await page.locator('[data-testid="task-detail"] [data-testid="timeline-entry"][data-event="abort-requested"]').waitFor();
    await screenshot(page, 'monitor-task-detail-aborted', 'task-detail');
    expect(app.consoleErrors).toEqual([]);
    await app.context.close();
  });
});
