import { describe, expect, it } from 'vitest';
import { decodeLeaseValue, deviceKeys, encodeLeaseValue, GPU_KEY_PREFIX } from '../../src/node/gpu/gpu-lease-keys';

describe('GPU lease keys', () => {
  it('puts every device key under the prefix, one set per device', () => {
    expect(deviceKeys('cuda:1')).toEqual({
      lease: `${GPU_KEY_PREFIX}lease:cuda:1`,
      fence: `${GPU_KEY_PREFIX}fence:cuda:1`,
      holder: `${GPU_KEY_PREFIX}holder:cuda:1`,
    });
    expect(deviceKeys('sim:0').lease).not.toBe(deviceKeys('sim:1').lease);
  });

  it('round-trips owner|token|since and rejects anything else', () => {
    const value = { owner: 'w3:1234:job-17', token: 42, since: 1_764_000_000_123 };
    expect(encodeLeaseValue(value)).toBe('w3:1234:job-17|42|1764000000123');
    expect(decodeLeaseValue(encodeLeaseValue(value))).toEqual(value);
    for (const bad of [null, '', 'owner', 'a|b|c', 'a|1', '|1|2', 'a|1|2|3']) expect(decodeLeaseValue(bad)).toBeNull();
  });
});
