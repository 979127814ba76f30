/**
 * One device per worker process, at the lease level (real Redis, one connection per "process"):
 * tasks of one process share its device in turns with growing fencing tokens, a task arriving while
 * another process waits does not join, the device is handed over when the current tasks are done,
 * and an idle device is kept until someone waits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedRedis, type RedisHandle } from '../../src/main/engine/redis/embedded-redis';
import { resolveRedisBinary } from '../../src/main/engine/redis/redis-binary';
import { simulatedGpus } from '../../src/node/gpu/detect-gpus';
import { createGpuLeaser, GpuLeaseLostError, type Lease } from '../../src/node/gpu/gpu-lease';
import { gpuLeaseStatus } from '../../src/node/gpu/gpu-lease-status';
import { createProcessGpu, type ProcessGpu } from '../../src/node/gpu/process-lease';
import type { GpuDevice } from '../../src/node/gpu/gpu-types';
import { redisOptionsFromUrl } from '../../src/node/redis-options';

const ONE = simulatedGpus(1);
const TWO = simulatedGpus(2);
const logger = pino({ level: 'silent' });
const USE = { waitMs: 20_000, maxHoldMs: 60_000 };

let dataDir: string;
let redisServer: RedisHandle;
let admin: Redis;
const closers: Array<() => Promise<void>> = [];

/** A worker process's device holder on its own connection. */
function worker(workerId: string, pid: number, devices: GpuDevice[] = ONE): ProcessGpu {
  const redis = new Redis(redisOptionsFromUrl(redisServer.url, redisServer.password));
  const leaser = createGpuLeaser({ redis, devices, pollMs: 20, ttlMs: 2_000, logger });
  const gpu = createProcessGpu({ leaser, redis, workerId, pid, logger });
  closers.push(async () => {
    await gpu.close();
    await leaser.close();
    redis.disconnect();
  });
  return gpu;
}

function got(lease: Lease | null): Lease {
  if (lease === null) throw new Error('expected a turn on the device, got null');
  return lease;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

const status = (devices: GpuDevice[] = ONE) => gpuLeaseStatus(admin, devices);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'semantik-process-lease-'));
  const binary = resolveRedisBinary({ resourcesDir: join(import.meta.dirname, '../../resources') });
  redisServer = await startEmbeddedRedis({ dataDir, maxMemoryBytes: 64 * 1024 * 1024, binary, logger });
  admin = new Redis(redisOptionsFromUrl(redisServer.url, redisServer.password));
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await admin.flushall();
});
afterAll(async () => {
  admin?.disconnect();
  await redisServer?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('one GPU per worker process', () => {
  it('gives a process one device for all its tasks, in turns with growing tokens, even with a second device free', async () => {
    const a = worker('wa', 101, TWO);
    const first = got(await a.use('a1', USE));
    const second = a.use('a2', USE);
    const third = a.use('a3', USE);
    await sleep(100);
    // The other device is free, yet the process's other tasks wait for their turn on its one device.
    expect((await status(TWO)).devices.filter((device) => device.lease !== null)).toHaveLength(1);
    const held = (await status(TWO)).devices.find((device) => device.lease)!.lease!;
    expect(held).toMatchObject({ holder: 'wa:101:a1', pid: 101, jobIds: ['a1', 'a2', 'a3'], idle: false });
    await first.release();
    const turn2 = got(await second);
    expect(turn2.deviceId).toBe(first.deviceId);
    expect(turn2.token).toBeGreaterThan(first.token);
    expect(await turn2.isValid()).toBe(true);
    expect(await first.isValid()).toBe(false);
    await turn2.release();
    const turn3 = got(await third);
    expect(turn3.token).toBeGreaterThan(turn2.token);
    await turn3.release();
    // Nobody waits: the process keeps the device, idle.
    expect((await status(TWO)).devices.find((device) => device.deviceId === first.deviceId)?.lease).toMatchObject({
      holder: 'wa:101:a3',
      idle: true,
      jobIds: [],
    });
    expect(a.heldDevice()).toBe(first.deviceId);
    // And uses it again for its next task without queueing.
    const again = got(await a.use('a4', { ...USE, waitMs: 0 }));
    expect(again.deviceId).toBe(first.deviceId);
    await again.release();
  });

  it('hands the device over when the current tasks are done; a task that came while others waited queues behind them', async () => {
    const a = worker('wa', 201);
    const b = worker('wb', 202);
    const a1 = got(await a.use('a1', USE));
    const b1 = b.use('b1', USE);
    await waitFor(async () => (await status()).waiters.some((waiter) => waiter.owner === 'wb:202:*'));
    expect((await status()).waiters).toEqual([expect.objectContaining({ owner: 'wb:202:*', jobIds: ['b1'] })]);
    // B waits: A's new task does not join A's busy device.
    const a2 = a.use('a2', USE);
    await sleep(100);
    expect((await status()).devices[0]?.lease?.jobIds).toEqual(['a1']);
    await a1.release();
    const bTurn = got(await b1);
    expect(bTurn.owner).toBe('wb:202:b1');
    expect(bTurn.token).toBeGreaterThan(a1.token);
    expect(a.heldDevice()).toBeNull();
    // A now waits behind B, once, with its task listed.
    await waitFor(async () => (await status()).waiters.some((waiter) => waiter.owner === 'wa:201:*'));
    expect((await status()).waiters.map((waiter) => waiter.jobIds)).toEqual([['a2']]);
    await bTurn.release();
    const aTurn = got(await a2);
    expect(aTurn.owner).toBe('wa:201:a2');
    await aTurn.release();
  });

  it('lets a waiter take over a device its holder keeps idle, at once', async () => {
    const a = worker('wa', 301);
    const b = worker('wb', 302);
    await got(await a.use('a1', USE)).release();
    expect((await status()).devices[0]?.lease).toMatchObject({ idle: true, holder: 'wa:301:a1' });
    const started = Date.now();
    const bTurn = got(await b.use('b1', USE));
    // Far below the 20 s it would wait for a holder that kept the device (room for a loaded machine).
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await status()).devices[0]?.lease).toMatchObject({ holder: 'wb:302:b1', idle: false, jobIds: ['b1'] });
    // A learns it no longer holds the device, and its next task waits for it rather than using it.
    const a2 = a.use('a2', USE);
    await waitFor(async () => (await status()).waiters.some((waiter) => waiter.owner === 'wa:301:*'));
    await bTurn.release();
    await got(await a2).release();
  });

  it('aborts a turn past its maximum hold, and falls back (null) after the wait time', async () => {
    const a = worker('wa', 401);
    const b = worker('wb', 402);
    const long = got(await a.use('a1', { waitMs: 1_000, maxHoldMs: 300 }));
    const started = Date.now();
    expect(await b.use('b1', { waitMs: 150, maxHoldMs: 60_000 })).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await waitFor(async () => long.signal.aborted, 2_000);
    const reason: unknown = long.signal.reason;
    expect(reason instanceof GpuLeaseLostError ? reason.kind : null).toBe('max-hold');
    expect(long.usableUntil).toBe(0);
    // Past its max hold the device is taken back in Redis too, even before A releases the turn...
    const b2 = got(await b.use('b2', USE));
    expect(b2.owner).toBe('wb:402:b2');
    expect(b2.token).toBeGreaterThan(long.token);
    // ...and A's late release leaves B's lease alone.
    await long.release();
    expect(await b2.isValid()).toBe(true);
    await b2.release();
  });
});
