/**
 * Search filters against a real engine (Redis, a worker process, the built-in model, SQLite): each
 * filter narrows the results as stated, in every ranking, inside the SQL (a narrow filter still
 * fills k), through the query syntax, the API's structured filters and the CLI's options.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiInputs, type ApiInput } from '../../src/shared/api';
import type { SearchHit } from '../../src/shared/monitor-types';
import { SEARCH_MODES } from '../../src/shared/search-query';
import { parseInput } from '../../src/shared/validate';
import { parseJsonOutput, runCli } from '../helpers/cli';
import { indexFolder, startTestEngine, waitForRun, type TestEngine } from '../helpers/engine';

const OLD = new Date(2024, 2, 1);
const NEW = new Date(2025, 5, 1);
const CUTOFF = '2025-01-01';
const STRONG = 'The lighthouse keeper counted the ships passing the rocky harbour lighthouse at night.';
const WEAK = 'Budget figures for the quarter were reviewed; a lighthouse was mentioned once.';

let base: string;
let alpha: string;
let beta: string;
let test: TestEngine;

function put(path: string, body: string, mtime: Date): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, body);
  utimesSync(path, mtime, mtime);
}

/** The API call, validated as the UIs' calls are. */
async function search(input: ApiInput<'search:query'>): Promise<SearchHit[]> {
  return test.engine.handlers['search:query'](parseInput(apiInputs['search:query'], input, 'search:query'));
}

const paths = (hits: SearchHit[]): string[] => hits.map((hit) => hit.path);

beforeAll(async () => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'semantik-filters-')));
  alpha = join(base, 'alpha');
  beta = join(base, 'beta');
  // Ten strong text files, six weak Markdown files (three old, three new), old notes, and a second folder.
  for (let i = 0; i < 10; i++) put(join(alpha, 'reports', `keeper-${i}.txt`), `${STRONG} Log ${i}.\n`, NEW);
  for (let i = 0; i < 6; i++) put(join(alpha, 'reports', `brief-${i}.md`), `# Brief ${i}\n\n${WEAK}\n`, i < 3 ? OLD : NEW);
  for (let i = 0; i < 4; i++) put(join(alpha, 'notes', `misc-${i}.txt`), `${WEAK} Note ${i}.\n`, OLD);
  for (let i = 0; i < 5; i++) put(join(beta, 'reports', `beta-${i}.txt`), `${STRONG} Beta ${i}.\n`, OLD);
  test = await startTestEngine(1);
  for (const folder of [alpha, beta]) await waitForRun(test.engine, await indexFolder(test.engine, folder));
});

afterAll(async () => {
  await test?.close();
  rmSync(base, { recursive: true, force: true });
});

