import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cpuEmbedThreads, MAX_EMBED_THREADS } from '../../src/main/engine/embed-threads';
import { loadConfig } from '../../src/main/engine/config';
import { poolWorkerConfig } from '../../src/main/engine/pool-setup';
import { workerConfigSchema } from '../../src/shared/worker-protocol';

describe('onnxruntime threads of a CPU session', () => {
  it('shares the cores among the workers, at least one each', () => {
    expect(cpuEmbedThreads(1, 2)).toBe(2);
    expect(cpuEmbedThreads(2, 8)).toBe(4);
    expect(cpuEmbedThreads(3, 8)).toBe(2);
    expect(cpuEmbedThreads(4, 2)).toBe(1);
    expect(cpuEmbedThreads(0, 4)).toBe(4);
    expect(cpuEmbedThreads(1, 384)).toBe(MAX_EMBED_THREADS);
  });

  it("is sent in each worker's config: all cores for the one default worker without GPUs, shared when set", () => {
    const one = poolWorkerConfig(loadConfig({ SEMANTIK_DATA_DIR: '/tmp/semantik-unused' }), [], null);
    expect(one.cpuEmbedThreads).toBe(availableParallelism());
    const many = poolWorkerConfig(loadConfig({ SEMANTIK_DATA_DIR: '/tmp/semantik-unused', SEMANTIK_WORKERS: '64' }), [], null);
    expect(many.cpuEmbedThreads).toBe(1);
    // With autoscale, the share is counted for its most workers.
    const scaled = poolWorkerConfig(loadConfig({ SEMANTIK_DATA_DIR: '/tmp/semantik-unused', SEMANTIK_AUTOSCALE: '1,64' }), [], null);
    expect(scaled.cpuEmbedThreads).toBe(1);
    // The worker accepts it, and a config from a supervisor that does not send it still parses.
    const base = { workerId: 'w1', redisUrl: 'redis://127.0.0.1:1', queues: ['embed'], concurrency: 1, gpus: [], gpuWaitMs: 0 };
    const rest = { gpuMaxHoldMs: 1000, gpuLeaseTtlMs: 500, gpuFallback: 'cpu', modelDir: '/m', maxFileBytes: 1, heartbeatMs: 100 };
    expect(workerConfigSchema.parse({ ...base, ...rest, cpuEmbedThreads: 2 }).cpuEmbedThreads).toBe(2);
    expect(workerConfigSchema.parse({ ...base, ...rest }).cpuEmbedThreads).toBeUndefined();
    expect(workerConfigSchema.safeParse({ ...base, ...rest, cpuEmbedThreads: 0 }).success).toBe(false);
  });
});
