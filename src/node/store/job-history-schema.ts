/**
 * Migration 2: the durable job history (every job of every queue, as the supervisor records it),
 * its full-text index, per-state counts, finished-job counters for /metrics, the compact archive
 * the daily cleanup moves old records to, and a small key-value table.
 */
import type Database from 'better-sqlite3';

/** Buckets (upper bounds, ms) of the job duration histogram; the last one is +Inf. */
export const DURATION_BUCKETS_MS = [10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000] as const;

/** Creates the history tables. */
export function jobHistorySchema(db: Database.Database): void {
  createJobsTable(db);
  createJobsSearch(db);
  createJobCounts(db);
  createJobTotals(db);
  createJobArchive(db);
  createKeyValueTable(db);
}

/** The jobs table and the indexes of the tasks view's filters. */
function createJobsTable(db: Database.Database): void {
  db.exec(`
    -- One row per job, keyed by queue and BullMQ job id. Data and result are small summaries
    -- (never an embed job's texts or vectors); timeline and logs are short JSON arrays.
    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY,
      queue TEXT NOT NULL,
      job_id TEXT NOT NULL,
      name TEXT NOT NULL DEFAULT '',
      state TEXT NOT NULL,
      priority INTEGER NOT NULL DEFAULT 0,
      attempts INTEGER NOT NULL DEFAULT 0,
      worker TEXT,
      device TEXT,
      folder TEXT,
      parent TEXT,
      added_at INTEGER NOT NULL,
      started_at INTEGER,
      finished_at INTEGER,
      duration_ms INTEGER,
      progress REAL,
      progress_data TEXT,
      error TEXT,
      stack TEXT,
      data TEXT,
      result TEXT,
      opts TEXT,
      logs TEXT,
      timeline TEXT NOT NULL DEFAULT '[]',
      updated_at INTEGER NOT NULL,
      UNIQUE (queue, job_id)
    );
    -- Every filter of the tasks view pairs with the default order (newest first), so that the
    -- first page of any single filter reads one index range, however many rows there are.
    CREATE INDEX jobs_added ON jobs(added_at);
    CREATE INDEX jobs_state ON jobs(state, added_at);
    CREATE INDEX jobs_name ON jobs(name, added_at);
    CREATE INDEX jobs_queue ON jobs(queue, added_at);
    CREATE INDEX jobs_worker ON jobs(worker, added_at);
    CREATE INDEX jobs_device ON jobs(device, added_at);
    CREATE INDEX jobs_folder ON jobs(folder, added_at);
    CREATE INDEX jobs_finished ON jobs(finished_at);
    CREATE INDEX jobs_updated ON jobs(state, updated_at);
    CREATE INDEX jobs_parent ON jobs(parent) WHERE parent IS NOT NULL;
  `);
}

/** The full-text index of the jobs' name, data, result and error, kept by triggers. */
function createJobsSearch(db: Database.Database): void {
  db.exec(`
    CREATE VIRTUAL TABLE jobs_fts USING fts5(
      name, data, result, error, content='jobs', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER jobs_fts_ai AFTER INSERT ON jobs BEGIN
      INSERT INTO jobs_fts(rowid, name, data, result, error) VALUES (new.id, new.name, new.data, new.result, new.error);
    END;
    CREATE TRIGGER jobs_fts_ad AFTER DELETE ON jobs BEGIN
      INSERT INTO jobs_fts(jobs_fts, rowid, name, data, result, error)
        VALUES ('delete', old.id, old.name, old.data, old.result, old.error);
    END;
    -- Only when a searched column is written: state and progress updates leave the index alone.
    CREATE TRIGGER jobs_fts_au AFTER UPDATE OF name, data, result, error ON jobs BEGIN
      INSERT INTO jobs_fts(jobs_fts, rowid, name, data, result, error)
        VALUES ('delete', old.id, old.name, old.data, old.result, old.error);
      INSERT INTO jobs_fts(rowid, name, data, result, error) VALUES (new.id, new.name, new.data, new.result, new.error);
    END;
  `);
}

/** The per-queue, per-state row counts, kept by triggers. */
function createJobCounts(db: Database.Database): void {
  db.exec(`
    -- Rows per queue and state, kept by triggers: the unfiltered counts cost nothing to read.
    CREATE TABLE job_counts (
      queue TEXT NOT NULL,
      state TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (queue, state)
    ) WITHOUT ROWID;
    CREATE TRIGGER job_counts_ai AFTER INSERT ON jobs BEGIN
      INSERT INTO job_counts(queue, state, n) VALUES (new.queue, new.state, 1)
        ON CONFLICT(queue, state) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER job_counts_ad AFTER DELETE ON jobs BEGIN
      UPDATE job_counts SET n = n - 1 WHERE queue = old.queue AND state = old.state;
    END;
    CREATE TRIGGER job_counts_au AFTER UPDATE OF state, queue ON jobs
      WHEN old.state IS NOT new.state OR old.queue IS NOT new.queue BEGIN
      UPDATE job_counts SET n = n - 1 WHERE queue = old.queue AND state = old.state;
      INSERT INTO job_counts(queue, state, n) VALUES (new.queue, new.state, 1)
        ON CONFLICT(queue, state) DO UPDATE SET n = n + 1;
    END;
  `);
}

/** The finished-job counters and the duration histogram of /metrics. */
function createJobTotals(db: Database.Database): void {
  db.exec(`
    -- Monotonic counters of finished attempts (never decreased by the cleanup): /metrics.
    CREATE TABLE job_totals (
      queue TEXT NOT NULL,
      state TEXT NOT NULL,
      n INTEGER NOT NULL,
      duration_sum_ms INTEGER NOT NULL,
      PRIMARY KEY (queue, state)
    ) WITHOUT ROWID;
    -- Duration histogram of completed jobs: count per bucket (bucket = index in DURATION_BUCKETS_MS,
    -- or its length for +Inf); /metrics makes it cumulative.
    CREATE TABLE job_durations (
      queue TEXT NOT NULL,
      bucket INTEGER NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (queue, bucket)
    ) WITHOUT ROWID;
  `);
}

/** The compact archive of old records. */
function createJobArchive(db: Database.Database): void {
  db.exec(`
    -- Old records, compacted by the daily cleanup: what ran, where, when and how it ended.
    CREATE TABLE job_archive (
      queue TEXT NOT NULL,
      job_id TEXT NOT NULL,
      name TEXT NOT NULL,
      state TEXT NOT NULL,
      worker TEXT,
      device TEXT,
      folder TEXT,
      added_at INTEGER NOT NULL,
      finished_at INTEGER,
      duration_ms INTEGER,
      error TEXT,
      archived_at INTEGER NOT NULL
    );
    CREATE INDEX job_archive_finished ON job_archive(finished_at);
  `);
}

/** The key-value table. */
function createKeyValueTable(db: Database.Database): void {
  db.exec(`
    -- Small facts the engine keeps across restarts (event stream positions, one-time setup).
    CREATE TABLE kv (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
  `);
}

/** Migration 6: what each job works on, in words, for the tasks list (older records have none). */
export function jobSubjectSchema(db: Database.Database): void {
  db.exec('ALTER TABLE jobs ADD COLUMN subject TEXT');
}
