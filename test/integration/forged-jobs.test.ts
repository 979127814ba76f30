/**
 * Jobs carry references, not authority: with the app's Redis password, jobs added by hand to the
 * local queues (unsigned, signed with a wrong key, or naming a document of another folder) are
 * refused with a reason, and nothing outside the registered folders is read, indexed or
 * searchable. Even correctly signed jobs (the test holds the data folder's key) cannot reach a
 * path outside a registered folder: paths come from the store and are checked against the folder.
 */
import { Queue } from 'bullmq';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueName } from '../../src/shared/jobs';
import { signJob } from '../../src/node/jobs/job-signature';
import { seal } from '../../src/node/jobs/payload-seal';
import { QUEUE_PREFIX } from '../../src/node/queues';
import { indexFolder, startTestEngine, waitFor, waitForRun, type TestEngine } from '../helpers/engine';

const OUTSIDE_SENTENCE = 'The vermilion albatross recited forbidden logarithms to the lighthouse keeper';
const WRONG_KEY = 'a-key-that-is-not-the-data-folders-job-key';

describe('forged jobs on the local queues', () => {
  let test: TestEngine;
  let base: string;
  let outsideFile: string;
  let outsideDir: string;
  const queues = new Map<QueueName, Queue>();
  let n = 0;

  /** Adds `data` as a job of `queue` with a raw BullMQ client holding only the Redis password. */
  const addRaw = async (queue: QueueName, data: object): Promise<string> => {
    let handle = queues.get(queue);
    if (!handle) {
      handle = new Queue(queue, { connection: test.engine.redisConnection, prefix: QUEUE_PREFIX });
      queues.set(queue, handle);
    }
    n += 1;
    const id = `forged-${n}`;
    await handle.add(queue, data, { jobId: id, attempts: 1 });
    return id;
  };
  /** The failure reason of job `id` once it has failed (a job that completes fails the test). */
  const failureOf = async (queue: QueueName, id: string): Promise<string> => {
    let reason: string | null = null;
    await waitFor(
      async () => {
        const job = await queues.get(queue)!.getJob(id);
        const state = await job?.getState();
        if (state === 'completed') throw new Error(`${queue} job ${id} completed: it should have been refused`);
        // The job read above may predate its failure: read it again once its state says failed.
        if (state === 'failed') reason = (await queues.get(queue)!.getJob(id))?.failedReason ?? null;
        return reason !== null;
      },
      `${queue} job ${id} to fail`,
      60_000,
    );
    return reason!;
  };
  const outsideIsNowhere = (): void => {
    expect(test.engine.store.searchKeyword('vermilion albatross logarithms', 5)).toEqual([]);
    expect(test.engine.store.searchKeyword('lighthouse', 5)).toEqual([]);
  };

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'semantik-forged-'));
    const folderA = join(base, 'a');
    const folderB = join(base, 'b');
    outsideDir = join(base, 'outside');
    for (const dir of [folderA, folderB, outsideDir]) mkdirSync(dir);
    writeFileSync(join(folderA, 'a.txt'), 'Notes about pruning apple trees in late winter.\n');
    writeFileSync(join(folderB, 'b.txt'), 'Notes about tuning a bicycle derailleur.\n');
    outsideFile = join(outsideDir, 'secret.txt');
    writeFileSync(outsideFile, `${OUTSIDE_SENTENCE}.\n`);
    test = await startTestEngine(1, { SEMANTIK_WATCH: '0' });
    await waitForRun(test.engine, await indexFolder(test.engine, folderA));
    await waitForRun(test.engine, await indexFolder(test.engine, folderB));
    // Starting an engine and indexing two folders: longer than the default hook limit on a busy machine.
  }, 170_000);
  afterAll(async () => {
    for (const queue of queues.values()) await queue.close();
    await test?.close();
    rmSync(base, { recursive: true, force: true });
  });

  /** The folders' ids: source, latest run, and its one document. */
  const folder = (name: string): { sourceId: number; runId: number; docId: number } => {
    const store = test.engine.store;
    const source = store.listSources().find((one) => one.path === join(base, name))!;
    const docs = [...store.documentsOfSource(source.id).values()];
    return { sourceId: source.id, runId: store.latestRun(source.id)!.id, docId: docs[0]!.id };
  };

  it('refuses unsigned and wrongly signed extract and scan jobs, and reads nothing outside', async () => {
    const a = folder('a');
    const b = folder('b');
    const { size, mtimeMs } = statSync(outsideFile);
    const extract = { runId: a.runId, files: [{ docId: a.docId, path: outsideFile, size, mtimeMs }] };
    const extractOfB = { runId: a.runId, files: [{ docId: b.docId, path: outsideFile, size, mtimeMs }] };
    const scan = { runId: a.runId, sourceId: a.sourceId, root: outsideDir };
    const cases: Array<{ queue: QueueName; data: object; reason: RegExp }> = [
      { queue: 'extract', data: extract, reason: /^refused: job is not signed$/ },
      { queue: 'extract', data: signJob(WRONG_KEY, 'extract', 'extract', extract), reason: /^refused: job signature does not match/ },
      { queue: 'extract', data: signJob(WRONG_KEY, 'extract', 'extract', extractOfB), reason: /^refused: job signature does not match/ },
      { queue: 'extract', data: { ...extract, sig: 'f'.repeat(64) }, reason: /^refused: job signature does not match/ },
      { queue: 'scan', data: scan, reason: /^refused: job is not signed$/ },
      { queue: 'scan', data: signJob(WRONG_KEY, 'scan', 'scan', scan), reason: /^refused: job signature does not match/ },
      { queue: 'ingest', data: { runId: a.runId, modelId: 'x', chunks: [], children: [] }, reason: /^refused: job is not signed$/ },
      { queue: 'system', data: { retentionDays: 1 }, reason: /^refused: job is not signed$/ },
    ];
    const ids = [];
    for (const one of cases) ids.push(await addRaw(one.queue, one.data));
    for (const [i, one] of cases.entries()) expect(await failureOf(one.queue, ids[i]!)).toMatch(one.reason);

    outsideIsNowhere();
    // Nothing changed: the folders' documents are as indexed, their runs not failed.
    const store = test.engine.store;
    expect(store.getDocument(a.docId)).toMatchObject({ state: 'indexed', path: join(base, 'a', 'a.txt') });
    expect(store.getDocument(b.docId)).toMatchObject({ state: 'indexed', path: join(base, 'b', 'b.txt') });
    expect(store.getRun(a.runId)!.error).toBeNull();
    expect(store.listSources().map((source) => source.path)).not.toContain(outsideDir);
  });

  it('refuses signed jobs whose references leave their folder', async () => {
    const key = test.engine.queues.keys.sign;
    const a = folder('a');
    const b = folder('b');
    const store = test.engine.store;
    const { size, mtimeMs } = statSync(outsideFile);
    // A document row of folder a whose path lies outside it (as a damaged store could hold).
    const planted = store.upsertPendingDocument({ sourceId: a.sourceId, path: outsideFile, size, mtimeMs, runId: a.runId })!;
    // One with a `..` escape, which only a lexical prefix check would let through.
    const escaping = store.upsertPendingDocument({
      sourceId: a.sourceId,
      path: `${base}/a/../outside/secret.txt`,
      size,
      mtimeMs,
      runId: a.runId,
    })!;
    const cases: Array<{ queue: QueueName; data: object; reason: RegExp }> = [
      {
        queue: 'extract',
        data: { runId: a.runId, files: [{ docId: b.docId, size, mtimeMs }] },
        reason: new RegExp(`^refused: document ${b.docId} is not in run ${a.runId}'s source ${a.sourceId}$`),
      },
      {
        queue: 'extract',
        data: { runId: a.runId, files: [{ docId: planted, size, mtimeMs }] },
        reason: new RegExp(`^refused: document ${planted}'s path lies outside source ${a.sourceId}$`),
      },
      {
        queue: 'extract',
        data: { runId: a.runId, files: [{ docId: escaping, size, mtimeMs }] },
        reason: new RegExp(`^refused: document ${escaping}'s path lies outside source ${a.sourceId}$`),
      },
      {
        queue: 'scan',
        data: { runId: a.runId, sourceId: b.sourceId },
        reason: new RegExp(`^refused: run ${a.runId} is not a run of source ${b.sourceId}$`),
      },
      { queue: 'scan', data: { runId: a.runId, sourceId: 9_999 }, reason: /^refused: source 9999 is not a registered folder$/ },
      {
        queue: 'scan',
        data: { runId: a.runId, sourceId: a.sourceId, paths: seal(test.engine.queues.keys.payload, [outsideFile]) },
        reason: new RegExp(`^refused: 1 changed path\\(s\\) lie outside source ${a.sourceId}$`),
      },
    ];
    const ids = [];
    for (const one of cases) ids.push(await addRaw(one.queue, signJob(key, one.queue, one.queue, one.data)));
    for (const [i, one] of cases.entries()) expect(await failureOf(one.queue, ids[i]!)).toMatch(one.reason);

    outsideIsNowhere();
    expect(store.getDocument(planted)).toMatchObject({ state: 'pending', chunkCount: 0 });
    expect(store.getDocument(escaping)).toMatchObject({ state: 'pending', chunkCount: 0 });
    expect(store.getDocument(b.docId)).toMatchObject({ state: 'indexed' });
  });
});