describe.each(SEARCH_MODES)('filters in %s mode', (mode) => {
  const query = 'lighthouse keeper ships';

  it('type: keeps only that type and still fills k (applied before the top-k cut)', async () => {
    const all = await search({ query, k: 5, mode });
    expect(all.some((hit) => !hit.path.endsWith('.md'))).toBe(true);
    // The Markdown files match weakly: filtering the unfiltered top 5 would leave none of them.
    const md = await search({ query: `${query} type:md`, k: 5, mode });
    expect(md).toHaveLength(5);
    expect(md.every((hit) => hit.path.endsWith('.md'))).toBe(true);
    expect(paths(await search({ query, k: 5, mode, filters: { type: ['markdown'] } }))).toEqual(paths(md));
  });

  it('folder: keeps one folder, by absolute path or by name', async () => {
    const inBeta = await search({ query: `${query} folder:${beta}`, k: 10, mode });
    expect(inBeta.map((hit) => hit.path).sort()).toEqual([0, 1, 2, 3, 4].map((i) => join(beta, 'reports', `beta-${i}.txt`)));
    expect(paths(await search({ query: `${query} folder:beta`, k: 10, mode })).sort()).toEqual(paths(inBeta).sort());
    const inAlpha = await search({ query, k: 10, mode, filters: { folder: [alpha] } });
    expect(inAlpha.length).toBe(10);
    expect(inAlpha.every((hit) => hit.path.startsWith(`${alpha}/`))).toBe(true);
  });

  it('path: keeps paths holding a substring, or matching a glob', async () => {
    const notes = await search({ query: `${query} path:/NOTES/`, k: 10, mode });
    expect(notes.map((hit) => hit.path).sort()).toEqual([0, 1, 2, 3].map((i) => join(alpha, 'notes', `misc-${i}.txt`)));
    const glob = await search({ query: `${query} path:reports/brief-[0-2]*`, k: 10, mode });
    expect(glob.map((hit) => hit.path).sort()).toEqual([0, 1, 2].map((i) => join(alpha, 'reports', `brief-${i}.md`)));
  });

  it('after: and before: keep files modified on either side of a date', async () => {
    const after = await search({ query: `${query} after:${CUTOFF}`, k: 20, mode });
    const before = await search({ query, k: 20, mode, filters: { before: CUTOFF } });
    const cutoff = new Date(2025, 0, 1).getTime();
    expect(after.length).toBe(13);
    expect(after.every((hit) => statSync(hit.path).mtimeMs >= cutoff)).toBe(true);
    expect(before.length).toBe(12);
    expect(before.every((hit) => statSync(hit.path).mtimeMs < cutoff)).toBe(true);
    const newBriefs = await search({ query: `${query} type:md after:${CUTOFF} before:2026-01-01`, k: 10, mode });
    expect(newBriefs.map((hit) => hit.path).sort()).toEqual([3, 4, 5].map((i) => join(alpha, 'reports', `brief-${i}.md`)));
  });

  it('a quoted phrase keeps only chunks that contain it', async () => {
    const hits = await search({ query: 'quarter "lighthouse was mentioned"', k: 20, mode });
    expect(hits).toHaveLength(10);
    expect(hits.every((hit) => hit.snippet.includes('lighthouse was mentioned'))).toBe(true);
  });
});

describe('filters, whatever the mode', () => {
  it('lists what filters alone select, newest file first', async () => {
    const hits = await search({ query: 'type:md', k: 10 });
    expect(hits).toHaveLength(6);
    expect(hits.slice(0, 3).every((hit) => statSync(hit.path).mtimeMs === NEW.getTime())).toBe(true);
    expect(hits.every((hit) => hit.score === 0)).toBe(true);
  });

  it('refuses a filter it cannot read, naming it', async () => {
    await expect(search({ query: 'x after:someday' })).rejects.toThrow(/after: "someday" is not a time/);
    await expect(search({ query: 'x type:p%f' })).rejects.toThrow(/type: "p%f"/);
  });

  it('works from the command line, by options and by syntax', async () => {
    const env = { SEMANTIK_DATA_DIR: test.dataDir };
    const byOptions = await runCli(['search', 'lighthouse keeper', '--type', 'md', '--after', CUTOFF, '--mode', 'keyword', '--json'], env);
    expect(byOptions.code, byOptions.stderr).toBe(0);
    type Passage = { lines: number[] | null; ranks: { keyword: number | null } };
    const hits = parseJsonOutput<Array<{ path: string; passages: Passage[] }>>(byOptions);
    expect(hits.map((hit) => hit.path).sort()).toEqual([3, 4, 5].map((i) => join(alpha, 'reports', `brief-${i}.md`)));
    expect(hits[0]?.passages[0]).toMatchObject({ lines: [1, 3], ranks: { keyword: 1 } });
    const bySyntax = await runCli(['search', `lighthouse folder:${beta} path:beta-1`, '--json'], env);
    expect(parseJsonOutput<Array<{ path: string }>>(bySyntax).map((hit) => hit.path)).toEqual([join(beta, 'reports', 'beta-1.txt')]);
    const bad = await runCli(['search', 'x', '--mode', 'fuzzy'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('mode');
  });
});
