/**
 * Embedding on the CPU runs below normal priority. Its threads are the bulk of a worker's CPU
 * time; the stages around them run one at a time (the store's write transactions, BullMQ and lease
 * renewals on the worker's event loop, the window) and, given the cores first, keep the embedding
 * fed instead of waiting behind it. An idle core still goes to embedding, so alone it loses nothing.
 */
import { constants, getPriority, setPriority } from 'node:os';

/**
 * Lowers the calling thread's priority to below normal where that is a thread's own setting (Linux;
 * threads it starts, such as onnxruntime's, inherit it). Elsewhere the priority belongs to the whole
 * process, which holds the store writer too, so it is left alone. Returns whether it was lowered.
 */
export function lowerThreadPriority(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // On Linux, pid 0 names the calling thread, not the process. A thread already below that
    // (the app started with nice) stays where it is: never raised.
    const now = getPriority(0);
    if (now >= constants.priority.PRIORITY_BELOW_NORMAL) return false;
    setPriority(0, constants.priority.PRIORITY_BELOW_NORMAL);
    return true;
  } catch {
    // A sandbox may forbid it: embedding at normal priority is still correct.
    return false;
  }
}
