import { describe, expect, it } from 'vitest';
import { defaultWorkerCount } from '../../src/main/engine/pool-config';

describe('default worker count', () => {
  it('starts one worker per GPU, and one without GPUs', () => {
    expect(defaultWorkerCount(0)).toBe(1);
    expect(defaultWorkerCount(3)).toBe(3);
  });
});
