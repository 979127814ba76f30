// A folder's failed and skipped files are listed by reason: one group per reason (per-file
// details such as an offset do not split it) with its count, largest first, collapsed when the
// list is long, and a filter by path or reason that says how many files match.
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildZip } from '../helpers/zip-builder';
import { addFolder, openApp, screenshot, waitForFolderDone } from './helpers/browser';
import { waitForRows } from './helpers/page-wait';
import { useServedApp } from './helpers/suite';

const REPORTS = 18;
const BROKEN_TEXTS = 3;

/** Three good notes and 24 problems of four reasons: 18 + 3 failed, 2 + 1 skipped. */
function writeProblemFolder(folder: string): void {
  for (const dir of ['notes', 'reports', 'texts', 'media']) mkdirSync(join(folder, dir));
  for (const [index, topic] of ['the harbour ferry', 'a sourdough starter', 'tomatoes in the garden'].entries()) {
    writeFileSync(join(folder, 'notes', `note-${index}.txt`), `An ordinary note about ${topic}, written to be indexed.\n`);
  }
  // A ZIP archive named .docx: no Word document inside, so each fails with the same reason.
  const zip = buildZip([{ name: 'readme.txt', data: 'just a zip archive, renamed' }]);
  for (let index = 0; index < REPORTS; index++)
    writeFileSync(join(folder, 'reports', `report-${String(index).padStart(2, '0')}.docx`), zip);
  // UTF-8 text with one stray byte, each at another offset: the reason names the offset.
  for (let index = 0; index < BROKEN_TEXTS; index++) {
    const head = Buffer.from(`Café crème brûlée, note ${'x'.repeat(index * 7)} `, 'utf8');
    writeFileSync(
      join(folder, 'texts', `broken-${index}.txt`),
      Buffer.concat([head, Buffer.from([0xff]), Buffer.from(' déjà vu\n', 'utf8')]),
    );
  }
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  for (const name of ['photo-a.png', 'photo-b.png']) writeFileSync(join(folder, 'media', name), png);
  writeFileSync(join(folder, 'media', 'clip.mp4'), Buffer.alloc(64));
}

/** The groups in the order shown: state, count, total and reason. */
function groupsShown(page: Page): Promise<Array<{ state: string; count: number; total: number; reason: string; open: string }>> {
  return page.getByTestId('folder-problem-group').evaluateAll((groups) =>
    groups.map((group) => ({
      state: group.getAttribute('data-state') ?? '',
      count: Number(group.getAttribute('data-count')),
      total: Number(group.getAttribute('data-total')),
      reason: group.getAttribute('data-reason') ?? '',
      open: group.getAttribute('data-open') ?? '',
    })),
  );
}

describe('folder problems', () => {
  const ctx = useServedApp();

  it('groups failed and skipped files by reason, with counts, and filters them by path or reason', async () => {
    const folder = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-folder-problems-')));
    ctx.cleanup.push(folder);
    writeProblemFolder(folder);
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      await addFolder(page, folder);
      await waitForFolderDone(page, folder);
      const row = page.locator(`[data-testid="folder-row"][data-folder-path="${folder}"]`);
      expect(await row.getByTestId('folder-counts').getAttribute('data-failed')).toBe(String(REPORTS + BROKEN_TEXTS));
      expect(await row.getByTestId('folder-counts').getAttribute('data-skipped')).toBe('3');

      await row.getByTestId('folder-problems-toggle').click();
      await waitForRows(page, '[data-testid="folder-problem-group"]', 4, 'data-open', ['false']);
      const groups = await groupsShown(page);
      expect(groups.map(({ state, count, total }) => [state, count, total])).toEqual([
        ['failed', REPORTS, REPORTS],
        ['failed', BROKEN_TEXTS, BROKEN_TEXTS],
        ['unsupported', 2, 2],
        ['unsupported', 1, 1],
      ]);
      expect(groups[0]!.reason).toMatch(/^not a valid Word document/);
      // The three offsets differ, so the heading masks them; the byte is the same in all three.
      expect(groups[1]!.reason).toMatch(/^invalid UTF-8: byte 0xff at offset … \(/);
      expect(groups[2]!.reason).toBe('unsupported format .png (an image)');
      expect(groups[3]!.reason).toBe('unsupported format .mp4 (a video)');
      const first = page.getByTestId('folder-problem-group').first();
      expect(await first.getByRole('button').textContent()).toMatch(
        new RegExp(`^▸ failed: not a valid Word document.* — ${REPORTS} files$`),
      );
      // A list of 24 shows only its groups; none of the files yet.
      expect(await page.getByTestId('folder-problem').count()).toBe(0);
      expect(await page.getByTestId('folder-problem-matches').textContent()).toBe('24 files, 4 reasons');
      expect(await page.getByTestId('folder-retry-failed').textContent()).toBe(`Retry the ${REPORTS + BROKEN_TEXTS} failed`);

      // Opening a group lists its files, each with its own reason (its offset).
      await page.getByTestId('folder-problem-group').nth(1).getByRole('button').click();
      await waitForRows(page, '[data-testid="folder-problem"]', BROKEN_TEXTS, 'data-state', ['failed']);
      expect(await page.getByTestId('folder-problem').first().textContent()).toMatch(
        /broken-0\.txt invalid UTF-8: byte 0xff at offset \d+/,
      );
      await screenshot(page, 'folder-problems-grouped', 'folder-problems');

      // The filter matches paths...
      await page.getByTestId('folder-problem-filter').fill('photo');
      await page.locator('[data-testid="folder-problem-matches"][data-matches="2"]').waitFor();
      expect(await page.getByTestId('folder-problem-matches').textContent()).toBe('2 of 24 files match');
      expect((await groupsShown(page)).map(({ state, count, open }) => [state, count, open])).toEqual([['unsupported', 2, 'true']]);
      await waitForRows(page, '[data-testid="folder-problem"]', 2, 'data-state', ['unsupported']);
      // ...and reasons, every word, whatever the case; a group shows how many of its files match.
      await page.getByTestId('folder-problem-filter').fill('WORD report-1');
      await page.locator('[data-testid="folder-problem-matches"][data-matches="8"]').waitFor();
      expect((await groupsShown(page)).map(({ count, total }) => [count, total])).toEqual([[8, REPORTS]]);
      expect(await page.getByTestId('folder-problem-group').getByRole('button').textContent()).toMatch(
        new RegExp(`— 8 of ${REPORTS} files$`),
      );
      await page.getByTestId('folder-problem-filter').fill('no such file anywhere');
      await page.locator('[data-testid="folder-problem-matches"][data-matches="0"]').waitFor();
      expect(await page.getByTestId('folder-problem-group').count()).toBe(0);
      await page.getByTestId('folder-problem-filter').fill('');
      await waitForRows(page, '[data-testid="folder-problem-group"]', 4, 'data-state', ['failed', 'unsupported']);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
