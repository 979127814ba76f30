/**
 * Scaling the pool while it works: from four workers to one through the CLI (the running
 * instance's control channel) loses no job and no chunk, and autoscale grows and shrinks the pool.
 *
 * To make scaling down meet unfinished work, two outside processes hold both simulated GPUs while
 * the workers' embed jobs wait for them (SEMANTIK_GPU_FALLBACK=wait): the stopped workers must
 * hand those jobs back. The undisturbed run is an identical copy of the corpus in the same engine.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderInfo } from '../../src/shared/monitor-types';
import { controlCall } from '../../src/main/cli/control-client';
import { readControlKey } from '../../src/main/cli/control-key';
import {
  CONTROL_CHANNEL,
  CONTROL_REPLY_CHANNEL,
  controlKeyPath,
  replySigned,
  signRequest,
  type ControlReply,
} from '../../src/node/control-protocol';
import { runCli } from '../helpers/cli';
import { makeCorpus } from '../helpers/corpus';
import { indexFolder, startTestEngine, waitFor, waitForRun, type TestEngine } from '../helpers/engine';
import { simStatus, startLeaseHolder } from '../helpers/gpu-jobs';

const FILES = 150;

describe('scaling the pool while it indexes (sim:2)', () => {
  let base: string;
  let test: TestEngine;
  const holders: ChildProcess[] = [];

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'semantik-scale-'));
    test = await startTestEngine(4, {
      SEMANTIK_GPUS: 'sim:2',
      SEMANTIK_GPU_FALLBACK: 'wait',
      SEMANTIK_WORKER_STOP_GRACE: '1s',
      // Extract jobs of 16 files: the 150 files make enough embed jobs for every worker to wait with one.
      SEMANTIK_EXTRACT_BATCH: '16',
    });
  });
  afterAll(async () => {
    for (const holder of holders) holder.kill('SIGKILL');
    await test?.close();
    rmSync(base, { recursive: true, force: true });
  });

  function folder(path: string): FolderInfo {
    const found = test.engine.store.folderSummaries().find((one) => one.path === path);
    if (!found) throw new Error(`no folder ${path}`);
    return found;
  }

  it('scales from 4 workers to 1 mid-run (semantik workers scale 1) and ends with the counts of an undisturbed run', async () => {
    const { engine, dataDir } = test;
    const calm = makeCorpus(join(base, 'calm'), FILES).root;
    const scaled = makeCorpus(join(base, 'scaled'), FILES).root;
    await waitForRun(engine, await indexFolder(engine, calm));
    const expected = folder(calm);
    expect(expected.files).toBe(FILES);

    const first = await startLeaseHolder(engine, 2, 3_000);
    const second = await startLeaseHolder(engine, 2, 3_000);
    holders.push(first.child, second.child);
    const runId = await indexFolder(engine, scaled);
    // Every worker has embed jobs waiting for a device: unfinished work when the pool shrinks.
    await waitFor(
      async () => {
        const waiting = new Set((await simStatus(engine)).waiters.map((waiter) => waiter.owner.split(':')[0]));
        return waiting.size >= 4;
      },
      'embed jobs waiting for a GPU on all four workers',
      90_000,
      50,
    );
    const scale = await runCli(['workers', 'scale', '1', '--json'], { SEMANTIK_DATA_DIR: dataDir });
    expect(scale.code, scale.stderr).toBe(0);
    expect(JSON.parse(scale.stdout)).toEqual({ target: 1 });
    await waitFor(() => engine.pool.info().length === 1, 'the pool to shrink to one worker', 30_000);
    first.child.kill('SIGKILL');
    second.child.kill('SIGKILL');
    await waitForRun(engine, runId, 170_000);

    const after = folder(scaled);
    expect({ files: after.files, chunks: after.chunks, failed: after.failed }).toEqual({
      files: expected.files,
      chunks: expected.chunks,
      failed: 0,
    });
    expect(after.run?.chunksEmbedded).toBe(expected.chunks);
    for (const queue of await engine.queues.counts()) expect(queue.failed, `failed jobs in ${queue.name}`).toBe(0);
    expect(engine.store.duplicateChunkCount()).toBe(0);
    // The stopped workers handed their waiting jobs back rather than leaving them to lapse.
    const embedJobs = await engine.queues.get('embed').getJobs(['completed'], 0, -1);
    const handedBack = (
      await Promise.all(embedJobs.map(async (job) => (await engine.queues.get('embed').getJobLogs(job.id!)).logs))
    ).filter((logs) => logs.some((line) => line.startsWith('handed back to the queue')));
    expect(handedBack.length).toBeGreaterThan(0);
    expect(engine.pool.events().filter((event) => event.kind === 'crash')).toEqual([]);
  });

  it('autoscale grows the pool while work waits and shrinks it when idle', async () => {
    const { engine, dataDir } = test;
    expect(engine.pool.targetCount).toBe(1);
    const on = await runCli(['workers', 'autoscale', '1', '3', '--idle', '2', '--json'], { SEMANTIK_DATA_DIR: dataDir });
    expect(on.code, on.stderr).toBe(0);
    expect(JSON.parse(on.stdout)).toEqual({ enabled: true, min: 1, max: 3, idleMs: 2_000 });
    // Both GPUs taken: embed work piles up and every worker stays busy until they are freed.
    const first = await startLeaseHolder(engine, 2, 3_000);
    const second = await startLeaseHolder(engine, 2, 3_000);
    holders.push(first.child, second.child);
    const runId = await indexFolder(engine, makeCorpus(join(base, 'auto'), FILES, {}, 7).root);
    let peak = 0;
    await waitFor(
      () => {
        peak = Math.max(peak, engine.pool.info().filter((worker) => worker.state !== 'stopping').length);
        return peak >= 3;
      },
      'autoscale to grow the pool to 3',
      90_000,
      50,
    );
    first.child.kill('SIGKILL');
    second.child.kill('SIGKILL');
    await waitForRun(engine, runId, 170_000);
    await waitFor(() => engine.pool.targetCount === 1 && engine.pool.info().length === 1, 'autoscale to shrink the pool to 1', 60_000);
    expect(folder(join(base, 'auto')).files).toBe(FILES);
    const off = await runCli(['workers', 'autoscale', 'off', '--json'], { SEMANTIK_DATA_DIR: dataDir });
    expect(JSON.parse(off.stdout)).toMatchObject({ enabled: false });
  });
  it('refuses control requests not signed with the data folder’s control key, stale ones and replays', async () => {
    const { engine, dataDir } = test;
    const key = readControlKey(dataDir);
    expect(statSync(controlKeyPath(dataDir)).mode & 0o777).toBe(0o600);
    const target = engine.pool.targetCount;
    const subscriber = engine.redis.duplicate();
    const replies: ControlReply[] = [];
    subscriber.on('message', (_channel: string, text: string) => replies.push(JSON.parse(text) as ControlReply));
    await subscriber.subscribe(CONTROL_REPLY_CHANNEL);
    const send = (request: object): Promise<number> => engine.redis.publish(CONTROL_CHANNEL, JSON.stringify(request));
    const replyTo = async (id: string): Promise<ControlReply> => {
      await waitFor(() => replies.some((reply) => reply.id === id), `a reply to ${id}`, 10_000, 20);
      return replies.find((reply) => reply.id === id)!;
    };
    try {
      // Someone with only the Redis password (a remote worker's machine, say) signs with a key of its own.
      await send(signRequest('not-the-key', { id: 'forged', call: 'workers:scale', input: { count: 3 }, at: Date.now() }));
      const forged = await replyTo('forged');
      expect(forged).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/control key/) } });
      expect(replySigned(key, forged)).toBe(true);
      await send(signRequest(key, { id: 'stale', call: 'workers:scale', input: { count: 3 }, at: Date.now() - 5 * 60_000 }));
      expect((await replyTo('stale')).error?.message).toMatch(/limit is 60 s/);
      // Unsigned: not even a well-formed request; no reply, nothing done.
      await send({ id: 'unsigned', call: 'workers:scale', input: { count: 3 } });
      const signed = signRequest(key, { id: 'once', call: 'workers:list', input: {}, at: Date.now() });
      await send(signed);
      expect((await replyTo('once')).ok).toBe(true);
      replies.length = 0;
      await send(signed);
      expect((await replyTo('once')).error?.message).toMatch(/already run/);
      expect(replies.some((reply) => reply.id === 'unsigned')).toBe(false);
      // The CLI's side, with a key not the instance's: the refusal it hears is not signed with its
      // key, so it does not count; the call times out saying so, and nothing changes.
      await expect(controlCall(engine.redis, 'not-the-key', 'workers:scale', { count: 3 }, 2_000)).rejects.toThrow(
        /did not answer workers:scale within 2 s; a reply came that was not signed with this data folder's control key \(control request refused/,
      );
      expect(await controlCall(engine.redis, key, 'workers:list', {})).toBeInstanceOf(Array);
      expect(engine.pool.targetCount).toBe(target);
    } finally {
      subscriber.disconnect();
    }
  });
});
