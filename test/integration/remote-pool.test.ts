/**
 * `semantik worker` runs its worker processes under a pool of its own, so a remote machine gets
 * the same supervision as the app: a SIGKILLed worker is replaced, a worker above
 * SEMANTIK_WORKER_MAX_MEMORY is recycled, embed work still completes, and SIGTERM stops them all.
 *
 * Here the "remote" machine is this one, over loopback as the `worker` user (remote-worker.test.ts
 * covers TLS across a network namespace).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerInfo } from '../../src/shared/monitor-types';
import { CLI, REPO_ROOT } from '../helpers/cli';
import { startTestEngine, waitFor, type TestEngine } from '../helpers/engine';
import { addEmbedJob, bigTexts, jobOutcome } from '../helpers/gpu-jobs';
import { payloadKeyPath } from '../../src/node/jobs/job-keys';

/** Starts `semantik worker` against the test engine's Redis; its output is kept for errors. */
function startRemote(test: TestEngine, args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  // As a remote machine does: the `worker` user (the default of `semantik worker`) and its password.
  const { port, workerPassword } = test.engine.redisServer!;
  let output = '';
  const child = spawn(process.execPath, [CLI, 'worker', '--redis', `redis://127.0.0.1:${port}`, ...args], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SEMANTIK_REDIS_PASSWORD: workerPassword,
      SEMANTIK_PAYLOAD_KEY_FILE: payloadKeyPath(test.engine.config.dataDir),
      SEMANTIK_GPUS: 'none',
      SEMANTIK_LOG_LEVEL: 'warn',
      ...env,
    },
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output.slice(-3000) };
}

async function remoteWorkers(test: TestEngine, prefix: string): Promise<WorkerInfo[]> {
  const { workers } = await test.engine.handlers['monitor:snapshot']({});
  return workers.filter((worker) => !worker.local && worker.workerId.startsWith(prefix));
}

describe('remote workers under their own pool', () => {
  let test: TestEngine;
  const remotes: ChildProcess[] = [];

  beforeAll(async () => {
    test = await startTestEngine(1);
  });
  afterAll(async () => {
    for (const remote of remotes) remote.kill('SIGKILL');
    await test?.close();
  });

  it('replaces a SIGKILLed remote worker, and stops every remote worker on SIGTERM', async () => {
    const remote = startRemote(test, ['--workers', '2']);
    remotes.push(remote.child);
    const prefix = `-${remote.child.pid}-`;
    const online = async (): Promise<WorkerInfo[]> =>
      (await remoteWorkers(test, 'r-')).filter((worker) => worker.workerId.includes(prefix) && worker.state !== 'offline');
    await waitFor(async () => (await online()).length === 2, 'two remote workers in the monitor', 60_000, 200).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; output:\n${remote.output()}`);
    });
    const ids = (await online()).map((worker) => worker.workerId).sort();
    expect(ids.map((id) => id.slice(id.lastIndexOf('-') + 1))).toEqual(['w1', 'w2']);
    const victim = (await online()).find((worker) => worker.workerId.endsWith('-w1'))!;
    process.kill(victim.lastHeartbeat!.pid, 'SIGKILL');
    // Its pool starts it again (same slot, new process) after a short backoff.
    await waitFor(
      async () =>
        (await online()).some((worker) => worker.workerId.endsWith('-w1') && worker.lastHeartbeat?.pid !== victim.lastHeartbeat!.pid),
      'the killed remote worker to be replaced',
      60_000,
      200,
    );
    // Work still gets done by the remote workers.
    test.engine.pool.scale(0);
    await waitFor(() => test.engine.pool.info().length === 0, 'the local worker to stop', 60_000);
    const done = await jobOutcome(test.engine, (await addEmbedJob(test.engine, 'remote-pool-1', bigTexts(20, 3))).id!, 60_000);
    expect(done.failedReason ?? '').toBe('');
    expect(done.returnvalue.workerId).toContain(prefix);
    remote.child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolveExit) => remote.child.once('exit', resolveExit));
    expect(code, remote.output()).toBe(0);
    // Stopped workers take themselves off the list.
    await waitFor(async () => (await online()).length === 0, 'the remote workers to leave the monitor', 20_000, 200);
  });

  it('recycles a remote worker above SEMANTIK_WORKER_MAX_MEMORY', async () => {
    // A tiny limit: every worker is above it, so each is recycled as soon as its pool sees a heartbeat.
    const remote = startRemote(test, ['--workers', '1'], { SEMANTIK_WORKER_MAX_MEMORY: '64mb', SEMANTIK_WORKER_STOP_GRACE: '1s' });
    remotes.push(remote.child);
    const prefix = `-${remote.child.pid}-`;
    await waitFor(
      async () => (await remoteWorkers(test, 'r-')).some((worker) => worker.workerId.includes(prefix) && /-w[2-9]$/.test(worker.workerId)),
      'a second remote worker replacing the first',
      90_000,
      200,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; output:\n${remote.output()}`);
    });
    expect(remote.output()).toMatch(/recycling worker/);
    expect(remote.output()).toMatch(/above the limit of 64 MB/);
    remote.child.kill('SIGTERM');
    expect(await new Promise<number | null>((resolveExit) => remote.child.once('exit', resolveExit))).toBe(0);
  });
});
