/**
 * The engine end to end through the real CLI: a real Redis, real worker processes, the real model
 * and SQLite. Index a folder, search for a planted sentence (results one per file, a file matching in
 * several places once with several passages), re-index unchanged, change and delete.
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
interface Passage {
  snippet: string;
  score: number;
  lines: [number, number | null] | null;
  page: number | null;
}
interface Hit {
  path: string;
  score: number;
  passages: Passage[];
}

const PLANTED = 'The lighthouse keeper fed seventeen hungry cats fresh fish during the thunderstorm.';
const CHANGED = 'A violinist practised a difficult concerto in the empty cathedral at midnight.';
const FILES = 300;
/** Three paragraphs on one topic, far apart in one long file: three chunks of it match. */
const BEES = [
  'The beekeeper lifted the frames from the hive and harvested golden honey from the wax combs.',
  'In late summer the apiarist smoked the hives gently and collected jars of clover honey from the bees.',
  'Harvesting honey means uncapping the combs, spinning them in an extractor and straining what the bees made.',
];
const BEES_QUERY = 'beekeeper harvesting honey from the hives';
const TOTAL = FILES + 1;

/** About 2,000 characters of varied text on other things: more than one chunk between two bee paragraphs. */
function filler(part: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 30; i += 1) {
    const n = part * 100 + i;
    lines.push(`Timetable note ${n}: the northern railway moved train ${n * 7} to platform ${n % 9} after the signal works on day ${n}.`);
  }
  return lines.join('\n');
}

describe('semantik index and search (CLI, real engine)', () => {
  let base: string;
  let corpus: Corpus;
  let env: Record<string, string>;
  let first: Summary;
  let bees: string;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'semantik-cli-'));
    corpus = makeCorpus(join(base, 'corpus'), FILES, { 137: PLANTED });
    bees = join(corpus.root, 'apiary-notes.txt');
    writeFileSync(bees, [filler(0), BEES[0], filler(1), BEES[1], filler(2), BEES[2], filler(3)].join('\n\n'));
    env = { SEMANTIK_DATA_DIR: join(base, 'data'), SEMANTIK_WORKERS: '2' };
    const result = await runCli(['index', corpus.root, '--json'], env);
    first = parseJsonOutput<Summary>(result);
    expect(result.code, result.stderr).toBe(0);
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('indexes every file of a folder of a few hundred files', () => {
    expect(first.files).toBe(TOTAL);
    expect(first.indexed).toBe(TOTAL);
    expect(first.failed).toBe(0);
    expect(first.chunks).toBeGreaterThanOrEqual(TOTAL);
  });

  it('finds the file with a planted sentence first', async () => {
    const result = await runCli(['search', 'lighthouse keeper feeding hungry cats in a storm', '-k', '5', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const hits = parseJsonOutput<Hit[]>(result);
    expect(hits[0]?.path).toBe(corpus.files[137]);
    expect(hits[0]?.passages[0]?.snippet).toContain('lighthouse');
    expect(new Set(hits.map((hit) => hit.path)).size).toBe(hits.length);
  });

  it('gives a file that matches in several places once, with its passages best first', async () => {
    const result = await runCli(['search', BEES_QUERY, '-k', '5', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const hits = parseJsonOutput<Hit[]>(result);
    expect(hits[0]?.path).toBe(bees);
    expect(hits.filter((hit) => hit.path === bees)).toHaveLength(1);
    const passages = hits[0]!.passages;
    expect(passages.length).toBeGreaterThanOrEqual(2);
    expect(passages.map((passage) => passage.score)).toEqual([...passages.map((passage) => passage.score)].sort((a, b) => b - a));
    expect(hits[0]?.score).toBe(passages[0]?.score);
    // Distinct places of the file, each with the honey it was found for.
    expect(new Set(passages.map((passage) => passage.lines?.[0])).size).toBe(passages.length);
    expect(passages.filter((passage) => /honey/i.test(passage.snippet)).length).toBeGreaterThanOrEqual(2);

    const human = await runCli(['search', BEES_QUERY, '-k', '5'], env);
    const lines = human.stdout.split('\n');
    expect(lines[0]?.startsWith(`1. ${bees} (line`), lines[0]).toBe(true);
    expect(lines.filter((line) => line.startsWith('     · (line'))).toHaveLength(passages.length - 1);
  });

  it('re-embeds nothing when the folder is unchanged, and is faster', async () => {
    const result = await runCli(['index', corpus.root, '--json'], env);
    const again = parseJsonOutput<Summary>(result);
    expect(again.files).toBe(TOTAL);
    expect(again.indexed).toBe(0);
    expect(again.unchanged).toBe(TOTAL);
    expect(again.chunks).toBe(0);
    expect(again.seconds).toBeLessThan(first.seconds);
  });

  it('re-embeds only a changed file, and forgets a deleted one', async () => {
    writeFileSync(corpus.files[10]!, `${CHANGED}\n`);
    unlinkSync(corpus.files[137]!);
    const result = await runCli(['index', corpus.root, '--json'], env);
    const third = parseJsonOutput<Summary>(result);
    expect(third.indexed).toBe(1);
    expect(third.unchanged).toBe(TOTAL - 2);
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
