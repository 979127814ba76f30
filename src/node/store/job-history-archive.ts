/**
 * The cleanup's side of the history: finished records older than the retention move to the
 * compact archive (what ran, where, when, how it ended: no data, result, stack, logs or timeline),
 * in short transactions so that the supervisor's recorder is never held up for long.
 */
import type { StoreContext } from './db-context';

/** Records moved per transaction. */
export const ARCHIVE_BATCH = 1_000;

/** States whose records may be archived: the job will not change any more. */
const FINAL_STATES = `('completed', 'failed', 'cancelled', 'unknown')`;

/**
 * Archives finished records whose end (or, without one, whose start) is older than `cutoff`;
 * returns how many moved. `now` stamps `archived_at`.
 */
export function archiveJobRecords(ctx: StoreContext, cutoff: number, now: number = Date.now()): number {
  const pick = ctx.stmt<number>(
    `SELECT id FROM jobs WHERE state IN ${FINAL_STATES} AND coalesce(finished_at, added_at) < ? ORDER BY id LIMIT ?`,
  );
  const copy = ctx.stmt(
    `INSERT INTO job_archive (queue, job_id, name, state, worker, device, folder, added_at, finished_at, duration_ms, error, archived_at)
     SELECT queue, job_id, name, state, worker, device, folder, added_at, finished_at, duration_ms,
       substr(error, 1, 500), ? FROM jobs WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const remove = ctx.stmt('DELETE FROM jobs WHERE id IN (SELECT value FROM json_each(?))');
  let moved = 0;
  for (;;) {
    const done = ctx.write(() => {
      const ids = pick.pluck().all(cutoff, ARCHIVE_BATCH);
      if (ids.length === 0) return 0;
      const list = JSON.stringify(ids);
      copy.run(now, list);
      remove.run(list);
      return ids.length;
    });
    moved += done;
    if (done < ARCHIVE_BATCH) break;
  }
  if (moved > 0) {
    // Fold the deleted rows out of the full-text index a little at a time (a full 'optimize'
    // would hold the write lock for seconds on a large history).
    ctx.write(() => ctx.stmt("INSERT INTO jobs_fts(jobs_fts, rank) VALUES ('merge', 500)").run());
  }
  return moved;
}

/** Archive rows older than `cutoff` are dropped for good; returns how many. */
export function pruneJobArchive(ctx: StoreContext, cutoff: number): number {
  return ctx.write(() => ctx.stmt('DELETE FROM job_archive WHERE coalesce(finished_at, added_at) < ?').run(cutoff).changes);
}

/** The number of archived records. */
export function archivedCount(ctx: StoreContext): number {
  return ctx.stmt<number>('SELECT count(*) FROM job_archive').pluck().get() ?? 0;
}
