/**
 * The engine end to end through the real CLI: a real Redis, real worker processes, the real model
 * and SQLite. Index a folder, search for a planted sentence, re-index unchanged, change and delete.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCorpus, type Corpus } from '../helpers/corpus';
import { parseJsonOutput, runCli } from '../helpers/cli';

interface Summary {
  files: number;
  indexed: number;
  skipped: number;
  unchanged: number;
  failed: number;
  deleted: number;
  chunks: number;
  seconds: number;
  failures: Array<{ path: string; reason: string }>;
}
interface Hit {
  path: string;
  score: number;
  snippet: string;
}

const PLANTED = 'The lighthouse keeper fed seventeen hungry cats fresh fish during the thunderstorm.';
const CHANGED = 'A violinist practised a difficult concerto in the empty cathedral at midnight.';
const FILES = 300;

describe('semantik index and search (CLI, real engine)', () => {
  let base: string;
  let corpus: Corpus;
  let env: Record<string, string>;
  let first: Summary;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'semantik-cli-'));
    corpus = makeCorpus(join(base, 'corpus'), FILES, { 137: PLANTED });
    env = { SEMANTIK_DATA_DIR: join(base, 'data'), SEMANTIK_WORKERS: '2' };
    const result = await runCli(['index', corpus.root, '--json'], env);
    first = parseJsonOutput<Summary>(result);
    expect(result.code, result.stderr).toBe(0);
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('indexes every file of a folder of a few hundred files', () => {
    expect(first.files).toBe(FILES);
    expect(first.indexed).toBe(FILES);
    expect(first.failed).toBe(0);
    expect(first.chunks).toBeGreaterThanOrEqual(FILES);
  });

  it('finds the file with a planted sentence first', async () => {
    const result = await runCli(['search', 'lighthouse keeper feeding hungry cats in a storm', '-k', '5', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const hits = parseJsonOutput<Hit[]>(result);
    expect(hits[0]?.path).toBe(corpus.files[137]);
    expect(hits[0]?.snippet).toContain('lighthouse');
  });

  it('re-embeds nothing when the folder is unchanged, and is faster', async () => {
    const result = await runCli(['index', corpus.root, '--json'], env);
    const again = parseJsonOutput<Summary>(result);
    expect(again.files).toBe(FILES);
    expect(again.indexed).toBe(0);
    expect(again.unchanged).toBe(FILES);
    expect(again.chunks).toBe(0);
    expect(again.seconds).toBeLessThan(first.seconds);
  });

  it('re-embeds only a changed file, and forgets a deleted one', async () => {
    writeFileSync(corpus.files[10]!, `${CHANGED}\n`);
    unlinkSync(corpus.files[137]!);
    const result = await runCli(['index', corpus.root, '--json'], env);
    const third = parseJsonOutput<Summary>(result);
    expect(third.indexed).toBe(1);
    expect(third.unchanged).toBe(FILES - 2);
    expect(third.deleted).toBe(1);

    const changed = parseJsonOutput<Hit[]>(
      await runCli(['search', 'violinist practising a concerto in a cathedral', '-k', '3', '--json'], env),
    );
    expect(changed[0]?.path).toBe(corpus.files[10]);
    const gone = parseJsonOutput<Hit[]>(
      await runCli(['search', 'lighthouse keeper feeding hungry cats in a storm', '-k', '20', '--json'], env),
    );
    expect(gone.map((hit) => hit.path)).not.toContain(corpus.files[137]);
  });

  it('reports a missing folder clearly and exits non-zero', async () => {
    const result = await runCli(['index', join(base, 'does-not-exist'), '--json'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('No such folder');
  });
});
