// Activating a search result opens the file at the hit's line through SEMANTIK_OPEN_COMMAND (here a
// script that records its arguments, on the server's machine: the web monitor's only way to open).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli';
import { waitFor } from '../helpers/engine';
import { addFolder, openApp, waitForFolderDone } from './helpers/browser';
import { openView } from './helpers/monitor';
import { useServedApp } from './helpers/suite';

const RECORDER = resolve(REPO_ROOT, 'test/integration/fixtures/record-args.mjs');
const out = join(mkdtempSync(join(tmpdir(), 'semantik-e2e-open-')), 'opened.jsonl');

describe('opening a search result at its place', () => {
  const ctx = useServedApp({ env: { SEMANTIK_OPEN_COMMAND: `"${process.execPath}" "${RECORDER}" "${out}" {path} {line}` } });

  it('passes the hit’s first line, as shown under the result, to the open command', async () => {
    const corpus = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-e2e-deep-')));
    ctx.cleanup.push(corpus, join(out, '..'));
    mkdirSync(join(corpus, 'notes'));
    const filler = Array.from({ length: 120 }, (_, i) => `Paragraph ${i} about the weather, tides and supplies of the harbour.\n`).join(
      '\n',
    );
    const file = join(corpus, 'notes', 'deep.txt');
    writeFileSync(file, `${filler}\nThe quartermaster catalogued eleven brass astrolabes beneath the observatory dome.\n`);
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      await addFolder(page, corpus);
      await waitForFolderDone(page, corpus);
      await openView(page, 'search');
      await page.getByTestId('search-input').fill('quartermaster brass astrolabes');
      await page.getByTestId('search-submit').click();
      const hit = page.locator(`[data-testid="search-result"][data-path="${file}"]`).first();
      await hit.waitFor({ timeout: 30_000 });
      const place = (await hit.getByTestId('search-place').textContent()) ?? '';
      const line = /lines? (\d+)/.exec(place)?.[1];
      expect(Number(line), `place shown: "${place}"`).toBeGreaterThan(100);
      await hit.getByTestId('search-open').click();
      await waitFor(() => existsSync(out) && readFileSync(out, 'utf8').trim() !== '', 'the open command to run', 20_000, 50);
      expect(JSON.parse(readFileSync(out, 'utf8').trim()) as string[]).toEqual([file, line]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
