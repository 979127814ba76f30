/**
 * Per-file setup of the e2e tests: build the page once, start a fresh `semantik serve` and a
 * browser, and take everything down afterwards.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureRendererBuilt } from './build-renderer';
import { launchBrowser } from './browser';
import { startServe, type ServedApp } from './serve';

/** What a test file gets: the running app and a browser, valid inside its tests. */
export interface E2eContext {
  app: ServedApp;
  browser: Browser;
  /** Temp folders the test made; removed after the file. */
  cleanup: string[];
}

/** Registers beforeAll/afterAll for one app per test file; the returned object fills in before tests run. */
export function useServedApp(options: { workers?: number; env?: Record<string, string>; host?: string } = {}): E2eContext {
  const context = { cleanup: [] as string[] } as unknown as E2eContext;
  beforeAll(async () => {
    ensureRendererBuilt();
    const [app, browser] = await Promise.all([startServe(options), launchBrowser()]);
    context.app = app;
    context.browser = browser;
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.app?.stop();
    for (const dir of context.cleanup) rmSync(dir, { recursive: true, force: true });
  });
  return context;
}
