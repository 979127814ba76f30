/**
 * Debian's Chromium driven by playwright-core (Playwright cannot download browsers here), and the
 * app page opened with the test's credentials.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './build-renderer';
import type { ServedApp } from './serve';

/** Where screenshots go (the issue asks for one of each panel). */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results');
const READY_TIMEOUT_MS = 30_000;

/** Launches the system Chromium headless; `extraArgs` add to its usual flags. */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', ...extraArgs],
  });
}

/** An opened app page, with the console errors it logged (a CSP violation is one). */
export interface AppPage {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
}

/**
 * Logs in with the server's credentials and waits until the first snapshot is shown, on the
 * folders view (where a test adds its corpus) unless another address is given ('' for the home view).
 */
export async function openApp(browser: Browser, app: ServedApp, hash = 'folders'): Promise<AppPage> {
  const context = await browser.newContext({ httpCredentials: app.credentials, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(hash === '' ? app.url : `${app.url}#${hash}`);
  await page.locator('[data-testid="app"][data-app-state="ready"]').waitFor({ timeout: READY_TIMEOUT_MS });
  return { context, page, consoleErrors };
}

/** Saves a screenshot of one panel (or the page) into test-results/. */
export async function screenshot(page: Page, name: string, testId?: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  if (testId === undefined) await page.screenshot({ path, fullPage: true });
  else await page.getByTestId(testId).screenshot({ path });
}

/** Goes to the search view (by its tab) and searches for `query`; resolves when its results or "No matches" show. */
export async function searchFor(page: Page, query: string): Promise<void> {
  if (!(await page.getByTestId('view-search').isVisible())) {
    await page.getByTestId('nav-search').click();
    await page.getByTestId('view-search').waitFor({ timeout: READY_TIMEOUT_MS });
  }
  // The results of the last search stay on the page until the next answer replaces them: once no
  // search is running, the next answer is this query's.
  await page.locator('[data-testid="panel-search"][aria-busy="false"]').waitFor({ timeout: READY_TIMEOUT_MS });
  const answered = (await page.getByTestId('panel-search').getAttribute('data-answered')) ?? '0';
  await page.getByTestId('search-input').fill(query);
  await page.getByTestId('search-submit').click();
  await page.locator(`[data-testid="panel-search"]:not([data-answered="${answered}"])`).waitFor({ timeout: READY_TIMEOUT_MS });
  await page
    .locator('[data-testid="search-results"], [data-testid="search-empty"], [data-testid="search-error"]')
    .first()
    .waitFor({ timeout: READY_TIMEOUT_MS });
}

/** Adds a folder through the path field, as a user of the web page does. */
export async function addFolder(page: Page, path: string): Promise<void> {
  await page.getByTestId('add-folder-input').fill(path);
  await page.getByTestId('add-folder-submit').click();
}

/** Waits until the folder's row says its run is done. */
export async function waitForFolderDone(page: Page, path: string, timeout = 120_000): Promise<void> {
  await page
    .locator(
      `[data-testid="folder-row"][data-folder-path="${path}"][data-state="done"] [data-testid="folder-progress"][data-finished="true"]`,
    )
    .waitFor({ timeout });
}
