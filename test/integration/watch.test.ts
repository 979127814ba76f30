// Folder watching against a real engine: files added, changed and deleted while it runs reach
// search within 10 seconds; a burst of saves becomes a few runs; a restart's catch-up scan
// re-embeds only the file changed while the engine was stopped.
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningEngine } from '../../src/main/engine/engine';
import { makeCorpus } from '../helpers/corpus';
import { indexFolder, startTestEngine, waitFor, waitForRun, type TestEngine } from '../helpers/engine';

/** The bound for a change to reach search. */
const FOLLOW_MS = 10_000;

const dirs: string[] = [];
const engines: TestEngine[] = [];

afterAll(async () => {
  for (const test of engines) await test.close().catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Paths of the hybrid search's results for `query`, through the engine's API handler. */
async function searchPaths(engine: RunningEngine, query: string): Promise<string[]> {
  const hits = await engine.handlers['search:query']({ query, k: 10, mode: 'hybrid' });
  return hits.map((hit) => hit.path);
}

function docState(engine: RunningEngine, sourceId: number, path: string): string | undefined {
  return engine.store.documentsOfSource(sourceId).get(path)?.state;
}

/** Waits until `check` holds; returns how long it took. Fails past FOLLOW_MS (plus slack for a loaded machine's first poll). */
async function within(check: () => Promise<boolean>, what: string): Promise<number> {
  const started = Date.now();
  await waitFor(check, what, FOLLOW_MS, 100);
  return Date.now() - started;
}

async function watchersReady(engine: RunningEngine, count: number): Promise<void> {
  await waitFor(
    () => {
      const status = engine.watch?.status() ?? [];
      return status.length === count && status.every((one) => one.ready);
    },
    `${count} watcher(s) to be ready`,
    60_000,
  );
}

describe('folder watching', () => {
  it('follows added, changed and deleted files within 10 s, and the restart catch-up re-embeds only what changed', async () => {
    const dataDir = tempDir('semantik-watch-data-');
    const root = join(tempDir('semantik-watch-corpus-'), 'notes');
    const corpus = makeCorpus(root, 24);
    let test = await startTestEngine(1, {}, dataDir);
    engines.push(test);
    const firstRun = await indexFolder(test.engine, root);
    await waitForRun(test.engine, firstRun);
    const sourceId = test.engine.store.listSources()[0]!.id;
    await watchersReady(test.engine, 1);
    await waitFor(() => test.engine.store.getRun(firstRun)?.finishedAt !== null, 'the first run to be finished', 30_000);
    // Runs the watcher starts raise no "finished indexing" notice.
    const notices: string[] = [];
    const unsubscribe = test.engine.onEvent('folder:finished', ({ path }) => notices.push(path));

    // Added.
    const added = join(root, 'part-1', 'docs', 'lighthouse.txt');
    writeFileSync(added, 'The purple giraffe painted the old lighthouse at midnight.\n');
    const addMs = await within(
      async () =>
        (await searchPaths(test.engine, 'purple giraffe lighthouse')).includes(added) &&
        docState(test.engine, sourceId, added) === 'indexed',
      'the added file to be searchable and embedded',
    );

    // Changed: the old words leave the index, the new ones arrive.
    writeFileSync(added, 'A silver walrus repaired the harbour crane before dawn.\n');
    const changeMs = await within(async () => {
      const fresh = (await searchPaths(test.engine, 'silver walrus harbour crane')).includes(added);
      const stale = test.engine.store.searchKeyword('giraffe', 5).some((hit) => hit.path === added);
      return fresh && !stale && docState(test.engine, sourceId, added) === 'indexed';
    }, 'the changed file to be searchable by its new words only');

    // Deleted: a file of the corpus and the added one.
    const removed = corpus.files[3]!;
    unlinkSync(removed);
    unlinkSync(added);
    const deleteMs = await within(async () => {
      const docs = test.engine.store.documentsOfSource(sourceId);
      return !docs.has(removed) && !docs.has(added) && !(await searchPaths(test.engine, 'silver walrus harbour crane')).includes(added);
    }, 'the deleted files to leave the index');
    expect(test.engine.store.orphanVectorCount()).toBe(0);

    // A burst: 300 files saved at once become a few runs, not 300.
    const runsBefore = test.engine.store.latestRun(sourceId)!.id;
    const burst = join(root, 'burst');
    mkdirSync(burst);
    for (let i = 0; i < 300; i++) writeFileSync(join(burst, `b-${i}.txt`), `Burst note ${i} about the quarterly harvest festival.\n`);
    await waitFor(
      () => [...test.engine.store.documentsOfSource(sourceId).keys()].filter((path) => path.startsWith(burst)).length === 300,
      'the burst to be recorded',
      60_000,
    );
    await waitFor(() => test.engine.store.isRunComplete(test.engine.store.latestRun(sourceId)!.id), 'the burst to be indexed', 120_000);
    const burstRuns = test.engine.store.latestRun(sourceId)!.id - runsBefore;
    expect(burstRuns).toBeGreaterThanOrEqual(1);
    expect(burstRuns).toBeLessThanOrEqual(6);

    unsubscribe();
    expect(notices).toEqual([]);

    // Stopped: one file changes while the engine is not running.
    await test.engine.stop();
    const changed = corpus.files[5]!;
    writeFileSync(changed, 'While the app was closed, the gardener planted seven copper beech trees.\n');

    test = await startTestEngine(1, {}, dataDir);
    engines.push(test);
    const catchUp = test.engine.watch?.catchUpRuns.get(sourceId);
    expect(catchUp).toBeDefined();
    await waitForRun(test.engine, catchUp!);
    const progress = test.engine.store.runProgress(catchUp!);
    const files = test.engine.store.documentsOfSource(sourceId).size;
    // Only the changed file is read and embedded; every other one is skipped by size and mtime.
    expect(progress.filesQueued).toBe(1);
    expect(progress.filesUnchanged).toBe(files - 1);
    expect(progress.filesIndexed).toBe(1);
    const changedDoc = test.engine.store.getDocument(test.engine.store.documentsOfSource(sourceId).get(changed)!.id)!;
    expect(progress.chunksEmbedded).toBe(changedDoc.chunkCount);
    expect(await searchPaths(test.engine, 'gardener copper beech trees')).toContain(changed);
    // The figures the report quotes.
    process.stdout.write(`watch: add ${addMs} ms, change ${changeMs} ms, delete ${deleteMs} ms; burst of 300 files: ${burstRuns} run(s)\n`);
  });

  it('watches nothing with SEMANTIK_WATCH=0, and stops watching a removed folder', async () => {
    const root = join(tempDir('semantik-watch-off-'), 'docs');
    makeCorpus(root, 4);
    const off = await startTestEngine(1, { SEMANTIK_WATCH: '0' });
    engines.push(off);
    expect(off.engine.watch).toBeNull();
    await waitForRun(off.engine, await indexFolder(off.engine, root));
    await off.close();

    const on = await startTestEngine(1);
    engines.push(on);
    await waitForRun(on.engine, await indexFolder(on.engine, root));
    await watchersReady(on.engine, 1);
    const sourceId = on.engine.store.listSources()[0]!.id;
    await on.engine.handlers['index:removeFolder']({ id: sourceId });
    await waitFor(() => on.engine.watch!.status().length === 0, 'the removed folder to lose its watcher', 15_000);
    const runs = on.engine.store.latestRun(sourceId)!.id;
    writeFileSync(join(root, 'late.txt'), 'Written after the folder was removed.\n');
    await new Promise((done) => setTimeout(done, 3_000));
    // No run was queued for the removed folder, and its documents stay gone.
    expect(on.engine.store.latestRun(sourceId)!.id).toBe(runs);
    expect(on.engine.store.documentsOfSource(sourceId).size).toBe(0);
  });
});
