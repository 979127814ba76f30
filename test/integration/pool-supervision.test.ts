/**
 * Supervision: a worker that crash-loops is left stopped and shown in the monitor with its last
 * output lines; redis-server killed mid-run is restarted on the same port and data folder (AOF),
 * the workers reconnect, and the run completes with the counts of an undisturbed run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type RunningEngine } from '../../src/main/engine/engine';
import { forkLauncher } from '../../src/main/engine/pool/fork-launcher';
import { CRASH_LOOP_LIMIT } from '../../src/main/engine/pool/worker-pool';
import type { FolderInfo } from '../../src/shared/monitor-types';
import { makeCorpus } from '../helpers/corpus';
import { indexFolder, startTestEngine, waitFor, waitForRun, type TestEngine } from '../helpers/engine';

const here = fileURLToPath(new URL('.', import.meta.url));

describe('a crash-looping worker', () => {
  let engine: RunningEngine | null = null;
  let dataDir: string;
  afterAll(async () => {
    await engine?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is left stopped, keeps its place, and is shown in the monitor snapshot with its last output', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'semantik-crashloop-'));
    engine = await createEngine({
      launcher: forkLauncher,
      dataDir,
      workers: 1,
      workerEntry: resolve(here, 'fixtures/crashing-worker.ts'),
      env: { ...process.env, SEMANTIK_LOG_LEVEL: 'error' },
    });
    const running = engine;
    await waitFor(
      async () => (await running.handlers['monitor:snapshot']({})).workers.some((worker) => worker.state === 'crashed'),
      'a crashed worker',
      60_000,
      200,
    );
    const snapshot = await running.handlers['monitor:snapshot']({});
    expect(snapshot.workers).toHaveLength(1);
    const [worker] = snapshot.workers;
    expect(worker?.lastError).toContain(`crash loop: ${CRASH_LOOP_LIMIT} exits`);
    expect(worker?.lastError).toContain('crashing-worker: cannot load the model (planted failure');
    expect(worker?.restarts).toBe(CRASH_LOOP_LIMIT - 1);
    // Not replaced by a fresh worker that would crash the same way.
    await new Promise((done) => setTimeout(done, 2_000));
    expect(running.pool.info()).toHaveLength(1);
    expect(running.pool.targetCount).toBe(1);
  });
});

describe('redis-server killed mid-run', () => {
  const FILES = 150;
  let base: string;
  let test: TestEngine;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'semantik-redis-kill-'));
    test = await startTestEngine(2);
  });
  afterAll(async () => {
    await test?.close();
    rmSync(base, { recursive: true, force: true });
  });

  function folder(path: string): FolderInfo {
    const found = test.engine.store.folderSummaries().find((one) => one.path === path);
    if (!found) throw new Error(`no folder ${path}`);
    return found;
  }

  it('is restarted on the same port; the workers reconnect and the run completes with correct counts', async () => {
    const { engine } = test;
    const server = engine.redisServer!;
    const calm = makeCorpus(join(base, 'calm'), FILES).root;
    const killed = makeCorpus(join(base, 'killed'), FILES).root;
    await waitForRun(engine, await indexFolder(engine, calm));
    const expected = folder(calm);

    const runId = await indexFolder(engine, killed);
    await waitFor(() => engine.store.runProgress(runId).filesIndexed >= 10, 'the run to be under way', 60_000, 20);
    const before = server.current().pid!;
    process.kill(before, 'SIGKILL');
    await waitFor(() => server.restarts === 1 && server.current().pid !== before, 'redis-server to be restarted', 30_000);
    expect(server.current().port).toBe(server.port);
    await waitForRun(engine, runId, 170_000);

    const after = folder(killed);
    expect({ files: after.files, chunks: after.chunks, failed: after.failed }).toEqual({
      files: FILES,
      chunks: expected.chunks,
      failed: 0,
    });
    expect(after.run?.chunksEmbedded).toBe(expected.chunks);
    expect(engine.store.duplicateChunkCount()).toBe(0);
    // The workers came back on the restarted server: their heartbeats reach it.
    await waitFor(
      async () => Object.keys(await engine.redis.hgetall('semantik:workers')).length === 2,
      'both workers to beat again',
      20_000,
    );
    expect(engine.pool.events().filter((event) => event.kind === 'crash')).toEqual([]);
  });
});
