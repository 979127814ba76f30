/**
 * The pruned any-word keyword ranking gives FTS5's own top rows: on a store whose words follow
 * Zipf's law (some in most chunks, some in a few, chunks long and very short), hundreds of queries
 * are answered both by topRowsOfAnyWord and by the plain `MATCH 'a OR b' ORDER BY rank`, and their
 * ranks must agree row for row, while it leaves rows unscored. The store's keyword search, which
 * uses it, must agree as well, also when a removed folder's chunks hold the best rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type StoreContext } from '../../src/node/store/db-context';
import type { RankedRow } from '../../src/node/store/fts-rows';
import { topRowsOfAnyWord } from '../../src/node/store/keyword-top-rows';
import { openStore } from '../../src/node/store/open-store';
import type { Store } from '../../src/node/store/store';

const VOCABULARY = 3000;
const DOCS = 500;
const CHUNKS_PER_DOC = 8;
/** Words in this many rows count as common here (the store has 4,000 chunks, not millions). */
const COMMON_ROWS = 100;
const root = mkdtempSync(join(tmpdir(), 'semantik-keyword-top-'));
let store: Store;
let reader: Database.Database;
let ctx: StoreContext;
let seed = 7;

function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

/** A word of rank 0..VOCABULARY-1 drawn with Zipf frequencies (rank 0 the most frequent). */
function zipfWord(): string {
  const weights = Array.from({ length: VOCABULARY }, (_, rank) => 1 / (rank + 1));
  let target = random() * weights.reduce((sum, weight) => sum + weight, 0);
  for (let rank = 0; rank < VOCABULARY; rank += 1) {
    target -= weights[rank]!;
    if (target <= 0) return `word${rank}`;
  }
  return `word${VOCABULARY - 1}`;
}

/** Mostly 20–80 words; one chunk in ten is 1–4 words, where a single word scores highest. */
function chunkText(): string {
  const count = random() < 0.1 ? 1 + Math.floor(random() * 4) : 20 + Math.floor(random() * 61);
  return Array.from({ length: count }, zipfWord).join(' ');
}

const plain = (phrases: readonly string[], cut: number): RankedRow[] =>
  reader
    .prepare<[string, number], RankedRow>('SELECT rowid AS chunkId, rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?')
    .all(phrases.join(' OR '), cut);

/** The same ranks row for row; the same rows wherever a rank is not tied with the last one kept. */
function expectSameTop(got: readonly RankedRow[], want: readonly RankedRow[]): void {
  expect(got.map((row) => row.rank)).toEqual(want.map((row) => expect.closeTo(row.rank, 9)));
  const last = want.at(-1)?.rank ?? 0;
  const untied = (rows: readonly RankedRow[]): number[] =>
    rows
      .filter((row) => Math.abs(row.rank - last) > 1e-9)
      .map((row) => row.chunkId)
      .sort((a, b) => a - b);
  expect(untied(got)).toEqual(untied(want));
}

beforeAll(() => {
  store = openStore(join(root, 'semantik.db'));
  const sourceId = store.addSource('/data').id;
  const runId = store.createRun(sourceId);
  store.transaction(() => {
    for (let i = 0; i < DOCS; i += 1) {
      const docId = store.upsertPendingDocument({ sourceId, path: `/data/doc-${i}.md`, size: 10, mtimeMs: 1000, runId })!;
      const chunks = Array.from({ length: CHUNKS_PER_DOC }, (_, idx) => ({ text: chunkText(), lineStart: idx + 1, lineEnd: idx + 1 }));
      store.replaceChunks(docId, `hash-${i}`, chunks);
    }
  });
  reader = new Database(join(root, 'semantik.db'), { readonly: true });
  ctx = createContext(reader);
});

afterAll(() => {
  reader.close();
  store.close();
  rmSync(root, { recursive: true, force: true });
});

