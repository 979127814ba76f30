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

const SMALL_FILES = 300;

describe('extract batches', () => {
  it('grows from 16 files to 128, and closes once its files reach 16 MiB', async () => {
    const folder = join(base, 'folder');
    // The walk takes names in order: the three big files first, then the small ones.
    mkdirSync(join(folder, 'a-big'), { recursive: true });
    mkdirSync(join(folder, 'b-small'));
    for (const name of ['one', 'two', 'three']) {
      // 7 MB each, without writing them: videos are recorded as unsupported without being read.
      const path = join(folder, 'a-big', `${name}.mp4`);
      writeFileSync(path, '');
      truncateSync(path, 7 * 1024 ** 2);
    }
    for (let i = 0; i < SMALL_FILES; i += 1)
      writeFileSync(join(folder, 'b-small', `note-${String(i).padStart(3, '0')}.txt`), `Note ${i} about the harbour.\n`);

    const test = await startTestEngine(1, { SEMANTIK_WATCH: '0' });
    try {
      const { engine } = test;
      await waitForRun(engine, await indexFolder(engine, folder));
      const jobs = await engine.queues.get('extract').getJobs(['completed'], 0, -1);
      // In the walk's order: documents are recorded as they are found, so their ids grow with it.
      const batches = jobs.map((job) => (job.data as ExtractJobData).files.map((file) => file.docId));
      const sizes = batches.sort((a, b) => Math.min(...a) - Math.min(...b)).map((ids) => ids.length);
      // 7 + 7 + 7 MiB reach 16 MiB at the third big file; then 32, 64, 128 and the 76 left.
      expect(sizes).toEqual([3, 32, 64, 128, 76]);
      const ids = batches.flat();
      expect(new Set(ids).size).toBe(SMALL_FILES + 3);
      expect(engine.store.counts().documents).toBe(SMALL_FILES + 3);
    } finally {
      await test.close();
    }
  }, 180_000);
});
