// Blue/green model switch on a real engine: switching to a second model (the token-level
// sentence-transformers variant of the built-in one, same dimensions, in the models folder)
// re-embeds every chunk in the background while search answers from the old vectors, then flips;
// after the flip search ranks by the new model's vectors, and new files are embedded with it.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sqliteVec from 'sqlite-vec';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTokenLevelVariant } from '../../scripts/default-model/token-level-variant';
import { vecTableName } from '../../src/node/store/vectors';
import { DEFAULT_MODEL_ID, defaultModelDir } from '../../src/node/models/default-model-dir';
import { callApi } from '../helpers/api-call';
import { makeCorpus } from '../helpers/corpus';
import { indexFolder, startTestEngine, waitFor, waitForRun, type TestEngine } from '../helpers/engine';

const NEW_MODEL = 'glove-token-level';
const dirs: string[] = [];
let test: TestEngine | null = null;

afterAll(async () => {
  await test?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('switching models (blue/green)', () => {
  it('re-embeds in the background, answers from the old vectors meanwhile, then searches with the new model', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'semantik-switch-data-'));
    const corpusDir = mkdtempSync(join(tmpdir(), 'semantik-switch-corpus-'));
    dirs.push(dataDir, corpusDir);
    await writeTokenLevelVariant(defaultModelDir(), join(dataDir, 'models', NEW_MODEL));
    const root = join(corpusDir, 'notes');
    const planted = 'The orchestra rehearsed the symphony in the cathedral every winter evening.';
    const corpus = makeCorpus(root, 30, { 7: planted });
    test = await startTestEngine(1, { SEMANTIK_WATCH: '0' }, dataDir);
    const engine = test.engine;
    await waitForRun(engine, await indexFolder(engine, root));
    const listed = await callApi(engine, 'models:list', {});
    expect(listed.active).toBe(DEFAULT_MODEL_ID);
    expect(listed.models.find((model) => model.id === NEW_MODEL)).toMatchObject({ dims: 100, active: false, origin: 'models-folder' });
    const query = 'orchestra symphony cathedral';

    // Hold the new model's embed jobs so the switch is observably in progress.
    const embedQueue = engine.queues.get('embed');
    await embedQueue.pause();
    const during = await callApi(engine, 'models:activate', { id: NEW_MODEL });
    expect(during.active).toBe(DEFAULT_MODEL_ID);
    expect(during.switch).toMatchObject({ from: DEFAULT_MODEL_ID, to: NEW_MODEL });
    expect(during.models.find((model) => model.id === NEW_MODEL)?.pending).toBe(true);
    await waitFor(
      async () => (await embedQueue.getJobCounts('waiting', 'prioritized')).prioritized > 0,
      're-embed jobs to be queued',
      30_000,
    );

    // Search answers from the old model's vectors while the new ones are missing.
    const hits = await callApi(engine, 'search:query', { query, k: 5, mode: 'vector' });
    expect(hits[0]?.path).toBe(corpus.files[7]);
    expect(engine.models.search.modelId).toBe(DEFAULT_MODEL_ID);
    expect((await callApi(engine, 'app:info', {})).model.id).toBe(DEFAULT_MODEL_ID);
    const pending = (await callApi(engine, 'models:list', {})).switch!;
    expect(pending.covered).toBeLessThan(pending.total);

    // A file added during the switch is indexed with the active model and covered by the new one too.
    const lateFile = join(root, 'late.txt');
    writeFileSync(lateFile, 'A lighthouse keeper counted migrating cranes above the frozen bay.\n');
    await embedQueue.resume();
    await waitForRun(engine, await indexFolder(engine, root));
    await waitFor(async () => (await callApi(engine, 'models:list', {})).active === NEW_MODEL, 'the switch to flip', 120_000);

    const after = await callApi(engine, 'models:list', {});
    expect(after.switch).toBeNull();
    expect(after.models.find((model) => model.id === NEW_MODEL)).toMatchObject({ active: true, pending: false });
    expect(engine.models.search.modelId).toBe(NEW_MODEL);
    await waitFor(async () => (await callApi(engine, 'app:info', {})).model.id === NEW_MODEL, 'app:info to name the new model', 5_000);
    const coverage = engine.store.modelSelection().coverage(NEW_MODEL);
    expect(coverage.covered).toBe(coverage.total);
    expect(coverage.total).toBeGreaterThan(30);

    // Drop the old model's vectors behind the engine's back: vector search still answers, so it
    // ranks by the new model's table.
    const db = new Database(join(dataDir, 'semantik.db'));
    sqliteVec.load(db);
    db.exec(`DELETE FROM ${vecTableName(DEFAULT_MODEL_ID)}`);
    db.close();
    expect((await callApi(engine, 'search:query', { query, k: 5, mode: 'vector' }))[0]?.path).toBe(corpus.files[7]);
    expect((await callApi(engine, 'search:query', { query: 'lighthouse keeper migrating cranes', k: 3, mode: 'vector' }))[0]?.path).toBe(
      lateFile,
    );

    // A file indexed after the flip is embedded with the new model only.
    const newest = join(root, 'newest.txt');
    writeFileSync(newest, 'The baker glazed cinnamon pastries for the village market.\n');
    await waitForRun(engine, await indexFolder(engine, root));
    expect((await callApi(engine, 'search:query', { query: 'baker cinnamon pastries', k: 3, mode: 'vector' }))[0]?.path).toBe(newest);
    expect(engine.store.modelSelection().coverage(DEFAULT_MODEL_ID).covered).toBe(0);

    // The choice is kept in the index: a restart searches with the new model.
    await test.close();
    test = await startTestEngine(1, { SEMANTIK_WATCH: '0' }, dataDir);
    expect((await callApi(test.engine, 'models:list', {})).active).toBe(NEW_MODEL);
    expect(test.engine.models.search.modelId).toBe(NEW_MODEL);
    expect((await callApi(test.engine, 'search:query', { query, k: 5, mode: 'vector' }))[0]?.path).toBe(corpus.files[7]);
  });
});
