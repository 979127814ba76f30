/**
 * Killing a worker process with SIGKILL in the middle of indexing loses nothing and duplicates
 * nothing: the run completes with the counts of an undisturbed run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCorpus } from '../helpers/corpus';
import { indexFolder, startTestEngine, waitFor, waitForRun } from '../helpers/engine';

const FILES = 400;

const BATCH_OF_16 = { SEMANTIK_EXTRACT_BATCH: '16' };

describe('a worker killed mid-run', () => {
  let base: string;
  let corpus: string;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'semantik-crash-'));
    corpus = makeCorpus(join(base, 'corpus'), FILES).root;
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('completes with the same document and chunk counts as an undisturbed run, without duplicates', async () => {
    // Extract jobs of 16 files: the run's count of indexed files moves in small steps, through the window the kill waits for.
    const calm = await startTestEngine(2, BATCH_OF_16);
    let expected;
    try {
      await waitForRun(calm.engine, await indexFolder(calm.engine, corpus));
      expected = calm.engine.store.counts();
    } finally {
      await calm.close();
    }
    expect(expected.documents).toBe(FILES);

    const crashed = await startTestEngine(2, BATCH_OF_16);
    try {
      const { engine } = crashed;
      const runId = await indexFolder(engine, corpus);
      // Kill a worker while it is in the middle of the run: some files done, most not.
      await waitFor(
        () => {
          const progress = engine.store.runProgress(runId);
          return progress.filesIndexed >= 20 && progress.filesIndexed < FILES / 2;
        },
        'the run to be under way',
        60_000,
        20,
      );
      const victim = engine.pool.info().find((worker) => worker.pid !== null && worker.state === 'busy') ?? engine.pool.info()[0];
      expect(victim?.pid).toBeTruthy();
      process.kill(victim!.pid!, 'SIGKILL');
      await waitForRun(engine, runId, 170_000);

      const counts = engine.store.counts();
      expect(counts.documents).toBe(expected.documents);
      expect(counts.chunks).toBe(expected.chunks);
      expect(counts.embedded).toBe(expected.chunks);
      expect(counts.failed).toBe(0);
      expect(engine.store.duplicateChunkCount()).toBe(0);
      expect(engine.store.staleChunkCount()).toBe(0);
      expect(engine.store.orphanVectorCount()).toBe(0);
      // The pool replaced the killed worker.
      await waitFor(
        () => engine.pool.info().some((worker) => worker.workerId === victim!.workerId && worker.restarts >= 1),
        'the killed worker to be restarted',
        30_000,
      );
    } finally {
      await crashed.close();
    }
  });
});
