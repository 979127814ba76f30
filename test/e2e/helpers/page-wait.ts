/**
 * Waits on the page's DOM without sleeping: predicates run inside the page on every animation frame.
 *
 * This code is type-checked without DOM types (the Node tsconfig), so the in-page functions name
 * the little of the DOM they use through local interfaces; the assertions vanish when compiled.
 * They are functions, not source strings: the page's CSP forbids eval, and must keep doing so.
 */
import type { Page } from 'playwright-core';

const DEFAULT_TIMEOUT_MS = 60_000;

interface PageElement {
  getAttribute(name: string): string | null;
}
interface PageGlobals {
  document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): ArrayLike<PageElement> };
  __recorded?: string[];
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, boolean>): void };
}

/** Waits until the first element matching `selector` has a numeric `attr` `op` `value`. */
export async function waitForNumber(
  page: Page,
  selector: string,
  attr: string,
  op: '>' | '>=' | '===',
  value: number,
  timeout = DEFAULT_TIMEOUT_MS,
): Promise<void> {
  await page.waitForFunction(
    (arg) => {
      const el = (globalThis as unknown as PageGlobals).document.querySelector(arg.selector);
      const n = el === null ? Number.NaN : Number(el.getAttribute(arg.attr));
      return arg.op === '>' ? n > arg.value : arg.op === '>=' ? n >= arg.value : n === arg.value;
    },
    { selector, attr, op, value },
    { timeout },
  );
}

/** Waits until exactly `count` elements match `selector`, each with `attr` in `values`. */
export async function waitForRows(
  page: Page,
  selector: string,
  count: number,
  attr: string,
  values: string[],
  timeout = DEFAULT_TIMEOUT_MS,
): Promise<void> {
  await page.waitForFunction(
    (arg) => {
      const rows = Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll(arg.selector));
      return rows.length === arg.count && rows.every((row) => arg.values.includes(row.getAttribute(arg.attr) ?? ''));
    },
    { selector, count, attr, values },
    { timeout },
  );
}

/** Starts recording each distinct value `attr` takes on the first match of `selector`. */
export async function recordAttribute(page: Page, selector: string, attr: string): Promise<void> {
  await page.evaluate(
    (arg) => {
      const page = globalThis as unknown as PageGlobals;
      const seen: string[] = [];
      page.__recorded = seen;
      new page.MutationObserver(() => {
        const value = page.document.querySelector(arg.selector)?.getAttribute(arg.attr);
        if (value != null && seen[seen.length - 1] !== value) seen.push(value);
      }).observe(page.document, { subtree: true, childList: true, attributes: true });
    },
    { selector, attr },
  );
}

/** The values recorded since `recordAttribute`. */
export async function recordedValues(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).__recorded ?? []);
}
