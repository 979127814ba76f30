/**
 * Recall of hybrid search on the small labelled set (bench/search-recall.ts runs the full one),
 * indexed through the real pipeline and searched through the API: hybrid finds every identifier
 * and rare name that keyword search finds, and is not more than 5 points below the better of the
 * keyword and vector rankings. Results one per file (`search:files`) find every relevant file the
 * chunk list finds, in every mode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiInputs } from '../../src/shared/api';
import type { SearchMode } from '../../src/shared/search-query';
import { parseInput } from '../../src/shared/validate';
import { indexFolder, startTestEngine, waitForRun, type TestEngine } from '../helpers/engine';
import { makeRecallSet, measureRecall, SMALL_SET, type RecallSet, type RecallSummary } from '../helpers/recall-corpus';

const K = 10;

let base: string;
let set: RecallSet;
let test: TestEngine;
let recall: Record<SearchMode, RecallSummary>;
/** The same queries through the search by file (one entry per file, the vector mode's floor). */
let byFile: Record<SearchMode, RecallSummary>;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'semantik-recall-'));
  set = makeRecallSet(join(base, 'corpus'), SMALL_SET);
  test = await startTestEngine(1);
  await waitForRun(test.engine, await indexFolder(test.engine, set.root));
  const measure = (mode: SearchMode): Promise<RecallSummary> =>
    measureRecall(
      set.queries,
      async (query) => {
        const input = parseInput(apiInputs['search:query'], { query, k: K, mode }, 'search:query');
        return (await test.engine.handlers['search:query'](input)).map((hit) => hit.path);
      },
      K,
    );
  recall = { keyword: await measure('keyword'), vector: await measure('vector'), hybrid: await measure('hybrid') };
  const measureFiles = (mode: SearchMode): Promise<RecallSummary> =>
    measureRecall(
      set.queries,
      async (query) => {
        const input = parseInput(apiInputs['search:files'], { query, k: K, mode }, 'search:files');
        return (await test.engine.handlers['search:files'](input)).map((file) => file.path);
      },
      K,
    );
  byFile = { keyword: await measureFiles('keyword'), vector: await measureFiles('vector'), hybrid: await measureFiles('hybrid') };
});

afterAll(async () => {
  await test?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('recall@10 on the small labelled set', () => {
  it('indexed every file of the set', () => {
    expect(test.engine.store.counts()).toMatchObject({ documents: set.files.length, failed: 0 });
  });

  it('is a set where each single ranking has its weakness', () => {
    // Keyword search finds identifiers and names; vector search finds paraphrases: the set tells them apart.
    expect(recall.keyword.byKind.identifier).toBe(1);
    expect(recall.keyword.byKind.name).toBe(1);
    expect(recall.vector.byKind.paraphrase).toBeGreaterThan(recall.keyword.byKind.paraphrase + 0.3);
    expect(recall.vector.byKind.identifier).toBeLessThan(1);
  });

  it('finds with hybrid search every identifier and rare name that keyword search finds', () => {
    const missed = set.queries.filter(
      (query, i) => (query.kind === 'identifier' || query.kind === 'name') && recall.hybrid.perQuery[i]! < recall.keyword.perQuery[i]!,
    );
    expect(missed.map((query) => query.text)).toEqual([]);
  });

  it('is not more than 5 points below the better single ranking', () => {
    const better = Math.max(recall.keyword.all, recall.vector.all);
    expect(
      recall.hybrid.all,
      JSON.stringify(recall, (key, value: unknown) => (key === 'perQuery' ? undefined : value)),
    ).toBeGreaterThanOrEqual(better - 0.05);
  });

  it('loses no relevant file when results come one per file, whatever the mode (the floor included)', () => {
    for (const mode of ['keyword', 'vector', 'hybrid'] as const) {
      const lost = set.queries.filter((_, i) => byFile[mode].perQuery[i]! < recall[mode].perQuery[i]!);
      expect(lost.map((query) => `${mode}: ${query.text}`)).toEqual([]);
    }
  });
});
