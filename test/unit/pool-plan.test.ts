import { describe, expect, it } from 'vitest';
import { decideAutoscale, type AutoscaleView } from '../../src/main/engine/pool/autoscale-plan';
import { embedConcurrency, overMemory, pastHardLimit, type PoolLimits } from '../../src/main/engine/pool/pool-plan';
import { parseAutoscale, parseExposure, loadPoolConfig } from '../../src/main/engine/pool-config';
import { parseOwner } from '../../src/node/gpu/gpu-lease-keys';
import type { Heartbeat } from '../../src/shared/worker-protocol';

const MB = 1024 * 1024;

function heartbeat(overrides: Partial<Heartbeat> = {}): Heartbeat {
  return {
    workerId: 'w1',
    pid: 100,
    host: 'h',
    state: 'busy',
    device: 'cpu',
    concurrency: 2,
    active: [],
    processed: 0,
    failed: 0,
    retried: 0,
    rssBytes: 200 * MB,
    cpuPercent: 0,
    startedAt: 0,
    at: 0,
    queues: ['embed'],
    ...overrides,
  };
}

const limits: PoolLimits = { maxMemoryBytes: 300 * MB, taskTimeLimitMs: 10_000, hardGraceMs: 5_000 };

describe('embed concurrency per worker', () => {
  it('keeps every GPU busy with one spare slot per device, whatever the pool size', () => {
    for (const gpus of [1, 2, 4]) {
      for (const workers of [1, 2, 3, 4, 8]) {
        const perWorker = embedConcurrency(gpus, workers, 2);
        // At least one embed job per device plus one waiting to take over a freed device.
        expect(perWorker * workers, `${gpus} GPUs, ${workers} workers`).toBeGreaterThanOrEqual(gpus + Math.min(workers, gpus));
        expect(perWorker).toBeLessThanOrEqual(Math.ceil(gpus / workers) + 1);
      }
    }
  });
  it('uses SEMANTIK_CONCURRENCY without GPUs', () => {
    expect(embedConcurrency(0, 4, 3)).toBe(3);
  });
});

describe('worker limits', () => {
  it('recycles a worker above its memory limit, not one at or below it', () => {
    expect(overMemory(heartbeat({ rssBytes: 301 * MB }), limits)?.kind).toBe('memory');
    expect(overMemory(heartbeat({ rssBytes: 300 * MB }), limits)).toBeNull();
    expect(overMemory(null, limits)).toBeNull();
    expect(overMemory(heartbeat({ rssBytes: 10_000 * MB }), { ...limits, maxMemoryBytes: null })).toBeNull();
  });

  it('replaces a worker whose task ran past soft limit + grace, judged from its last heartbeat', () => {
    const active = [{ id: '7', queue: 'embed', name: 'embed', startedAt: 1_000 }];
    expect(pastHardLimit(heartbeat({ active }), 1_000 + 15_000, limits, new Map())).toBeNull();
    expect(pastHardLimit(heartbeat({ active }), 1_000 + 15_001, limits, new Map())?.detail).toContain('embed:7');
    expect(pastHardLimit(heartbeat({ active }), 1_000_000, { ...limits, taskTimeLimitMs: null }, new Map())).toBeNull();
  });

  it('replaces a worker silent for a minute (stuck event loop, frozen process), not one heard from lately', () => {
    expect(pastHardLimit(heartbeat(), 100_000, limits, new Map(), 40_001)).toBeNull();
    expect(pastHardLimit(heartbeat(), 100_000, limits, new Map(), 39_999)).toMatchObject({ kind: 'silent' });
    expect(pastHardLimit(heartbeat(), 100_000, { ...limits, silentMs: 5_000 }, new Map(), 94_000)).toMatchObject({ kind: 'silent' });
  });

  it('replaces a worker whose aborted processor has not returned within the grace', () => {
    const since = new Map([['extract:3', 10_000]]);
    expect(pastHardLimit(heartbeat(), 15_000, limits, since)).toBeNull();
    expect(pastHardLimit(heartbeat(), 15_001, limits, since)?.detail).toContain('extract:3');
  });
});

