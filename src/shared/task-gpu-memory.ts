/**
 * An embed task's device memory, read from its result (live from Redis, or the history's summary
 * of it): the one reader the engine and the monitor share.
 */
import type { TaskGpuMemory } from './jobs';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mib(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The device memory before and after the task its result names, or null (a CPU task, another job). */
export function gpuMemoryOf(result: unknown): TaskGpuMemory | null {
  if (!isRecord(result) || !isRecord(result.gpuMemory)) return null;
  const { deviceId, beforeMiB, afterMiB, source } = result.gpuMemory;
  if (typeof deviceId !== 'string' || (source !== 'nvidia-smi' && source !== 'simulated')) return null;
  return { deviceId, beforeMiB: mib(beforeMiB), afterMiB: mib(afterMiB), source };
}

/** "812 MiB", or "?" when the figure could not be read. */
export function mibText(value: number | null): string {
  return value === null ? '?' : `${value} MiB`;
}
