/**
 * Recall@10 of keyword-only, vector-only and hybrid search on a generated, labelled query set.
 *
 * Usage: npx tsx bench/search-recall.ts [--small] [--candidates N] [--weights KW,VEC] [--rrf-k N]
 *                                       [--keyword-match any|all] [--workers N] [--keep]
 *
 * The corpus (test/helpers/recall-corpus.ts) is written to a temporary folder and indexed through
 * the real pipeline: an engine with embedded Redis and worker processes (scan, extract, embed with
 * the built-in model on the CPU, ingest into SQLite). The three modes then run through the engine's
 * SearchService. It prints recall per query kind (and overall for the search by file) and checks two properties:
 * hybrid finds every identifier and rare name that keyword search finds, and its overall recall
 * is at most 5 points below the better of the two single rankings. Exit code 1 if either fails.
 */
import './io/quiet-logs.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/main/engine/engine.js';
import { startIndexRun } from '../src/main/engine/index-runs.js';
import { forkLauncher } from '../src/main/engine/pool/fork-launcher.js';
import { SearchService, type SearchOptions } from '../src/main/engine/search-service.js';
import type { SearchMode } from '../src/shared/search-query.js';
import { defaultModelDir } from '../src/node/models/default-model-dir.js';
import { FULL_SET, makeRecallSet, measureRecall, QUERY_KINDS, SMALL_SET, type RecallSummary } from '../test/helpers/recall-corpus.js';

const K = 10;
const MODES: readonly SearchMode[] = ['keyword', 'vector', 'hybrid'];

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function tuningFromArgs(): SearchOptions['tuning'] {
  const weights = flag('--weights')?.split(',').map(Number);
  const match = flag('--keyword-match');
  return {
    candidates: flag('--candidates') !== undefined ? Number(flag('--candidates')) : undefined,
    rrfK: flag('--rrf-k') !== undefined ? Number(flag('--rrf-k')) : undefined,
    weights: weights ? { keyword: weights[0] ?? 1, vector: weights[1] ?? 1 } : undefined,
    keywordMatch: match === 'all' || match === 'any' ? match : undefined,
  };
}

const pct = (value: number): string => `${(value * 100).toFixed(1)}`.padStart(6);

async function main(): Promise<number> {
  const size = process.argv.includes('--small') ? SMALL_SET : FULL_SET;
  const base = mkdtempSync(join(tmpdir(), 'semantik-recall-'));
  const set = makeRecallSet(join(base, 'corpus'), size);
  const engine = await createEngine({
    launcher: forkLauncher,
    dataDir: join(base, 'data'),
    workers: Number(flag('--workers') ?? 2),
    env: { ...process.env, SEMANTIK_LOG_LEVEL: 'error' },
  });
  const search = new SearchService(engine.store, engine.config.modelDir ?? defaultModelDir());
  try {
    const started = performance.now();
    const { runId } = await startIndexRun(engine.store, engine.queues, set.root);
    while (!engine.store.isRunComplete(runId)) await new Promise((done) => setTimeout(done, 200));
    const counts = engine.store.counts();
    console.log(
      `indexed ${counts.documents} files (${counts.chunks} chunks, ${counts.failed} failed) in ${((performance.now() - started) / 1000).toFixed(1)} s; ${set.queries.length} queries`,
    );

    const tuning = tuningFromArgs();
    const timings: string[] = [];
    const measure = async (mode: SearchMode): Promise<RecallSummary> => {
      const begin = performance.now();
      const summary = await measureRecall(
        set.queries,
        async (text) => (await search.search(text, K, { mode, tuning })).map((hit) => hit.path),
        K,
      );
      timings.push(`${mode} ${((performance.now() - begin) / set.queries.length).toFixed(1)} ms`);
      return summary;
    };
    const results: Record<SearchMode, RecallSummary> = {
      keyword: await measure('keyword'),
      vector: await measure('vector'),
      hybrid: await measure('hybrid'),
    };

    console.log(`\nrecall@${K} (%)     ${MODES.map((mode) => mode.padStart(8)).join('')}`);
    for (const kind of QUERY_KINDS) {
      const count = set.queries.filter((query) => query.kind === kind).length;
      console.log(`${`${kind} (${count})`.padEnd(19)}${MODES.map((mode) => `  ${pct(results[mode].byKind[kind])}`).join('')}`);
    }
    console.log(`${'all'.padEnd(19)}${MODES.map((mode) => `  ${pct(results[mode].all)}`).join('')}`);
    // The same queries one entry per file (search-grouping.ts): it must find every file the chunk list finds.
    const byFile: number[] = [];
    for (const mode of MODES) {
      const summary = await measureRecall(
        set.queries,
        async (text) => (await search.searchFiles(text, K, { mode, tuning })).map((file) => file.path),
        K,
      );
      byFile.push(summary.all);
    }
    console.log(`${'all, by file'.padEnd(19)}${byFile.map((value) => `  ${pct(value)}`).join('')}`);
    console.log(`mean time per query: ${timings.join(', ')}`);

    // Property 1: every identifier or name query keyword search answers, hybrid answers too.
    const missed = set.queries.filter(
      (query, i) => (query.kind === 'identifier' || query.kind === 'name') && results.keyword.perQuery[i]! > results.hybrid.perQuery[i]!,
    );
    // Property 2: hybrid is within 5 points of the better single ranking.
    const better = Math.max(results.keyword.all, results.vector.all);
    const gap = (better - results.hybrid.all) * 100;
    console.log(
      `\nidentifiers and names keyword finds but hybrid misses: ${missed.length === 0 ? 'none' : missed.map((q) => q.text).join('; ')}`,
    );
    console.log(`hybrid vs the better single ranking: ${gap <= 0 ? '+' : '-'}${Math.abs(gap).toFixed(1)} points (allowed: -5.0)`);
    const ok = missed.length === 0 && gap <= 5;
    console.log(ok ? 'PASS' : 'FAIL');
    return ok ? 0 : 1;
  } finally {
    await search.close();
    await engine.stop();
    if (process.argv.includes('--keep')) console.log(`kept ${base}`);
    else rmSync(base, { recursive: true, force: true });
  }
}

process.exitCode = await main();
