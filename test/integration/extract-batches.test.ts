/**
 * How a scan cuts a folder into extract jobs (real engine, Redis, worker process, SQLite): up to
 * 128 files per job by default, and a job is closed early once its files add up to 16 MB, so a
 * batch of big files stays small. Every file ends in exactly one job.
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
  it('holds up to 128 files, and closes once its files reach 16 MB', async () => {
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
      const sizes = jobs.map((job) => (job.data as ExtractJobData).files.length).sort((a, b) => a - b);
      // 7 + 7 + 7 MB reach 16 MB at the third big file; then 128, 128 and the 44 left.
      expect(sizes).toEqual([3, 44, 128, 128]);
      const ids = jobs.flatMap((job) => (job.data as ExtractJobData).files.map((file) => file.docId));
      expect(new Set(ids).size).toBe(SMALL_FILES + 3);
      expect(engine.store.counts().documents).toBe(SMALL_FILES + 3);
    } finally {
      await test.close();
    }
  }, 180_000);
});
