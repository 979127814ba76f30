/**
 * No clear text in Redis: after indexing a folder (a file that fails extraction included, and a
 * file the watcher sees appear), neither a planted sentence nor a file or folder path appears in
 * any key of Redis (strings, hashes, lists, sets, sorted sets, streams) or in its append-only
 * files; the embed jobs kept for the retention no longer hold their (sealed) texts. The monitor
 * still shows them, opened, to its users.
 */
import { Redis } from 'ioredis';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexFolder, startTestEngine, waitFor, waitForHistory, waitForRun, type TestEngine } from '../helpers/engine';

/** In the folder's name, every file's name and the planted sentence: searched for everywhere. */
const TOKEN = `qx${process.pid}zq`;
const SENTENCE = `The saffron ${TOKEN} narwhal hummed sonatas beneath the frozen aqueduct`;
const WATCHED_SENTENCE = 'A cobalt tortoise annotated the almanac of tides';

/** Every value of every key, as text, by type. */
async function dumpRedis(redis: Redis): Promise<string> {
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      parts.push(key);
      const type = await redis.type(key);
      // A key can expire between SCAN and TYPE (BullMQ's short-lived lock and check keys).
      if (type === 'none') continue;
      if (type === 'string') parts.push((await redis.get(key)) ?? '');
      else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') parts.push(...(await redis.lrange(key, 0, -1)));
      else if (type === 'set') parts.push(...(await redis.smembers(key)));
      else if (type === 'zset') parts.push(...(await redis.zrange(key, '0', '-1')));
      else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      else throw new Error(`key ${key} has a type this test does not read: ${type}`);
    }
  } while (cursor !== '0');
  return parts.join('\n');
}

/** Every file under the Redis folder's append-only directory, as latin1 text (binary-safe). */
function readAof(dir: string): { files: string[]; text: string } {
  const files = readdirSync(dir).map((name) => join(dir, name));
  return { files, text: files.map((file) => readFileSync(file).toString('latin1')).join('\n') };
}

describe('no clear text in Redis', () => {
  let test: TestEngine;
  let base: string;
  let folder: string;
  let good: string;
  let bad: string;
  let watched: string;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'semantik-clear-'));
    folder = join(base, `folder-${TOKEN}`);
    mkdirSync(join(folder, 'sub'), { recursive: true });
    good = join(folder, 'sub', `note-${TOKEN}.txt`);
    writeFileSync(good, `${SENTENCE}.\n\nA second paragraph about nothing in particular.\n`);
    // Over SEMANTIK_MAX_FILE_SIZE: fails with a reason that names the file.
    bad = join(folder, `huge-${TOKEN}.txt`);
    writeFileSync(bad, 'word '.repeat(300_000));
    test = await startTestEngine(1, { SEMANTIK_MAX_FILE_SIZE: '1mb' }, join(base, 'data'));
  });
  afterAll(async () => {
    await test?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('keeps the sentence and the paths out of every key and the AOF, and the monitor shows them', async () => {
    const { engine } = test;
    const runId = await indexFolder(engine, folder);
    await waitForRun(engine, runId);
    const sourceId = engine.store.listSources()[0]!.id;
    expect(engine.store.searchKeyword(`saffron narwhal ${TOKEN}`, 3)[0]?.path).toBe(good);
    expect(engine.store.documentsOfSource(sourceId).get(bad)?.state).toBe('failed');

    // A file the watcher sees appear: its scan job names the changed paths.
    // The watcher is made by the service's next look at the folder list: until then the list is empty.
    await waitFor(
      () => {
        const status = engine.watch?.status() ?? [];
        return status.length === 1 && status.every((one) => one.ready);
      },
      'the watcher to be ready',
      60_000,
    );
    watched = join(folder, 'sub', `late-${TOKEN}.txt`);
    writeFileSync(watched, `${WATCHED_SENTENCE}.\n`);
    await waitFor(
      () => engine.store.documentsOfSource(sourceId).get(watched)?.state === 'indexed',
      'the watched file to be indexed',
      60_000,
    );
    await waitForHistory(engine);

    // The monitor opens what workers sealed: the extract job's failure names the bad file (failed
    // for good, or failed once and waiting for its retry).
    const failed = await engine.handlers['tasks:list']({
      q: 'queue:extract',
      state: ['failed', 'delayed'],
      limit: 10,
      offset: 0,
      sort: '-addedAt',
    });
    expect(failed.tasks.length).toBeGreaterThan(0);
    const detail = await engine.handlers['tasks:get']({ queue: 'extract', id: failed.tasks[0]!.id });
    expect(detail.error).toContain(bad);
    expect(detail.logs.join('\n')).toContain(bad);
    expect(detail.stack).toContain(`${bad}: `);
    // The list's row carries the reason once the job has failed for good (a retrying one shows it in its detail).
    if (failed.tasks[0]!.state === 'failed') expect(failed.tasks[0]!.error).toContain(bad);

    // Every embed job's texts are dropped once its batch's ingest is done: what stays for the
    // retention is the model, the run and the count.
    await waitFor(
      async () => {
        const counts = await engine.queues.get('ingest').getJobCounts('waiting', 'active', 'delayed', 'waiting-children');
        return Object.values(counts).every((count) => count === 0);
      },
      'every ingest job to finish',
      60_000,
    );
    const embeds = await engine.queues.get('embed').getJobs(['completed'], 0, -1);
    expect(embeds.length).toBeGreaterThan(0);
    for (const job of embeds) expect(Object.keys(job.data).sort(), `embed job ${job.id}`).toEqual(['count', 'modelId', 'runId']);

    // Written to the AOF (appendfsync everysec) before it is read.
    await new Promise((done) => setTimeout(done, 1_500));
    const redis = new Redis(engine.redisConnection);
    try {
      const dump = await dumpRedis(redis);
      expect(dump.length).toBeGreaterThan(1000);
      // The embed jobs are still in Redis (kept for the retention), without their texts.
      expect(dump).toContain(engine.model.id);
      for (const clear of [SENTENCE, 'saffron', WATCHED_SENTENCE, 'tortoise', TOKEN, folder, good, bad, watched]) {
        expect(dump.includes(clear), `Redis holds "${clear}" in clear`).toBe(false);
      }
    } finally {
      redis.disconnect();
    }
    const aofDir = join(test.dataDir, 'redis', 'appendonlydir');
    const aof = readAof(aofDir);
    expect(aof.files.length).toBeGreaterThan(0);
    expect(aof.files.some((file) => statSync(file).size > 10_000)).toBe(true);
    // The AOF logs every write, including jobs since removed: the work went through it.
    expect(aof.text).toContain('sealed:v1:');
    for (const clear of [SENTENCE, 'saffron', WATCHED_SENTENCE, 'tortoise', TOKEN, folder]) {
      expect(aof.text.includes(clear), `the AOF holds "${clear}" in clear`).toBe(false);
    }
  });
});
