// The monitor in read-only mode (SEMANTIK_MONITOR_READ_ONLY=1) over an index made beforehand by
// `semantik index`: everything can be seen and searched, no control that changes anything is
// enabled, and a write sent anyway over the page's own WebSocket is refused.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runCli } from '../helpers/cli';
import { launchBrowser, openApp, screenshot } from './helpers/browser';
import { ensureRendererBuilt } from './helpers/build-renderer';
import { makeCorpus, PLANTED_FILE } from './helpers/corpus';
import { openView } from './helpers/monitor';
import { startServe, type ServedApp } from './helpers/serve';

describe('read-only monitor', () => {
  let browser: Browser;
  let app: ServedApp | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'semantik-e2e-ro-'));
  const corpus = realpathSync(makeCorpus(20));

  beforeAll(async () => {
    ensureRendererBuilt();
    const indexed = await runCli(['index', corpus, '--json'], { SEMANTIK_DATA_DIR: dataDir, SEMANTIK_WORKERS: '1' });
    expect(indexed.code, indexed.stderr).toBe(0);
    [app, browser] = await Promise.all([
      startServe({ dataDir, env: { SEMANTIK_MONITOR_READ_ONLY: '1', SEMANTIK_WATCH: '0' } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    for (const dir of [dataDir, corpus]) rmSync(dir, { recursive: true, force: true });
  });

  it('shows and searches everything, and offers no control that changes anything', async () => {
    const { context, page, consoleErrors } = await openApp(browser, app!);
    try {
      await page.getByTestId('read-only').waitFor();
      await page.locator(`[data-testid="folder-row"][data-folder-path="${corpus}"][data-state="done"]`).waitFor();
      expect(await page.getByTestId('add-folder-input').isDisabled()).toBe(true);
      expect(await page.getByTestId('add-folder-submit').isDisabled()).toBe(true);
      expect(await page.getByTestId('queue-toggle').isDisabled()).toBe(true);

      await openView(page, 'search');
      await page.getByTestId('search-input').fill('lighthouse keeper albatrosses harbour');
      await page.getByTestId('search-submit').click();
      const first = page.getByTestId('search-result').first();
      await first.waitFor({ timeout: 30_000 });
      expect(await first.getAttribute('data-path')).toBe(join(corpus, PLANTED_FILE));
      expect(await page.getByTestId('search-open').count()).toBe(0);
      expect(await page.getByTestId('search-reveal').count()).toBe(0);
      await screenshot(page, 'monitor-read-only', undefined);

      await openView(page, 'workers');
      expect(await page.getByTestId('workers-view-count').isDisabled()).toBe(true);
      for (const button of await page.getByTestId('worker-restart').all()) expect(await button.isDisabled()).toBe(true);

      // A write sent by hand over a WebSocket of the page's own session: the server refuses it.
      const refused = await page.evaluate(
        () =>
          new Promise<string>((resolveReply) => {
            const ws = new WebSocket(`ws://${(globalThis as unknown as { location: { host: string } }).location.host}/ws`);
            ws.onopen = () => ws.send(JSON.stringify({ id: 1, call: 'queue:pause', input: {} }));
            ws.onmessage = (event) => {
              const message = JSON.parse(String(event.data)) as {
                id?: number;
                reply?: { ok: boolean; error?: { code: string; message: string } };
              };
              if (message.id !== 1) return;
              resolveReply(message.reply?.ok ? 'accepted' : `${message.reply?.error?.code}: ${message.reply?.error?.message}`);
              ws.close();
            };
            ws.onerror = () => resolveReply('socket error');
          }),
      );
      expect(refused).toMatch(/^FORBIDDEN: .*read-only/i);
      await openView(page, 'folders');
      expect(await page.getByTestId('queue-toggle').getAttribute('data-paused')).toBe('false');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
