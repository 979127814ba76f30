/**
 * Device memory before and after a task, recorded in Redis for the status call: it shows what a
 * task left behind on its GPU, and whether releasing the session (SEMANTIK_GPU_RELEASE_AFTER_TASK)
 * gave it back.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { GPU_KEY_PREFIX } from './gpu-lease-keys';
import type { SmiRunner } from './gpu-types';
import { defaultSmiRunner } from './nvidia-smi';

/** Hash: device id → the last sampled task's {@link TaskMemory} as JSON. */
export const GPU_MEMORY_KEY = `${GPU_KEY_PREFIX}memory`;
/** A real device is sampled at most this often: nvidia-smi takes tens of milliseconds a call. */
export const MEMORY_SAMPLE_MS = 5_000;
const MIB = 1024 * 1024;

export const taskMemorySchema = z.object({
  deviceId: z.string(),
  /** Memory used on the device when the lease was granted, and after the task (and any release). */
  beforeMiB: z.number().nullable(),
  afterMiB: z.number().nullable(),
  /** This worker process's own use of the device after the task (real devices only). */
  processMiB: z.number().nullable(),
  /** Whether the model session was released after the task. */
  released: z.boolean(),
  /** `nvidia-smi` for real devices; a simulated device computes on the CPU, so it is the worker's RSS. */
  source: z.enum(['nvidia-smi', 'process-rss']),
  owner: z.string(),
  at: z.number(),
});
export type TaskMemory = z.infer<typeof taskMemorySchema>;

/** A device as the worker knows it (its config's entry). */
export interface MemoryDevice {
  id: string;
  simulated: boolean;
  uuid?: string;
  index: number;
}

/** Memory in use on the device (MiB); null when nvidia-smi cannot say. */
export async function deviceMemoryUsedMiB(device: MemoryDevice, runSmi: SmiRunner = defaultSmiRunner): Promise<number | null> {
  if (device.simulated) return Math.round(process.memoryUsage().rss / MIB);
  try {
    const out = await runSmi(['--query-gpu=memory.used', '--format=csv,noheader,nounits', '-i', device.uuid ?? String(device.index)]);
    const value = Number(out.trim().split(/\r?\n/)[0]);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null; // status shows "unknown"; the task itself is unaffected
  }
}

/** This process's memory on a real device (MiB), from nvidia-smi's compute-apps list; null when unknown. */
export async function processMemoryOnDeviceMiB(
  device: MemoryDevice,
  pid = process.pid,
  runSmi: SmiRunner = defaultSmiRunner,
): Promise<number | null> {
  if (device.simulated) return null;
  try {
    const out = await runSmi([
      '--query-compute-apps=pid,used_memory',
      '--format=csv,noheader,nounits',
      '-i',
      device.uuid ?? String(device.index),
    ]);
    for (const line of out.split(/\r?\n/)) {
      const [pidText, used] = line.split(',').map((field) => field.trim());
      if (Number(pidText) === pid && Number.isFinite(Number(used))) return Number(used);
    }
    return 0;
  } catch {
    return null;
  }
}

/** Stores the last sample of a device. */
export async function recordTaskMemory(redis: Redis, sample: TaskMemory): Promise<void> {
  await redis.hset(GPU_MEMORY_KEY, sample.deviceId, JSON.stringify(sample));
}

/** The last sample per device; malformed entries are skipped. */
export async function readTaskMemory(redis: Redis): Promise<Map<string, TaskMemory>> {
  const entries = await redis.hgetall(GPU_MEMORY_KEY);
  const samples = new Map<string, TaskMemory>();
  for (const [deviceId, raw] of Object.entries(entries)) {
    try {
      const parsed = taskMemorySchema.safeParse(JSON.parse(raw));
      if (parsed.success) samples.set(deviceId, parsed.data);
    } catch {
      // Not JSON: written by something else; the status shows no sample for it.
    }
  }
  return samples;
}
