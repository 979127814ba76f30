// The folder row and `semantik status --json` show the same file counts, read from the same store.
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatusFolder } from '../../src/shared/instance-status';
import { EXIT } from '../../src/main/cli/exit-codes';
import { parseJsonOutput, runCli } from '../helpers/cli';
import { MIXED_COUNTS, writeMixedFolder } from '../helpers/mixed-folder';
import { addFolder, openApp, waitForFolderDone } from './helpers/browser';
import { useServedApp } from './helpers/suite';

describe('folder counts', () => {
  const ctx = useServedApp();

  it('shows indexed, failed and skipped files that add up, as semantik status lists them', async () => {
    const folder = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-folder-counts-')));
    ctx.cleanup.push(folder);
    writeMixedFolder(folder);
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      await addFolder(page, folder);
      await waitForFolderDone(page, folder);
      const counts = page.locator(`[data-testid="folder-row"][data-folder-path="${folder}"] [data-testid="folder-counts"]`);
      const shown = Object.fromEntries(
        await Promise.all(
          (['files', 'indexed', 'failed', 'skipped', 'pending'] as const).map(async (key) => [
            key,
            Number(await counts.getAttribute(`data-${key}`)),
          ]),
        ),
      );
      expect(shown).toEqual(MIXED_COUNTS);
      expect(await counts.getByTestId('folder-files').textContent()).toBe(`${MIXED_COUNTS.files} files`);
      expect(await counts.getByTestId('folder-skipped').textContent()).toBe(`${MIXED_COUNTS.skipped} skipped`);

      const status = await runCli(['status', '--json'], { SEMANTIK_DATA_DIR: ctx.app.dataDir }, 30_000);
      expect(status.code, status.stderr).toBe(EXIT.DONE);
      const listed = parseJsonOutput<{ folders: StatusFolder[] }>(status).folders.find((one) => one.path === folder);
      expect(listed).toMatchObject({ ...shown, state: 'done' });
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
