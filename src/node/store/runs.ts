/**
 * Indexing runs: the scan's counters, and progress computed from the run's documents.
 */
import { SemantikError } from '../../shared/errors';
import type { RunProgress } from '../../shared/monitor-types';
import type { StoreContext } from './db-context';
import type { RunRow, RunScanUpdate } from './store-types';

interface RunRecord extends Omit<RunRow, 'scanDone'> {
  scanDone: number;
}

const RUN_COLUMNS = `id, source_id AS sourceId, started_at AS startedAt, finished_at AS finishedAt,
  scan_done AS scanDone, files_seen AS filesSeen, files_queued AS filesQueued,
  files_unchanged AS filesUnchanged, files_unsupported AS filesUnsupported,
  files_deleted AS filesDeleted, current_file AS currentFile, error`;

/** Field of RunScanUpdate to column; the SET clause is built only from these names. */
const SCAN_COLUMNS = {
  filesSeen: 'files_seen',
  filesQueued: 'files_queued',
  filesUnchanged: 'files_unchanged',
  filesUnsupported: 'files_unsupported',
  filesDeleted: 'files_deleted',
  currentFile: 'current_file',
} as const satisfies Record<keyof RunScanUpdate, string>;

function toRun(row: RunRecord): RunRow {
  return { ...row, scanDone: row.scanDone !== 0 };
}

/** Starts a run of a source; returns its id. */
export function createRun(ctx: StoreContext, sourceId: number): number {
  const result = ctx.stmt('INSERT INTO runs (source_id, started_at) VALUES (?, ?)').run(sourceId, Date.now());
  return Number(result.lastInsertRowid);
}

/** Sets the scan's counters that are given (absolute values, so a retried scan does not add twice). */
export function updateRunScan(ctx: StoreContext, runId: number, update: RunScanUpdate): void {
  const keys = (Object.keys(SCAN_COLUMNS) as Array<keyof RunScanUpdate>).filter((key) => update[key] !== undefined);
  if (keys.length === 0) return;
  const set = keys.map((key) => `${SCAN_COLUMNS[key]} = ?`).join(', ');
  ctx.stmt(`UPDATE runs SET ${set} WHERE id = ?`).run(...keys.map((key) => update[key]), runId);
}

/** Records that the scan has queued every file it will queue. */
export function finishScan(ctx: StoreContext, runId: number): void {
  ctx.stmt('UPDATE runs SET scan_done = 1, current_file = NULL WHERE id = ?').run(runId);
}

/** Ends a run, with the error that ended it if any; a finished run keeps its first end. */
export function finishRun(ctx: StoreContext, runId: number, error: string | null = null): void {
  ctx
    .stmt(
      `UPDATE runs SET finished_at = coalesce(finished_at, ?), error = coalesce(?, error),
         current_file = NULL WHERE id = ?`,
    )
    .run(Date.now(), error, runId);
}

/** One run, or null. */
export function getRun(ctx: StoreContext, runId: number): RunRow | null {
  const row = ctx.stmt<RunRecord>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(runId);
  return row ? toRun(row) : null;
}

/** The newest run of a source, or null. */
export function latestRun(ctx: StoreContext, sourceId: number): RunRow | null {
  const row = ctx.stmt<RunRecord>(`SELECT ${RUN_COLUMNS} FROM runs WHERE source_id = ? ORDER BY id DESC LIMIT 1`).get(sourceId);
  return row ? toRun(row) : null;
}

interface RunDocCounts {
  indexed: number;
  failed: number;
  unsupported: number;
  pending: number;
  chunks: number;
  embedded: number;
  lastChangeAt: number | null;
}

function runDocCounts(ctx: StoreContext, runId: number): RunDocCounts {
  // Uses documents_run_state; embedded_count saves a scan of the run's chunks.
  const row = ctx
    .stmt<RunDocCounts>(
      `SELECT coalesce(sum(state = 'indexed'), 0) AS indexed, coalesce(sum(state = 'failed'), 0) AS failed,
         coalesce(sum(state = 'unsupported'), 0) AS unsupported,
         coalesce(sum(state = 'pending'), 0) AS pending,
         coalesce(sum(chunk_count), 0) AS chunks, coalesce(sum(embedded_count), 0) AS embedded,
         max(updated_at) AS lastChangeAt
       FROM documents WHERE run_id = ?`,
    )
    .get(runId);
  // An aggregate without GROUP BY always returns one row.
  return row!;
}

/** A run with its progress and whether anything is pending; null for an unknown run. */
export function runStatus(ctx: StoreContext, runId: number): { run: RunRow; progress: RunProgress; pending: number } | null {
  const run = getRun(ctx, runId);
  if (!run) return null;
  const docs = runDocCounts(ctx, runId);
  const progress: RunProgress = {
    runId,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    scanDone: run.scanDone,
    filesSeen: run.filesSeen,
    filesQueued: run.filesQueued,
    filesIndexed: docs.indexed,
    filesFailed: docs.failed,
    filesPending: docs.pending,
    filesUnchanged: run.filesUnchanged,
    // The scan counts files it skips without a document; extract marks the rest on their rows.
    filesUnsupported: run.filesUnsupported + docs.unsupported,
    filesDeleted: run.filesDeleted,
    chunks: docs.chunks,
    chunksEmbedded: docs.embedded,
    currentFile: run.currentFile,
    lastChangeAt: docs.lastChangeAt,
    rate: null,
    etaSeconds: null,
  };
  return { run, progress, pending: docs.pending };
}

/** Progress of a run (rate and ETA are the caller's: null here); throws NOT_FOUND for an unknown run. */
export function runProgress(ctx: StoreContext, runId: number): RunProgress {
  const status = runStatus(ctx, runId);
  if (!status) throw new SemantikError('NOT_FOUND', `No run ${runId}`);
  return status.progress;
}

/** True when the scan is done and none of the run's documents is pending. */
export function isRunComplete(ctx: StoreContext, runId: number): boolean {
  const row = ctx
    .stmt<{ done: number }>(
      `SELECT scan_done = 1 AND NOT EXISTS (
         SELECT 1 FROM documents WHERE run_id = runs.id AND state = 'pending') AS done
       FROM runs WHERE id = ?`,
    )
    .get(runId);
  return row?.done === 1;
}
