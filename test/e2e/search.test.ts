// The search view, the home page: results one per file with their passages, relevance on one scale,
// a preview of the chosen passage read in the page, the keyboard (/, arrows, Enter), and open and
// reveal offered only in a browser on the indexing machine.
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addFolder, launchBrowser, openApp, screenshot, searchFor, waitForFolderDone } from './helpers/browser';
import { makeCorpus, PLANTED_FILE, PLANTED_SENTENCE } from './helpers/corpus';
import { useServedApp } from './helpers/suite';

/** A guide whose astrolabe sections are apart, each its own chunk, with other sections between them. */
const GUIDE_FILE = join('guide', 'astrolabe.md');
const ASTROLABE_SECTIONS = [
  'Calibrating the brass astrolabe starts with the mater: hang it from its ring and check that the throne sits plumb.',
  'A second astrolabe calibration happens at the rete, whose star pointers are bent back to the catalogue positions.',
  'Finally the astrolabe alidade is calibrated against a known meridian transit, noting the error in the logbook.',
];
const OTHER_SECTIONS = [
  'The bakery ledger lists flour deliveries, oven repairs and the price of rye over three winters.',
  'Mountain trails above the glacier hut were marked again after the spring avalanche season.',
  'The football club repainted its stands and ordered new nets for the youth teams.',
];

function filler(topic: string, words: number): string {
  const base = topic.split(' ');
  return Array.from({ length: words }, (_, index) => base[index % base.length]).join(' ');
}

/** The guide: six sections of about 160 words, astrolabe sections 1, 3 and 5. */
function writeGuide(root: string): string {
  mkdirSync(join(root, 'guide'), { recursive: true });
  const sections = ASTROLABE_SECTIONS.flatMap((astro, index) => [
    `## Step ${index + 1}\n\n${astro} ${filler(astro, 140)}\n`,
    `## Aside ${index + 1}\n\n${OTHER_SECTIONS[index]} ${filler(OTHER_SECTIONS[index] ?? '', 140)}\n`,
  ]);
  const path = join(root, GUIDE_FILE);
  writeFileSync(path, `# Instrument guide\n\n${sections.join('\n')}`);
  return path;
}

function resultPaths(page: Page): Promise<string[]> {
  return page.getByTestId('search-result').evaluateAll((items) => items.map((item) => item.getAttribute('data-path') ?? ''));
}

