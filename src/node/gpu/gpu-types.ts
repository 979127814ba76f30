/**
 * GPU devices as the app sees them: real CUDA devices from nvidia-smi, or simulated ones.
 */

/** One device a worker can lease. */
export interface GpuDevice {
  /** `cuda:<n>` (n = the CUDA device id this process sees) or `sim:<n>`. */
  id: string;
  /** The CUDA device id to give onnxruntime (position in CUDA_VISIBLE_DEVICES), or the sim number. */
  index: number;
  name: string;
  /** True for `SEMANTIK_GPUS=sim:N` devices, which compute on the CPU. */
  simulated: boolean;
  uuid?: string;
  memoryTotalMiB?: number;
}

/** Live numbers for one device; null where the device is simulated or nvidia-smi gives none. */
export interface GpuStats {
  deviceId: string;
  utilizationPercent: number | null;
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  temperatureC: number | null;
  powerW: number | null;
}

/** Runs nvidia-smi with the given arguments and resolves with its stdout; rejects on failure. */
export type SmiRunner = (args: readonly string[]) => Promise<string>;
