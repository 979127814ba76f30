/**
 * Bounded pending work: a producer waits while a queue already holds enough jobs, so a folder of
 * a million files never floods Redis (which runs with `noeviction`).
 */
import type { Queue } from 'bullmq';

const POLL_MS = 200;

/** Resolves once `queue` has fewer than `max` jobs waiting to run. */
export async function waitForRoom(queue: Queue, max: number): Promise<void> {
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed');
    const pending = (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
    if (pending < max) return;
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}
