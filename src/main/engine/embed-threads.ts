/**
 * How many threads a worker embeds with on the CPU: the machine's cores shared out among the
 * worker processes on it, so one worker on a machine without GPUs embeds on every core, and many
 * workers do not fight over them. The worker spends them on sessions and intra-op threads.
 */
import { availableParallelism } from 'node:os';

/** More threads than this only add synchronisation to one worker's sessions. */
export const MAX_EMBED_THREADS = 64;

/** Each worker's threads for embedding on the CPU: `cores / workers`, at least one, at most MAX_EMBED_THREADS. */
export function cpuEmbedThreads(workers: number, cores: number = availableParallelism()): number {
  return Math.min(MAX_EMBED_THREADS, Math.max(1, Math.floor(cores / Math.max(1, workers))));
}