describe('search', () => {
  const ctx = useServedApp();

  it('lists each file once with its passages, previews them in the page, and answers the keyboard', async () => {
    const corpus = realpathSync(makeCorpus(60));
    ctx.cleanup.push(corpus);
    const guide = writeGuide(corpus);
    // The home view is search; with nothing indexed it says where to add a folder.
    const home = await openApp(ctx.browser, ctx.app, '');
    try {
      await home.page.getByTestId('view-search').waitFor();
      expect(await home.page.getByTestId('search-no-folders').textContent()).toContain('Nothing is indexed yet');
    } finally {
      await home.context.close();
    }
    const { context, page, consoleErrors } = await openApp(ctx.browser, ctx.app);
    try {
      await addFolder(page, corpus);
      await waitForFolderDone(page, corpus);

      await searchFor(page, 'lighthouse keeper albatrosses harbour');
      const first = page.getByTestId('search-result').first();
      expect(await first.getAttribute('data-path')).toBe(join(corpus, PLANTED_FILE));
      const snippet = first.getByTestId('search-snippet');
      expect((await snippet.textContent())?.replace(/\s+/g, ' ')).toContain(PLANTED_SENTENCE);
      const marked = (await snippet.locator('mark').allTextContents()).map((text) => text.toLowerCase());
      expect(marked).toEqual(expect.arrayContaining(['lighthouse', 'keeper', 'albatrosses']));
      // One scale in every mode: the best result is 100 %, the others a share of it, explained in a tooltip.
      expect(await first.getByTestId('search-score').getAttribute('data-relevance')).toBe('100');
      expect(await first.getByTestId('search-score').getAttribute('title')).toContain('of the best result');
      // The best hit is previewed at once, its passage marked as the target, the query's words marked.
      const preview = page.locator('[data-testid="search-preview"][data-status="ready"]');
      await preview.waitFor();
      expect(await preview.getByTestId('preview-path').textContent()).toBe(join(corpus, PLANTED_FILE));
      const target = preview.locator('[data-testid="preview-chunk"][data-target="true"]');
      expect((await target.textContent())?.replace(/\s+/g, ' ')).toContain(PLANTED_SENTENCE);
      expect((await target.locator('mark').allTextContents()).map((text) => text.toLowerCase())).toEqual(
        expect.arrayContaining(['lighthouse', 'keeper', 'albatrosses', 'harbour']),
      );

      // A file with several matching sections is listed once, its other passages on demand.
      await searchFor(page, 'astrolabe calibration');
      const paths = await resultPaths(page);
      expect(paths[0]).toBe(guide);
      expect(new Set(paths).size).toBe(paths.length);
      const guideHit = page.locator(`[data-testid="search-result"][data-path="${guide}"]`);
      expect(Number(await guideHit.getAttribute('data-passages'))).toBeGreaterThanOrEqual(2);
      expect(await guideHit.getByTestId('search-passage').count()).toBe(1);
      await guideHit.getByTestId('search-more').click();
      const passages = guideHit.getByTestId('search-passage');
      expect(await passages.count()).toBe(Number(await guideHit.getAttribute('data-passages')));
      const texts = (await passages.allTextContents()).join(' ');
      expect(ASTROLABE_SECTIONS.filter((section) => texts.includes(section.slice(0, 40))).length).toBeGreaterThanOrEqual(2);
      await screenshot(page, 'view-search-passages');

      // Keyboard: `/` from outside the box focuses it; ↓ enters the results and moves; Enter previews.
      await page.getByTestId('search-preview').click();
      await page.keyboard.press('/');
      expect(await page.locator('[data-testid="search-input"]:focus').count()).toBe(1);
      await page.keyboard.press('ArrowDown');
      expect(await page.locator('[data-testid="search-results"]:focus').count()).toBe(1);
      await page.keyboard.press('ArrowDown');
      const selected = page.locator('[data-testid="search-passage"][data-selected="true"]');
      const secondText = (await passages.nth(1).textContent()) ?? '';
      expect(await selected.textContent()).toBe(secondText);
      const section = ASTROLABE_SECTIONS.find((one) => secondText.includes(one.slice(0, 40)));
      expect(section, secondText).toBeDefined();
      await page.keyboard.press('Enter');
      const shown = page.locator('[data-testid="search-preview"][data-status="ready"] [data-target="true"]');
      await expect.poll(async () => (await shown.textContent()) ?? '').toContain(section?.slice(0, 40));
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('search from another machine', () => {
  // Listening on every interface, as `serve --host 0.0.0.0` on a headless machine does.
  const ctx = useServedApp({ host: '0.0.0.0' });

  it('reads a hit in the preview, where open and reveal are not offered', async () => {
    const corpus = realpathSync(makeCorpus(5));
    ctx.cleanup.push(corpus);
    const url = ctx.app.url.replace(/\/\/[^/]+/, `//127.0.0.1:${ctx.app.port}`);
    const local = await openApp(ctx.browser, { ...ctx.app, url });
    try {
      await addFolder(local.page, corpus);
      await waitForFolderDone(local.page, corpus);
      // On the indexing machine itself (a loopback address) the actions are there.
      await searchFor(local.page, 'lighthouse keeper albatrosses harbour');
      expect(await local.page.getByTestId('search-open').count()).toBeGreaterThan(0);
    } finally {
      await local.context.close();
    }
    // A name that is not a loopback name, resolved to this machine: what a browser elsewhere sees.
    const remoteBrowser = await launchBrowser(['--host-resolver-rules=MAP semantik-remote.test 127.0.0.1']);
    try {
      const remoteUrl = url.replace('//127.0.0.1', '//semantik-remote.test');
      const { context, page, consoleErrors } = await openApp(remoteBrowser, { ...ctx.app, url: remoteUrl }, 'search');
      try {
        await searchFor(page, 'lighthouse keeper albatrosses harbour');
        expect(await page.getByTestId('search-result').first().getAttribute('data-path')).toBe(join(corpus, PLANTED_FILE));
        expect(await page.getByTestId('search-open').count()).toBe(0);
        expect(await page.getByTestId('search-reveal').count()).toBe(0);
        expect(await page.getByTestId('search-remote-note').textContent()).toContain('desktop app');
        const target = page.locator('[data-testid="search-preview"][data-status="ready"] [data-target="true"]');
        await target.waitFor();
        expect((await target.textContent())?.replace(/\s+/g, ' ')).toContain(PLANTED_SENTENCE);
        // Chromium notes that it ignores the page's opener policy on plain HTTP from a non-local name.
        expect(consoleErrors.filter((error) => !error.includes('Cross-Origin-Opener-Policy header has been ignored'))).toEqual([]);
      } finally {
        await context.close();
      }
    } finally {
      await remoteBrowser.close();
    }
  });
});
