/**
 * Summaries for the monitor and the CLI: per-folder state and counts, totals, failures.
 */
import type { FolderInfo, FolderState } from '../../shared/monitor-types';
import type { StoreContext } from './db-context';
import { runStatus } from './runs';
import type { RunRow, StoreCounts } from './store-types';

interface FolderRecord {
  id: number;
  path: string;
  addedAt: number;
  files: number;
  indexed: number;
  failed: number;
  skipped: number;
  pending: number;
  chunks: number;
  runId: number | null;
}

/** A folder's state from its latest run ('paused' is the supervisor's to add: it owns the queues). */
export function folderState(run: RunRow | null, pending: number): FolderState {
  if (!run) return 'idle';
  if (run.error !== null) return 'failed';
  if (!run.scanDone) return 'scanning';
  if (run.finishedAt !== null || pending === 0) return 'done';
  return 'indexing';
}

/**
 * Every folder that is not removed, with its counts and its latest run's progress.
 *
 * The counts are over the folder's document rows, one per file the scan recorded, each in exactly
 * one state: files = indexed + failed + skipped + pending, whatever the run is doing.
 */
export function folderSummaries(ctx: StoreContext): FolderInfo[] {
  const rows = ctx
    .stmt<FolderRecord>(
      `SELECT s.id, s.path, s.added_at AS addedAt,
         count(d.id) AS files, coalesce(sum(d.state = 'indexed'), 0) AS indexed,
         coalesce(sum(d.state = 'failed'), 0) AS failed, coalesce(sum(d.state = 'unsupported'), 0) AS skipped,
         coalesce(sum(d.state = 'pending'), 0) AS pending, coalesce(sum(d.chunk_count), 0) AS chunks,
         (SELECT max(r.id) FROM runs r WHERE r.source_id = s.id) AS runId
       FROM sources s LEFT JOIN documents d ON d.source_id = s.id
       WHERE s.removed = 0 GROUP BY s.id ORDER BY s.id`,
    )
    .all();
  return rows.map(({ runId, ...folder }) => {
    const status = runId === null ? null : runStatus(ctx, runId);
    return {
      ...folder,
      state: folderState(status?.run ?? null, status?.pending ?? 0),
      error: status?.run.error ?? null,
      run: status?.progress ?? null,
    };
  });
}

/**
 * A mark that moves whenever the store may have changed: a commit by another connection (a worker
 * process) moves SQLite's data_version, one by this connection its total_changes. Equal marks mean
 * the summaries above would read the same.
 */
export function changeMark(ctx: StoreContext): string {
  const version = ctx.stmt<number>('PRAGMA data_version').pluck().get();
  const changes = ctx.stmt<number>('SELECT total_changes()').pluck().get();
  return `${version}:${changes}`;
}

/** Totals over the whole index. */
export function counts(ctx: StoreContext): StoreCounts {
  const row = ctx
    .stmt<StoreCounts>(
      `SELECT count(*) AS documents, coalesce(sum(chunk_count), 0) AS chunks,
         coalesce(sum(embedded_count), 0) AS embedded, coalesce(sum(state = 'failed'), 0) AS failed
       FROM documents`,
    )
    .get();
  // An aggregate without GROUP BY always returns one row.
  return row!;
}

/** Failed documents with their reasons, of one run or of all; at most `limit`, by path. */
export function failures(
  ctx: StoreContext,
  runId?: number,
  limit = 1000,
  state: 'failed' | 'unsupported' = 'failed',
): Array<{ path: string; reason: string }> {
  return ctx
    .stmt<{ path: string; reason: string }>(
      `SELECT path, coalesce(error, 'unknown error') AS reason FROM documents
       WHERE state = @state AND (@runId IS NULL OR run_id = @runId) ORDER BY path LIMIT @limit`,
    )
    .all({ runId: runId ?? null, limit, state });
}

/** A folder's files that failed or were skipped as unsupported, with the reasons: the UI's list. */
export function problemsOfSource(
  ctx: StoreContext,
  sourceId: number,
  limit = 500,
): Array<{ path: string; reason: string; state: 'failed' | 'unsupported' }> {
  return ctx
    .stmt<{ path: string; reason: string; state: 'failed' | 'unsupported' }>(
      `SELECT path, coalesce(error, 'unknown error') AS reason, state FROM documents
       WHERE source_id = @sourceId AND state IN ('failed', 'unsupported') ORDER BY state, path LIMIT @limit`,
    )
    .all({ sourceId, limit });
}
