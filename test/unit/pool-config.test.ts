import { describe, expect, it } from 'vitest';
import { cpuSessionThreads, defaultWorkerCount } from '../../src/main/engine/pool-config';

describe('worker count and model session threads', () => {
  it('starts one worker per GPU, and one without GPUs', () => {
    expect(defaultWorkerCount(0)).toBe(1);
    expect(defaultWorkerCount(3)).toBe(3);
  });

  it("shares the cores out between the workers' CPU sessions, at least one thread each", () => {
    expect(cpuSessionThreads(8, 1)).toBe(8);
    expect(cpuSessionThreads(8, 3)).toBe(2);
    expect(cpuSessionThreads(2, 4)).toBe(1);
    expect(cpuSessionThreads(4, 0)).toBe(4);
  });
});
