/**
 * What the app recorded of its indexing runs, read from its store (`<data folder>/semantik.db`):
 * each run's start and end as the engine saw them, and the job history, where the time went.
 *
 * The engine marks a run finished on its monitor tick (every 200 ms), so a run's own duration is
 * that coarse; a job's duration is the worker's, to the millisecond.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { round } from './figures.js';

/** One run as the store has it. */
export interface RunTimes {
  runId: number;
  /** Finished minus started, in seconds (null while unfinished). */
  seconds: number | null;
  filesSeen: number;
  filesQueued: number;
}

function openReadOnly(dataDir: string): Database.Database {
  return new Database(join(dataDir, 'semantik.db'), { readonly: true, fileMustExist: true });
}

/** Every run, oldest first. */
export function readRuns(dataDir: string): RunTimes[] {
  const db = openReadOnly(dataDir);
  try {
    const rows = db
      .prepare<[], { id: number; started: number; finished: number | null; seen: number; queued: number }>(
        'SELECT id, started_at AS started, finished_at AS finished, files_seen AS seen, files_queued AS queued FROM runs ORDER BY id',
      )
      .all();
    return rows.map((row) => ({
      runId: row.id,
      seconds: row.finished === null ? null : (row.finished - row.started) / 1000,
      filesSeen: row.seen,
      filesQueued: row.queued,
    }));
  } finally {
    db.close();
  }
}

/** Seconds the worker spent on the scan job of `runId` (null when the history has not recorded it). */
export function scanJobSeconds(dataDir: string, runId: number): number | null {
  const db = openReadOnly(dataDir);
  try {
    const ms = db
      .prepare<[number], number | null>(
        "SELECT duration_ms FROM jobs WHERE queue = 'scan' AND state = 'completed' AND json_extract(data, '$.runId') = ?",
      )
      .pluck()
      .get(runId);
    return ms === undefined || ms === null ? null : ms / 1000;
  } finally {
    db.close();
  }
}

/**
 * Seconds from the start of run `runId` to the end of its last job, to the millisecond (null when
 * the history has no finished job of it). The run's own end waits for the engine's next monitor
 * tick; this is when its work was done.
 */
export function runWorkSeconds(dataDir: string, runId: number): number | null {
  const db = openReadOnly(dataDir);
  try {
    const row = db
      .prepare<[number, number], { started: number; finished: number | null }>(
        `SELECT r.started_at AS started,
           (SELECT max(finished_at) FROM jobs WHERE json_extract(data, '$.runId') = ?) AS finished
         FROM runs r WHERE r.id = ?`,
      )
      .get(runId, runId);
    return row?.finished == null ? null : (row.finished - row.started) / 1000;
  } finally {
    db.close();
  }
}

/**
 * Per queue (scan, extract, embed, ingest): completed jobs and the seconds workers spent on them,
 * summed (jobs of one worker may overlap: its concurrency is above one).
 */
export function queueWork(dataDir: string): Record<string, { jobs: number; busy_s: number }> {
  const db = openReadOnly(dataDir);
  try {
    const rows = db
      .prepare<[], { queue: string; jobs: number; ms: number | null }>(
        "SELECT queue, count(*) AS jobs, sum(duration_ms) AS ms FROM jobs WHERE state = 'completed' AND queue <> 'system' GROUP BY queue",
      )
      .all();
    return Object.fromEntries(rows.map((row) => [row.queue, { jobs: row.jobs, busy_s: round((row.ms ?? 0) / 1000, 2) }]));
  } finally {
    db.close();
  }
}
