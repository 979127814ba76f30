/**
 * Which GPUs this machine offers: simulated ones on request, else what nvidia-smi reports,
 * narrowed by CUDA_VISIBLE_DEVICES.
 */
import { childLogger } from '../logger';
import { SemantikError } from '../../shared/errors';
import { visibleRows } from './cuda-visible';
import type { GpuDevice, GpuStats, SmiRunner } from './gpu-types';
import { defaultSmiRunner, parseSmiCsv, SMI_QUERY_ARGS, type SmiRow } from './nvidia-smi';

const log = childLogger('gpu');

/** The most simulated devices `SEMANTIK_GPUS=sim:N` may ask for. */
export const MAX_SIMULATED_GPUS = 16;

/** `SEMANTIK_GPUS=sim:N` gives N simulated devices, `none` none; otherwise nvidia-smi decides. */
export async function detectGpus(env: NodeJS.ProcessEnv = process.env, runSmi: SmiRunner = defaultSmiRunner): Promise<GpuDevice[]> {
  const setting = env.SEMANTIK_GPUS?.trim() ?? '';
  if (setting === 'none') return [];
  const sim = /^sim:(\d+)$/.exec(setting);
  if (sim) return simulatedGpus(Number(sim[1]));
  if (setting !== '' && setting !== 'auto') {
    throw new SemantikError('BAD_INPUT', `SEMANTIK_GPUS: "${setting}" must be auto, none or sim:N`);
  }
  const rows = await querySmi(runSmi);
  if (rows === null) return [];
  const visible = visibleRows(rows, env.CUDA_VISIBLE_DEVICES);
  if (visible.length > 1 && env.CUDA_DEVICE_ORDER !== 'PCI_BUS_ID') {
    // CUDA's default order (fastest first) may differ from nvidia-smi's PCI order.
    log.warn('several GPUs and CUDA_DEVICE_ORDER is not PCI_BUS_ID: set it in workers so cuda:N is the device shown');
  }
  const devices = visible.map((row, position) => realDevice(row, position));
  log.info({ devices: devices.map((device) => `${device.id} ${device.name}`) }, `found ${devices.length} GPU(s)`);
  return devices;
}

/** N clearly labelled devices that compute on the CPU, to exercise leases without a GPU. */
export function simulatedGpus(count: number): GpuDevice[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_SIMULATED_GPUS) {
    throw new SemantikError('BAD_INPUT', `SEMANTIK_GPUS: sim:${count} must be between 0 and ${MAX_SIMULATED_GPUS}`);
  }
  return Array.from({ length: count }, (_, index) => ({
    id: `sim:${index}`,
    index,
    name: `Simulated GPU ${index} (computes on CPU)`,
    simulated: true,
  }));
}

/** Live stats per device; nulls for simulated devices and when nvidia-smi fails or lacks a value. */
export async function readGpuStats(devices: readonly GpuDevice[], runSmi: SmiRunner = defaultSmiRunner): Promise<GpuStats[]> {
  const real = devices.filter((device) => !device.simulated);
  // Polled every few seconds by the monitor: a failure is logged at debug level only.
  const rows = real.length > 0 ? await querySmi(runSmi, 'debug') : [];
  return devices.map((device) => {
    const row = device.simulated ? undefined : rows?.find((candidate) => candidate.uuid !== null && candidate.uuid === device.uuid);
    return {
      deviceId: device.id,
      utilizationPercent: row?.utilizationPercent ?? null,
      memoryUsedMiB: row?.memoryUsedMiB ?? null,
      memoryTotalMiB: row?.memoryTotalMiB ?? device.memoryTotalMiB ?? null,
      temperatureC: row?.temperatureC ?? null,
      powerW: row?.powerW ?? null,
    };
  });
}

async function querySmi(runSmi: SmiRunner, level: 'info' | 'debug' = 'info'): Promise<SmiRow[] | null> {
  try {
    return parseSmiCsv(await runSmi(SMI_QUERY_ARGS));
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    const reason = missing ? 'nvidia-smi not found' : error instanceof Error ? error.message : String(error);
    log[level]({ reason }, 'no GPUs from nvidia-smi: running on CPU');
    return null;
  }
}

function realDevice(row: SmiRow, position: number): GpuDevice {
  const device: GpuDevice = { id: `cuda:${position}`, index: position, name: row.name, simulated: false };
  if (row.uuid !== null) device.uuid = row.uuid;
  if (row.memoryTotalMiB !== null) device.memoryTotalMiB = row.memoryTotalMiB;
  return device;
}
