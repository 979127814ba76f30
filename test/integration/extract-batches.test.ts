/**
 * How a scan cuts a folder into extract jobs (real engine, Redis, worker process, SQLite): 16 files
 * in the first, doubling up to 128 by default, and a job is closed early once its files add up to
 * 16 MiB, so a batch of big files stays small. Every file ends in exactly one job.
 */
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExtractJobData } from '../../src/shared/jobs';
import { indexFolder, startTestEngine, waitForRun } from '../helpers/engine';

const base = mkdtempSync(join(tmpdir(), 'semantik-extract-batches-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const SMALL_BEFORE = 300;
const SMALL_AFTER = 100;

function writeNotes(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i += 1) writeFileSync(join(dir, `note-${String(i).padStart(3, '0')}.txt`), `Note ${i} about the harbour.\n`);
}

describe('extract batches', () => {
  it('grows from 16 files to 128, and closes once its files reach 16 MiB', async () => {
    const folder = join(base, 'folder');
    // The walk takes names in order: small files, three big ones, small files again.
    writeNotes(join(folder, 'a-small'), SMALL_BEFORE);
    mkdirSync(join(folder, 'b-big'));
    for (const name of ['one', 'two', 'three']) {
      // 7 MiB each, without writing them: videos are recorded as unsupported without being read.
      const path = join(folder, 'b-big', `${name}.mp4`);
      writeFileSync(path, '');
      truncateSync(path, 7 * 1024 ** 2);
    }
    writeNotes(join(folder, 'c-small'), SMALL_AFTER);

    const test = await startTestEngine(1, { SEMANTIK_WATCH: '0' });
    try {
      const { engine } = test;
      await waitForRun(engine, await indexFolder(engine, folder));
      const jobs = await engine.queues.get('extract').getJobs(['completed'], 0, -1);
      // In the walk's order: documents are recorded as they are found, so their ids grow with it.
      const batches = jobs.map((job) => (job.data as ExtractJobData).files.map((file) => file.docId));
      const sizes = batches.sort((a, b) => Math.min(...a) - Math.min(...b)).map((ids) => ids.length);
      // 16, 32, 64, 128; then the 60 small files left and the big ones, whose 7 + 7 + 7 MiB reach
      // 16 MiB at the third; then the last 100.
      expect(sizes).toEqual([16, 32, 64, 128, 63, 100]);
      const ids = batches.flat();
      expect(new Set(ids).size).toBe(SMALL_BEFORE + 3 + SMALL_AFTER);
      expect(engine.store.counts().documents).toBe(SMALL_BEFORE + 3 + SMALL_AFTER);
    } finally {
      await test.close();
    }
  }, 180_000);
});
