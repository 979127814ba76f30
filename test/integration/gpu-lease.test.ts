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
import { createGpuLeaser, GpuLeaseLostError, type GpuLeaser, type GpuLeaserOptions, type Lease } from '../../src/node/gpu/gpu-lease';
import { deviceKeys, WAIT_ALIVE_KEY, WAIT_KEY } from '../../src/node/gpu/gpu-lease-keys';
import { gpuLeaseStatus } from '../../src/node/gpu/gpu-lease-status';
import type { GpuDevice } from '../../src/node/gpu/gpu-types';
import { redisOptionsFromUrl } from '../../src/node/redis-options';

// Two shared cores: timing assertions allow this much scheduling noise.
const SLACK_MS = 400;
const ONE = simulatedGpus(1);
const TWO = simulatedGpus(2);
const logger = pino({ level: 'silent' });

let dataDir: string;
let redisServer: RedisHandle;
let admin: Redis;
const connections: Redis[] = [];
const leasers: GpuLeaser[] = [];

/** A leaser on its own connection, as each worker process has. */
function leaser(devices: GpuDevice[], options: Partial<GpuLeaserOptions> = {}): GpuLeaser {
  const redis = new Redis(redisOptionsFromUrl(redisServer.url, redisServer.password));
  connections.push(redis);
  const created = createGpuLeaser({ redis, devices, pollMs: 20, logger, ...options });
  leasers.push(created);
  return created;
}

function acquired(lease: Lease | null): Lease {
  if (lease === null) throw new Error('expected a lease, got null');
  return lease;
}

async function holderOf(deviceId: string, devices: GpuDevice[] = TWO): Promise<string | null> {
  const status = await gpuLeaseStatus(admin, devices);
  return status.devices.find((device) => device.deviceId === deviceId)?.lease?.holder ?? null;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

function lossKind(lease: Lease): string | null {
  const reason: unknown = lease.signal.reason;
  return reason instanceof GpuLeaseLostError ? reason.kind : null;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'semantik-gpu-lease-'));
  const binary = resolveRedisBinary({ resourcesDir: join(import.meta.dirname, '../../resources') });
  redisServer = await startEmbeddedRedis({ dataDir, maxMemoryBytes: 64 * 1024 * 1024, binary, logger });
  admin = new Redis(redisOptionsFromUrl(redisServer.url, redisServer.password));
});

afterEach(async () => {
  await Promise.all(leasers.splice(0).map((created) => created.close()));
  for (const redis of connections.splice(0)) redis.disconnect();
  await admin.flushall();
});

