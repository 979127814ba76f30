/**
 * A worker on "another machine": `semantik worker --redis rediss://…` in its own network namespace,
 * reaching the app's Redis across a veth pair, with TLS (the app's self-signed certificate, pinned
 * with --ca) and the `worker` user's password (--password-file). It embeds part of a run, shows in the monitor, and the index it
 * helps build equals the one built by local workers alone.
 */
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedJobResult } from '../../src/shared/jobs';
import { WORKER_PASSWORD_FILE } from '../../src/main/engine/redis/embedded-redis';
import { redisTlsDir } from '../../src/main/engine/redis/redis-tls';
import { createEmbedder } from '../../src/node/embedding/embedder';
import { defaultModelDir } from '../../src/node/models/default-model-dir';
import { CLI } from '../helpers/cli';
import { makeCorpus } from '../helpers/corpus';
import { indexFolder, startTestEngine, waitFor, waitForRun, type TestEngine } from '../helpers/engine';
import { createNetns, type Netns } from '../helpers/netns';
import { payloadKeyPath } from '../../src/node/jobs/job-keys';

const FILES = 120;

describe('a remote worker in another network namespace', () => {
  let netns: Netns | { skipped: string };
  let base: string;
  let test: TestEngine | null = null;
  let remote: ChildProcess | null = null;
  let remoteOutput = '';

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'semantik-remote-'));
    netns = createNetns();
    if ('skipped' in netns) {
      process.stdout.write(`remote-worker test skipped: ${netns.skipped}\n`);
      return;
    }
    // Exposed on the veth address only, TLS-only; one local worker, no GPUs; extract jobs of 16
    // files, so that the run makes embed jobs enough for both workers.
    test = await startTestEngine(1, { SEMANTIK_REDIS_EXPOSE: netns.hostIp, SEMANTIK_GPUS: 'none', SEMANTIK_EXTRACT_BATCH: '16' });
  });
  afterAll(async () => {
    remote?.kill('SIGKILL');
    await test?.close();
    if (netns && !('skipped' in netns)) netns.remove();
    rmSync(base, { recursive: true, force: true });
  });

  it('embeds part of a run, is seen in the monitor, and the index equals a local-only one', async (ctx) => {
    if ('skipped' in netns || !test) {
      ctx.skip('skipped' in netns ? netns.skipped : 'the test engine did not start');
      return;
    }
    const { engine, dataDir } = test;
    expect(engine.redisServer?.url).toMatch(/^rediss:\/\//);
    // TLS only, even on loopback: a plain connection with the right password gets nowhere.
    const plain = new Redis({
      host: '127.0.0.1',
      port: engine.redisServer!.port,
      password: engine.redisConnection.password!,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 3_000,
    });
    plain.on('error', () => undefined);
    await expect(plain.connect().then(() => plain.ping())).rejects.toThrow();
    plain.disconnect();
    const local = makeCorpus(join(base, 'local'), FILES).root;
    const shared = makeCorpus(join(base, 'shared'), FILES).root;
    // The local-only index first, before the remote worker joins.
    await waitForRun(engine, await indexFolder(engine, local));

    const url = `rediss://${netns.hostIp}:${engine.redisServer!.port}`;
    const workerPasswordFile = join(base, 'worker-password');
    copyFileSync(join(dataDir, 'redis', WORKER_PASSWORD_FILE), workerPasswordFile);
    remote = netns.spawn(
      process.execPath,
      // The worker user's password from a copy of the app's file, as a remote machine is given it.
      [
        CLI,
        'worker',
        '--redis',
        url,
        '--ca',
        join(redisTlsDir(dataDir), 'cert.pem'),
        '--password-file',
        workerPasswordFile,
        '--concurrency',
        '2',
      ],
      {
        SEMANTIK_PAYLOAD_KEY_FILE: payloadKeyPath(dataDir),
        SEMANTIK_GPUS: 'none',
        SEMANTIK_LOG_LEVEL: 'warn',
      },
    );
    remote.stdout!.on('data', (chunk: Buffer) => (remoteOutput += chunk.toString()));
    remote.stderr!.on('data', (chunk: Buffer) => (remoteOutput += chunk.toString()));
    await waitFor(
      async () => (await engine.handlers['monitor:snapshot']({})).workers.some((worker) => !worker.local && worker.state === 'idle'),
      'the remote worker in the monitor',
      60_000,
      200,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; remote worker output:\n${remoteOutput.slice(-3000)}`);
    });

    await waitForRun(engine, await indexFolder(engine, shared));
    // The monitor shows the remote worker's work (its heartbeats arrive every second).
    await waitFor(
      async () =>
        (await engine.handlers['monitor:snapshot']({})).workers.some(
          (worker) => !worker.local && (worker.lastHeartbeat?.processed ?? 0) > 0,
        ),
      'the monitor to show jobs done by the remote worker',
      10_000,
      200,
    );
    const remoteWorker = (await engine.handlers['monitor:snapshot']({})).workers.find((worker) => !worker.local);
    expect(remoteWorker?.workerId).toMatch(/^r-/);
    expect(remoteWorker?.lastHeartbeat?.queues).toEqual(['embed']);
    const results = (await engine.queues.get('embed').getJobs(['completed'], 0, -1)).map((job) => job.returnvalue as EmbedJobResult);
    const byRemote = results.filter((result) => result.workerId === remoteWorker!.workerId);
    expect(byRemote.length, 'embed jobs done by the remote worker').toBeGreaterThan(0);
    expect(byRemote.length).toBeLessThan(results.length);
    // Not one command of the remote worker (the `worker` user) was refused on the way.
    expect(await engine.redis.call('ACL', 'LOG')).toEqual([]);

    // Same documents, chunks and vectors as the local-only run.
    const summary = (path: string) => engine.store.folderSummaries().find((folder) => folder.path === path)!;
    expect({ files: summary(shared).files, chunks: summary(shared).chunks, failed: summary(shared).failed }).toEqual({
      files: summary(local).files,
      chunks: summary(local).chunks,
      failed: 0,
    });
    expect(summary(shared).run?.chunksEmbedded).toBe(summary(local).chunks);
    const embedder = await createEmbedder({ modelDir: defaultModelDir(), device: { kind: 'cpu' }, threads: 1 });
    try {
      const queries = await embedder.embed(['budget review meeting', 'network server release', 'customer growth strategy']);
      for (let q = 0; q < 3; q++) {
        const hits = engine.store.searchVectors(engine.model.id, queries.subarray(q * 100, (q + 1) * 100), 400);
        const key = (root: string) =>
          new Map(hits.filter((hit) => hit.path.startsWith(root)).map((hit) => [`${relative(root, hit.path)}#${hit.idx}`, hit.score]));
        const [fromLocal, fromShared] = [key(local), key(shared)];
        expect(fromShared.size).toBeGreaterThan(50);
        for (const [chunk, score] of fromShared) expect(fromLocal.get(chunk), chunk).toBeCloseTo(score, 5);
      }
    } finally {
      await embedder.dispose();
    }
  });
});
