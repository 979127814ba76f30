/**
 * The daily cleanup (`cleanup_old_results`, run by a BullMQ job scheduler at midnight): removes
 * finished jobs older than the retention from Redis and moves their history records to the
 * compact archive, so that neither Redis nor the history grows without bound.
 */
import type { Job } from 'bullmq';
import { z } from 'zod';
import { QUEUES, type CleanupJobData, type CleanupJobResult } from '../../shared/jobs';
import { DEFAULT_RETENTION_DAYS } from '../../shared/schedules';
import { parseInput } from '../../shared/validate';
import type { WorkerContext } from '../worker-context';

const DAY_MS = 24 * 3600 * 1000;
/** Jobs removed per `clean` call (each is one Lua script: keep them short). */
const CLEAN_BATCH = 1_000;
/** Archived records are kept this long, then dropped for good. */
export const ARCHIVE_KEEP_DAYS = 365;

const dataSchema = z.object({ retentionDays: z.number().int().min(1).max(3650).default(DEFAULT_RETENTION_DAYS) }).passthrough();

/** Runs the cleanup; `now` is the reference time (tests back-date records instead). */
export async function processCleanup(ctx: WorkerContext, job: Job<CleanupJobData>, now = Date.now()): Promise<CleanupJobResult> {
  const { retentionDays } = parseInput(dataSchema, job.data ?? {}, 'cleanup job data');
  const graceMs = retentionDays * DAY_MS;
  const cutoff = now - graceMs;
  const redisRemoved: Record<string, number> = {};
  for (const name of QUEUES) {
    const queue = ctx.queue(name);
    let removed = 0;
    for (const type of ['completed', 'failed'] as const) {
      for (;;) {
        const ids = await queue.clean(graceMs, CLEAN_BATCH, type);
        removed += ids.length;
        if (ids.length < CLEAN_BATCH) break;
      }
    }
    redisRemoved[name] = removed;
  }
  await job.log(`removed from Redis: ${JSON.stringify(redisRemoved)} (finished before ${new Date(cutoff).toISOString()})`);
  const history = ctx.store.history();
  const recordsArchived = history.archive(cutoff, now);
  const archivePruned = history.pruneArchive(now - ARCHIVE_KEEP_DAYS * DAY_MS);
  await job.log(
    `history: ${recordsArchived} records archived, ${archivePruned} archived records older than ${ARCHIVE_KEEP_DAYS} days dropped`,
  );
  return { retentionDays, cutoff, redisRemoved, recordsArchived, archivePruned };
}