describe('topRowsOfAnyWord', () => {
  it('gives the plain query’s top rows for 400 queries, leaving rows of common words unscored', () => {
    let pruned = 0;
    let plainOnly = 0;
    const stats = { skipped: 0 };
    for (let i = 0; i < 400; i += 1) {
      // 2–5 words, now and then one twice (bm25 then counts it twice, as the plain query does).
      const words = Array.from({ length: 2 + Math.floor(random() * 4) }, zipfWord);
      if (i % 10 === 0) words.push(words[0]!);
      const phrases = words.map((word) => `"${word}"`);
      const cut = [1, 10, 26, 66][i % 4]!;
      const got = topRowsOfAnyWord(ctx, phrases, cut, { commonRows: COMMON_ROWS, stats });
      if (got === null) {
        plainOnly += 1;
        continue;
      }
      pruned += 1;
      expectSameTop(got, plain(phrases, cut));
    }
    expect(pruned).toBeGreaterThan(40);
    expect(plainOnly).toBeGreaterThan(0);
    // Combinations of common words whose rows were never scored: the point of the pruning.
    expect(stats.skipped).toBeGreaterThan(pruned / 2);
  });

  it('leaves a query of one word, or of rare words only, to the plain query', () => {
    expect(topRowsOfAnyWord(ctx, ['"word0"'], 10, { commonRows: COMMON_ROWS })).toBeNull();
    expect(topRowsOfAnyWord(ctx, ['"word2990"', '"word2999"'], 10, { commonRows: COMMON_ROWS })).toBeNull();
  });

  it('finds every match when there are fewer than the cut', () => {
    const phrases = ['"word0"', '"word1"'];
    const got = topRowsOfAnyWord(ctx, phrases, 100_000, { commonRows: COMMON_ROWS });
    expect(got).not.toBeNull();
    expectSameTop(got!, plain(phrases, 100_000));
  });

  it('counts a common word further when its floor alone would have its rows scored', () => {
    // A word in most chunks beside one in a few dozen: counted only to COMMON_ROWS, the common
    // word's idf would look high enough for its rows to reach the cut; counted on, they cannot.
    const rows = (word: string): number =>
      reader.prepare<[string], number>('SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?').pluck().get(`"${word}"`)!;
    expect(rows('word0')).toBeGreaterThan(DOCS * CHUNKS_PER_DOC * 0.5);
    const rare = Array.from({ length: VOCABULARY }, (_, rank) => `word${rank}`).find((word) => rows(word) >= 40 && rows(word) < 60)!;
    expect(rare).toBeDefined();
    const phrases = ['"word0"', `"${rare}"`];
    const stats = { skipped: 0 };
    const got = topRowsOfAnyWord(ctx, phrases, 26, { commonRows: COMMON_ROWS, stats });
    expect(got).not.toBeNull();
    expectSameTop(got!, plain(phrases, 26));
    expect(stats.skipped).toBe(1);
  });

  it('leaves three common words and nothing rarer to the plain query', () => {
    expect(topRowsOfAnyWord(ctx, ['"word0"', '"word1"', '"word2"'], 10, { commonRows: COMMON_ROWS })).toBeNull();
  });
});

describe('the store’s any-word keyword search', () => {
  const search = (query: string, k: number): RankedRow[] =>
    store.searchKeyword(query, k, { match: 'any', commonRows: COMMON_ROWS }).map((hit) => ({ chunkId: hit.chunkId, rank: -hit.score }));

  it('ranks as bm25 over every match does', () => {
    for (let i = 0; i < 60; i += 1) {
      const query = Array.from({ length: 2 + (i % 3) }, zipfWord).join(' ');
      expectSameTop(
        search(query, 10),
        plain(
          query.split(' ').map((word) => `"${word}"`),
          10,
        ),
      );
    }
  });

  it('still gives k hits when a removed folder’s chunks hold the best rows', () => {
    // Two common words (in some hundred chunks each, so the pruned search answers) and a second
    // folder of very short chunks holding both: they outrank everything in /data.
    const sourceId = store.addSource('/gone').id;
    const runId = store.createRun(sourceId);
    store.transaction(() => {
      for (let i = 0; i < 40; i += 1) {
        const docId = store.upsertPendingDocument({ sourceId, path: `/gone/doc-${i}.md`, size: 10, mtimeMs: 1000, runId })!;
        store.replaceChunks(docId, `gone-${i}`, [{ text: 'word150 word151 word151', lineStart: 1, lineEnd: 1 }]);
      }
    });
    const query = 'word150 word151';
    const stats = { skipped: 0 };
    expect(topRowsOfAnyWord(ctx, ['"word150"', '"word151"'], 26, { commonRows: COMMON_ROWS, stats })).not.toBeNull();
    const before = search(query, 10);
    expect(before.every((row) => row.chunkId > DOCS * CHUNKS_PER_DOC)).toBe(true);
    expect(store.removeSource(sourceId)).toBe(true);
    const after = search(query, 10);
    const kept = reader
      .prepare<[string], RankedRow>(
        `SELECT f.rowid AS chunkId, f.rank FROM chunks_fts f
         JOIN chunks c ON c.id = f.rowid JOIN documents d ON d.id = c.doc_id JOIN sources s ON s.id = d.source_id
         WHERE chunks_fts MATCH ? AND s.removed = 0 ORDER BY f.rank LIMIT 10`,
      )
      .all('"word150" OR "word151"');
    expect(after).toHaveLength(10);
    expectSameTop(after, kept);
  });
});