afterAll(async () => {
  admin?.disconnect();
  await redisServer?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('GPU leases', () => {
  it('never gives one device to two holders: 8 contenders, 2 devices, 30 rounds', async () => {
    const ledger = new Map<string, string>();
    const lastToken = new Map<string, number>();
    const grants = new Map<string, number>();
    await Promise.all(
      Array.from({ length: 8 }, async (_, contender) => {
        const mine = leaser(TWO, { ttlMs: 2_000 });
        for (let round = 0; round < 30; round++) {
          const owner = `c${contender}:${process.pid}:r${round}`;
          const lease = acquired(await mine.acquire(owner, { waitMs: 20_000, maxHoldMs: 60_000 }));
          // Synchronously after the grant: a double grant would find the other holder here.
          expect(ledger.get(lease.deviceId)).toBeUndefined();
          ledger.set(lease.deviceId, owner);
          expect(lease.token).toBeGreaterThan(lastToken.get(lease.deviceId) ?? 0);
          lastToken.set(lease.deviceId, lease.token);
          const status = await gpuLeaseStatus(admin, TWO);
          const held = status.devices.find((device) => device.deviceId === lease.deviceId)?.lease;
          expect(held).toMatchObject({ holder: owner, pid: process.pid, fencingToken: lease.token, since: lease.since });
          expect(status.devices.filter((device) => device.lease?.holder === owner)).toHaveLength(1);
          expect(await lease.isValid()).toBe(true);
          await sleep(contender % 3);
          expect(ledger.get(lease.deviceId)).toBe(owner);
          ledger.delete(lease.deviceId);
          await lease.release();
          expect(lease.signal.aborted).toBe(false);
          grants.set(owner, (grants.get(owner) ?? 0) + 1);
        }
      }),
    );
    expect(grants.size).toBe(240);
    const status = await gpuLeaseStatus(admin, TWO);
    expect(status.devices.map((device) => device.lease)).toEqual([null, null]);
    expect(status.waiters).toEqual([]);
  });

  it('grants waiters in the order they joined', async () => {
    const holder = acquired(await leaser(ONE).acquire('holder', { waitMs: 0, maxHoldMs: 60_000 }));
    // Names sort against join order, so a tie in join time could not make the test pass.
    const owners = ['z0', 'y1', 'x2', 'w3', 'v4'];
    const order: string[] = [];
    const done: Promise<void>[] = [];
    for (const [i, owner] of owners.entries()) {
      const waiting = leaser(ONE).acquire(owner, { waitMs: 10_000, maxHoldMs: 60_000 });
      done.push(
        waiting.then(async (lease) => {
          order.push(owner);
          await sleep(5);
          await acquired(lease).release();
        }),
      );
      await waitFor(async () => (await gpuLeaseStatus(admin, ONE)).waiters.length === i + 1);
      await sleep(2);
    }
    const status = await gpuLeaseStatus(admin, ONE);
    expect(status.waiters.map((waiter) => waiter.owner)).toEqual(owners);
    expect(status.devices[0]?.lease?.holder).toBe('holder');
    await holder.release();
    await Promise.all(done);
    expect(order).toEqual(owners);
  });

  it('wakes a waiter the moment a lease is released, not at its next poll', async () => {
    const pollMs = 5_000;
    const holder = acquired(await leaser(ONE).acquire('quick-holder', { waitMs: 0, maxHoldMs: 60_000 }));
    const waiting = leaser(ONE, { pollMs }).acquire('quick-waiter', { waitMs: 20_000, maxHoldMs: 60_000 });
    await waitFor(async () => (await gpuLeaseStatus(admin, ONE)).waiters.length === 1);
    // Let its first poll's sleep begin (and its release listener subscribe).
    await sleep(300);
    const releasedAt = Date.now();
    await holder.release();
    const next = acquired(await waiting);
    // Polling alone would have taken up to 5 s.
    expect(Date.now() - releasedAt).toBeLessThan(pollMs / 2);
    expect(next.token).toBe(holder.token + 1);
    await next.release();
  });

  it("hands a stalled holder's lease to a waiter within ttl + poll; the holder learns it lost it", async () => {
    const ttlMs = 800;
    // Renewal slower than the TTL plays a holder whose process is frozen.
    const stalled = acquired(await leaser(ONE, { ttlMs, renewEveryMs: 60_000 }).acquire('stalled', { waitMs: 0, maxHoldMs: 60_000 }));
    const started = Date.now();
    const next = acquired(await leaser(ONE, { ttlMs }).acquire('next', { waitMs: 5_000, maxHoldMs: 60_000 }));
    expect(Date.now() - started).toBeLessThan(ttlMs + 20 + SLACK_MS);
    expect(next.token).toBe(stalled.token + 1);
    expect(stalled.signal.aborted).toBe(true);
    expect(lossKind(stalled)).toBe('expired');
    expect(await stalled.isValid()).toBe(false);
    // Release by the old owner must not touch the new owner's lease.
    await stalled.release();
    expect(await holderOf('sim:0', ONE)).toBe('next');
    expect(await next.isValid()).toBe(true);
  });

  it('lets a waiter take a lease whose holder died (key written directly) once it expires', async () => {
    await admin.set(deviceKeys('sim:0').lease, 'dead:1:job|7|0', 'PX', 600);
    const started = Date.now();
    const lease = acquired(await leaser(ONE).acquire('alive', { waitMs: 5_000, maxHoldMs: 60_000 }));
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThan(450);
    expect(waited).toBeLessThan(600 + 20 + SLACK_MS);
    expect(lease.deviceId).toBe('sim:0');
  });

  it("never deletes another owner's lease on release", async () => {
    const lease = acquired(await leaser(ONE).acquire('a', { waitMs: 0, maxHoldMs: 60_000 }));
    await admin.set(deviceKeys('sim:0').lease, 'b|999|1', 'PX', 5_000);
    expect(await lease.isValid()).toBe(false);
    await lease.release();
    expect(await admin.get(deviceKeys('sim:0').lease)).toBe('b|999|1');
  });

  it('aborts the signal when the key is taken over or vanishes', async () => {
    const mine = leaser(TWO, { ttlMs: 900 });
    const taken = acquired(await mine.acquire('t', { waitMs: 0, maxHoldMs: 60_000, prefer: 'sim:0' }));
    const vanished = acquired(await mine.acquire('v', { waitMs: 0, maxHoldMs: 60_000, prefer: 'sim:1' }));
    expect([taken.deviceId, vanished.deviceId]).toEqual(['sim:0', 'sim:1']);
    await admin.set(deviceKeys('sim:0').lease, 'intruder|42|0', 'PX', 5_000);
    await admin.del(deviceKeys('sim:1').lease);
    await waitFor(async () => taken.signal.aborted && vanished.signal.aborted, 300 + SLACK_MS);
    expect(lossKind(taken)).toBe('taken');
    expect(lossKind(vanished)).toBe('expired');
    expect(await holderOf('sim:0')).toBe('intruder'); // the lost holder's clean-up left it alone
  });

  it('aborts and takes back a lease held past maxHoldMs, and the next waiter gets it', async () => {
    const long = acquired(await leaser(ONE).acquire('long', { waitMs: 0, maxHoldMs: 300 }));
    const started = Date.now();
    const next = acquired(await leaser(ONE).acquire('next', { waitMs: 5_000, maxHoldMs: 60_000 }));
    expect(Date.now() - started).toBeLessThan(300 + SLACK_MS);
    expect(lossKind(long)).toBe('max-hold');
    expect(await long.isValid()).toBe(false);
    expect(await next.isValid()).toBe(true);
  });

  it('takes back a lease past its max hold even when its holder still renews it', async () => {
    const keys = deviceKeys('sim:0');
    await admin.set(keys.lease, 'stuck|5|0', 'PX', 60_000);
    await admin.hset(keys.holder, 'pid', '1', 'until', '1');
    const lease = acquired(await leaser(ONE).acquire('fresh', { waitMs: 0, maxHoldMs: 60_000 }));
    expect(await holderOf('sim:0', ONE)).toBe('fresh');
    expect(lease.token).toBe(1);
  });

  it('gives up with null after waitMs, on abort, and at once with waitMs 0', async () => {
    await leaser(ONE).acquire('holder', { waitMs: 0, maxHoldMs: 60_000 });
    const started = Date.now();
    expect(await leaser(ONE).acquire('patient', { waitMs: 300, maxHoldMs: 60_000 })).toBeNull();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(300 + 20 + SLACK_MS);
    expect(await leaser(ONE).acquire('hasty', { waitMs: 0, maxHoldMs: 60_000 })).toBeNull();
    const abort = new AbortController();
    const aborted = leaser(ONE).acquire('aborted', { waitMs: 10_000, maxHoldMs: 60_000, signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    expect(await aborted).toBeNull();
    expect(await admin.zcard(WAIT_KEY)).toBe(0);
    expect(await admin.hlen(WAIT_ALIVE_KEY)).toBe(0);
  });

  it('drops a waiter that stopped polling after about 3 polls, so it blocks nobody', async () => {
    const [seconds = '0', micros = '0'] = await admin.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    await admin.zadd(WAIT_KEY, now - 1_000, 'ghost');
    await admin.hset(WAIT_ALIVE_KEY, 'ghost', String(now + 150));
    const started = Date.now();
    const lease = acquired(await leaser(ONE, { pollMs: 50 }).acquire('live', { waitMs: 5_000, maxHoldMs: 60_000 }));
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThan(100); // the ghost was first in line until it timed out
    expect(waited).toBeLessThan(150 + 50 + SLACK_MS);
    expect(lease.deviceId).toBe('sim:0');
    expect(await admin.zscore(WAIT_KEY, 'ghost')).toBeNull();
  });

  it('close() releases held leases, ends waits and leaves nothing behind', async () => {
    const mine = leaser(ONE);
    const held = acquired(await mine.acquire('held', { waitMs: 0, maxHoldMs: 60_000 }));
    const waiting = leaser(ONE);
    const pending = waiting.acquire('pending', { waitMs: 10_000, maxHoldMs: 60_000 });
    await waitFor(async () => (await gpuLeaseStatus(admin, ONE)).waiters.length === 1);
    await Promise.all([mine.close(), waiting.close()]);
    expect(await pending).toBeNull();
    expect(lossKind(held)).toBe('closed');
    const status = await gpuLeaseStatus(admin, ONE);
    expect(status).toEqual({ devices: [{ deviceId: 'sim:0', lease: null }], waiters: [] });
    expect(await mine.acquire('late', { waitMs: 0, maxHoldMs: 1_000 })).toBeNull();
  });

  it('rejects owners that would corrupt the lease value', async () => {
    await expect(leaser(ONE).acquire('a|b', { waitMs: 0, maxHoldMs: 1_000 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
