/**
 * The part of a worker's configuration that comes straight from the engine's settings, shared by
 * the pool's local workers and `semantik worker` on another machine.
 */
import type { WorkerConfig } from '../../shared/worker-protocol';
import type { EngineConfig } from './config';

/** Settings every worker takes from the configuration as they are. */
export function workerSettings(
  config: EngineConfig,
): Pick<
  WorkerConfig,
  | 'concurrency'
  | 'gpuWaitMs'
  | 'gpuMaxHoldMs'
  | 'gpuLeaseTtlMs'
  | 'gpuFallback'
  | 'maxFileBytes'
  | 'extractTimeoutMs'
  | 'extractMemoryBytes'
  | 'extractBatchFiles'
  | 'ignorePatterns'
  | 'includeHidden'
  | 'followSymlinks'
  | 'heartbeatMs'
> {
  return {
    concurrency: config.concurrency,
    gpuWaitMs: config.gpuWaitMs,
    gpuMaxHoldMs: config.gpuMaxHoldMs,
    gpuLeaseTtlMs: config.gpuLeaseTtlMs,
    gpuFallback: config.gpuFallback,
    maxFileBytes: config.maxFileBytes,
    extractTimeoutMs: config.extractTimeoutMs,
    extractMemoryBytes: config.extractMemoryBytes,
    extractBatchFiles: config.extractBatchFiles,
    ignorePatterns: config.ignorePatterns,
    includeHidden: config.includeHidden,
    followSymlinks: config.followSymlinks,
    heartbeatMs: config.heartbeatMs,
  };
}