describe('autoscale decisions', () => {
  const settings = { min: 1, max: 4, idleMs: 10_000 };
  const view = (overrides: Partial<AutoscaleView>): AutoscaleView => ({
    now: 100_000,
    target: 2,
    starting: 0,
    pending: 0,
    idle: [],
    capacity: 8,
    ...overrides,
  });

  it('grows by one while work waits and nobody is idle, up to max and capacity', () => {
    expect(decideAutoscale(view({ pending: 5 }), settings)).toMatchObject({ kind: 'grow', count: 3 });
    expect(decideAutoscale(view({ pending: 5, target: 4 }), settings)).toEqual({ kind: 'hold' });
    expect(decideAutoscale(view({ pending: 5, capacity: 2 }), settings)).toEqual({ kind: 'hold' });
  });

  it('waits for starting workers and idle ones before growing', () => {
    expect(decideAutoscale(view({ pending: 5, starting: 1 }), settings)).toEqual({ kind: 'hold' });
    expect(decideAutoscale(view({ pending: 5, idle: [{ workerId: 'w2', idleSince: 99_000 }] }), settings)).toEqual({ kind: 'hold' });
  });

  it('stops the longest-idle worker after the idle time, never below min', () => {
    const idle = [
      { workerId: 'w2', idleSince: 95_000 },
      { workerId: 'w3', idleSince: 80_000 },
    ];
    expect(decideAutoscale(view({ idle }), settings)).toMatchObject({ kind: 'shrink', workerId: 'w3' });
    expect(decideAutoscale(view({ idle: [{ workerId: 'w2', idleSince: 95_000 }] }), settings)).toEqual({ kind: 'hold' });
    expect(decideAutoscale(view({ idle, target: 1 }), settings)).toEqual({ kind: 'hold' });
  });

  it('brings the pool into [min, max]', () => {
    expect(decideAutoscale(view({ target: 0 }), settings)).toMatchObject({ kind: 'set', count: 1 });
    expect(decideAutoscale(view({ target: 9 }), settings)).toMatchObject({ kind: 'set', count: 4 });
  });
});

describe('pool settings', () => {
  it('parses autoscale ranges and exposure addresses, and names the setting when wrong', () => {
    expect(parseAutoscale('1,8')).toEqual({ min: 1, max: 8 });
    expect(parseAutoscale('off')).toBeNull();
    expect(() => parseAutoscale('8,1')).toThrow(/SEMANTIK_AUTOSCALE/);
    expect(parseExposure('0.0.0.0:6390')).toEqual({ host: '0.0.0.0', port: 6390 });
    expect(parseExposure('10.200.0.1')).toEqual({ host: '10.200.0.1', port: null });
    expect(parseExposure('[::1]:7000')).toEqual({ host: '::1', port: 7000 });
    expect(parseExposure('')).toBeNull();
    expect(() => parseExposure('host:99999')).toThrow(/SEMANTIK_REDIS_EXPOSE/);
  });

  it('defaults to a 4 GB memory limit and a 3 h soft time limit; 0 turns them off', () => {
    expect(loadPoolConfig({})).toMatchObject({ workerMaxMemoryBytes: 4 * 1024 ** 3, taskTimeLimitMs: 3 * 3600_000, redisExpose: null });
    expect(loadPoolConfig({ SEMANTIK_WORKER_MAX_MEMORY: '0', SEMANTIK_TASK_TIME_LIMIT: '0' })).toMatchObject({
      workerMaxMemoryBytes: null,
      taskTimeLimitMs: null,
    });
    expect(loadPoolConfig({ MODEL_MAX_MEMORY_GB: '1.5' }).modelMaxMemoryBytes).toBe(1.5 * 1024 ** 3);
    expect(() => loadPoolConfig({ MODEL_MAX_MEMORY_GB: 'lots' })).toThrow(/MODEL_MAX_MEMORY_GB/);
  });
});

describe('lease owners', () => {
  it('splits worker id, pid and job id; job ids may contain colons', () => {
    expect(parseOwner('w3:1234:e-abc-1')).toEqual({ workerId: 'w3', pid: 1234, jobId: 'e-abc-1' });
    expect(parseOwner('r-host-9:77:a:b')).toEqual({ workerId: 'r-host-9', pid: 77, jobId: 'a:b' });
    expect(parseOwner('holder:55')).toEqual({ workerId: 'holder:55', pid: null, jobId: null });
  });
});
