import { describe, expect, it } from 'vitest';
import { gpuMemoryOf, mibText } from '../../src/shared/task-gpu-memory';

describe("an embed task's GPU memory, read from its result", () => {
  it('reads the figures and the source of a GPU task, null for anything else', () => {
    const result = {
      device: 'sim:0 (simulated, cpu)',
      gpuMemory: { deviceId: 'sim:0', beforeMiB: 240, afterMiB: 251, source: 'simulated' },
    };
    expect(gpuMemoryOf(result)).toEqual({ deviceId: 'sim:0', beforeMiB: 240, afterMiB: 251, source: 'simulated' });
    expect(gpuMemoryOf({ gpuMemory: { deviceId: 'cuda:1', beforeMiB: null, afterMiB: 'x', source: 'nvidia-smi' } })).toEqual({
      deviceId: 'cuda:1',
      beforeMiB: null,
      afterMiB: null,
      source: 'nvidia-smi',
    });
    for (const other of [null, 'text', [], { device: 'cpu', gpuMemory: null }, { gpuMemory: { deviceId: 'sim:0', source: 'guess' } }]) {
      expect(gpuMemoryOf(other)).toBeNull();
    }
  });

  it('says an unread figure as "?"', () => {
    expect(mibText(812)).toBe('812 MiB');
    expect(mibText(null)).toBe('?');
  });
});
