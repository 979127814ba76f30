import { describe, expect, it } from 'vitest';
import { detectGpus, readGpuStats, simulatedGpus } from '../../src/node/gpu/detect-gpus';
import type { SmiRunner } from '../../src/node/gpu/gpu-types';
import { parseSmiCsv, SMI_QUERY_ARGS } from '../../src/node/gpu/nvidia-smi';

// Real nvidia-smi output shapes: a workstation card, a datacenter card without power readings,
// and a board whose name holds a comma.
const SAMPLE = [
  '0, GPU-8932f937-d72c-4106-c12f-20bd9faed9f6, NVIDIA GeForce RTX 3090, 24576, 1203, 37, 54, 112.45',
  '1, GPU-1b2c3d4e-0000-1111-2222-333344445555, NVIDIA A100-SXM4-40GB, 40960, [N/A], 0, 31, [N/A]',
  '2, GPU-ffff0000-aaaa-bbbb-cccc-ddddeeeeffff, Quadro RTX 8000, Rev. B, 49152, 0, [Not Supported], 29, 15.00',
  '',
].join('\n');

const runner =
  (output: string, seen: string[][] = []): SmiRunner =>
  async (args) => {
    seen.push([...args]);
    return output;
  };
const failing: SmiRunner = async () => {
  throw Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' });
};

describe('parseSmiCsv', () => {
  it('reads every column and turns [N/A]-style values into null', () => {
    const rows = parseSmiCsv(SAMPLE);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      index: 0,
      uuid: 'GPU-8932f937-d72c-4106-c12f-20bd9faed9f6',
      name: 'NVIDIA GeForce RTX 3090',
      memoryTotalMiB: 24576,
      memoryUsedMiB: 1203,
      utilizationPercent: 37,
      temperatureC: 54,
      powerW: 112.45,
    });
    expect(rows[1]).toMatchObject({ memoryUsedMiB: null, utilizationPercent: 0, powerW: null });
    expect(rows[2]).toMatchObject({ name: 'Quadro RTX 8000, Rev. B', memoryTotalMiB: 49152, utilizationPercent: null, powerW: 15 });
  });

  it('skips lines that are not device rows', () => {
    expect(parseSmiCsv('No devices were found\n')).toEqual([]);
    expect(parseSmiCsv('x, GPU-1, name, 1, 2, 3, 4, 5\n0, GPU-2, short, 1\r\n')).toEqual([]);
  });
});

describe('detectGpus', () => {
  it('gives labelled simulated devices for sim:N, none for none, without calling nvidia-smi', async () => {
    const seen: string[][] = [];
    const devices = await detectGpus({ SEMANTIK_GPUS: 'sim:2' }, runner(SAMPLE, seen));
    expect(devices).toEqual([
      { id: 'sim:0', index: 0, name: 'Simulated GPU 0 (computes on CPU)', simulated: true },
      { id: 'sim:1', index: 1, name: 'Simulated GPU 1 (computes on CPU)', simulated: true },
    ]);
    expect(await detectGpus({ SEMANTIK_GPUS: 'none' }, runner(SAMPLE, seen))).toEqual([]);
    expect(seen).toEqual([]);
    await expect(detectGpus({ SEMANTIK_GPUS: 'sim:99' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(detectGpus({ SEMANTIK_GPUS: 'cuda' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(simulatedGpus(0)).toEqual([]);
  });

  it('lists every nvidia-smi device as cuda:N when CUDA_VISIBLE_DEVICES is unset', async () => {
    const seen: string[][] = [];
    const devices = await detectGpus({ CUDA_DEVICE_ORDER: 'PCI_BUS_ID' }, runner(SAMPLE, seen));
    expect(seen).toEqual([[...SMI_QUERY_ARGS]]);
    expect(devices.map((device) => [device.id, device.index, device.name])).toEqual([
      ['cuda:0', 0, 'NVIDIA GeForce RTX 3090'],
      ['cuda:1', 1, 'NVIDIA A100-SXM4-40GB'],
      ['cuda:2', 2, 'Quadro RTX 8000, Rev. B'],
    ]);
    expect(devices[0]).toMatchObject({ simulated: false, uuid: 'GPU-8932f937-d72c-4106-c12f-20bd9faed9f6', memoryTotalMiB: 24576 });
  });

  it('numbers devices by their position in CUDA_VISIBLE_DEVICES (indices or UUID prefixes)', async () => {
    const visible = async (value: string) =>
      (await detectGpus({ CUDA_VISIBLE_DEVICES: value }, runner(SAMPLE))).map((device) => `${device.id}=${device.name}`);
    expect(await visible('2,0')).toEqual(['cuda:0=Quadro RTX 8000, Rev. B', 'cuda:1=NVIDIA GeForce RTX 3090']);
    expect(await visible('GPU-1b2c3d4e')).toEqual(['cuda:0=NVIDIA A100-SXM4-40GB']);
    expect(await visible(' 1 , GPU-8932F937-D72C-4106-C12F-20BD9FAED9F6')).toEqual([
      'cuda:0=NVIDIA A100-SXM4-40GB',
      'cuda:1=NVIDIA GeForce RTX 3090',
    ]);
  });

  it('hides devices for an empty list, -1, and from the first invalid entry on (as CUDA does)', async () => {
    const count = async (value: string) => (await detectGpus({ CUDA_VISIBLE_DEVICES: value }, runner(SAMPLE))).length;
    expect(await count('')).toBe(0);
    expect(await count('-1')).toBe(0);
    expect(await count('1,-1,0')).toBe(1);
    expect(await count('0,7,1')).toBe(1);
    expect(await count('0,0')).toBe(1);
    expect(await count('GPU-')).toBe(0); // ambiguous prefix
    expect(await count('MIG-GPU-8932f937')).toBe(0);
  });

  it('falls back to CPU (no devices) when nvidia-smi is missing or fails', async () => {
    expect(await detectGpus({}, failing)).toEqual([]);
    expect(
      await detectGpus({}, async () => {
        throw new Error('Command failed: exit 9');
      }),
    ).toEqual([]);
  });
});

describe('readGpuStats', () => {
  it('matches real devices by UUID and gives nulls for simulated ones and missing values', async () => {
    const devices = [...(await detectGpus({ CUDA_VISIBLE_DEVICES: '1,0' }, runner(SAMPLE))), ...simulatedGpus(1)];
    const stats = await readGpuStats(devices, runner(SAMPLE));
    expect(stats).toEqual([
      { deviceId: 'cuda:0', utilizationPercent: 0, memoryUsedMiB: null, memoryTotalMiB: 40960, temperatureC: 31, powerW: null },
      { deviceId: 'cuda:1', utilizationPercent: 37, memoryUsedMiB: 1203, memoryTotalMiB: 24576, temperatureC: 54, powerW: 112.45 },
      { deviceId: 'sim:0', utilizationPercent: null, memoryUsedMiB: null, memoryTotalMiB: null, temperatureC: null, powerW: null },
    ]);
  });

  it('keeps the known total memory and nulls the rest when nvidia-smi fails', async () => {
    const devices = await detectGpus({ CUDA_VISIBLE_DEVICES: '0' }, runner(SAMPLE));
    expect(await readGpuStats(devices, failing)).toEqual([
      { deviceId: 'cuda:0', utilizationPercent: null, memoryUsedMiB: null, memoryTotalMiB: 24576, temperatureC: null, powerW: null },
    ]);
  });

  it('does not run nvidia-smi for simulated devices only', async () => {
    const seen: string[][] = [];
    await readGpuStats(simulatedGpus(2), runner(SAMPLE, seen));
    expect(seen).toEqual([]);
  });
});
