// Launches the real desktop app through Playwright's Electron driver, where an Electron binary
// exists. Here (offline, no binary) it is skipped, with the reason printed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright-core';
import { childLogger } from '../../src/node/logger';
import { ensureRendererBuilt, REPO_ROOT } from './helpers/build-renderer';

const log = childLogger('e2e-electron');

/** Null when `npx electron --version` works, else why not. */
function electronUnavailable(): string | null {
  const probe = spawnSync('npx', ['electron', '--version'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  if (probe.status === 0) return null;
  const output = `${probe.stderr ?? ''}${probe.stdout ?? ''}`;
  const detail = /Error: (.+)/.exec(output)?.[1] ?? output.trim().split('\n')[0] ?? '';
  return `no Electron binary: \`npx electron --version\` failed (${detail || `exit ${probe.status}`})`;
}

describe('desktop app (Electron)', () => {
  it('opens the window and shows the ready monitor', async (context) => {
    const reason = electronUnavailable();
    if (reason !== null) {
      log.warn(`skipped: ${reason}`);
      context.skip(reason);
      return;
    }
    ensureRendererBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'semantik-electron-'));
    const app = await electron.launch({
      args: [join(REPO_ROOT, 'out', 'main', 'index.js')],
      cwd: REPO_ROOT,
      env: { ...process.env, SEMANTIK_DATA_DIR: dataDir, SEMANTIK_WORKERS: '1', SEMANTIK_LOG_LEVEL: 'warn' },
    });
    try {
      const window = await app.firstWindow();
      await window.locator('[data-testid="app"][data-app-state="ready"]').waitFor({ timeout: 120_000 });
      // The preload's API is there and Node is not.
      expect(await window.evaluate(() => typeof (window as unknown as { semantik?: unknown }).semantik)).toBe('object');
      expect(await window.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
      await window.screenshot({ path: join(REPO_ROOT, 'test-results', 'electron-window.png') });
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
