/**
 * Schema migrations, applied in order by `PRAGMA user_version`.
 *
 * Each migration runs in its own immediate transaction and re-reads the version inside it, so that
 * several processes opening a new file at once apply every migration exactly once.
 */
import type Database from 'better-sqlite3';
import { SemantikError } from '../../shared/errors';
import { jobHistorySchema, jobSubjectSchema } from './job-history-schema';
import { chunkPageSchema } from './chunk-page-schema';
import { modelSelectionSchema } from './model-selection-schema';
import { vectorLogSchema } from './vector-log-schema';

type Migration = (db: Database.Database) => void;

/** Migration 1: sources, runs, documents, chunks with FTS5, and the model registry. */
function initialSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE sources (
      id INTEGER PRIMARY KEY,
      path TEXT UNIQUE NOT NULL,
      added_at INTEGER NOT NULL,
      removed INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      scan_done INTEGER NOT NULL DEFAULT 0,
      files_seen INTEGER NOT NULL DEFAULT 0,
      files_queued INTEGER NOT NULL DEFAULT 0,
      files_unchanged INTEGER NOT NULL DEFAULT 0,
      files_unsupported INTEGER NOT NULL DEFAULT 0,
      files_deleted INTEGER NOT NULL DEFAULT 0,
      current_file TEXT,
      error TEXT
    );
    CREATE INDEX runs_source ON runs(source_id);
    -- embedded_count mirrors count(chunks.embedded = 1) so that progress is O(documents), not
    -- O(chunks), when the monitor asks for it several times a second.
    CREATE TABLE documents (
      id INTEGER PRIMARY KEY,
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      path TEXT UNIQUE NOT NULL,
      size INTEGER NOT NULL,
      mtime_ms REAL NOT NULL,
      hash TEXT,
      state TEXT NOT NULL CHECK (state IN ('pending', 'indexed', 'failed', 'unsupported')),
      error TEXT,
      run_id INTEGER,
      generation INTEGER NOT NULL DEFAULT 0,
      chunk_count INTEGER NOT NULL DEFAULT 0,
      embedded_count INTEGER NOT NULL DEFAULT 0,
      indexed_at INTEGER,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX documents_source ON documents(source_id);
    CREATE INDEX documents_run_state ON documents(run_id, state);
    -- AUTOINCREMENT: a chunk id is never reused, so a stale ChunkRef can never name a newer chunk.
    CREATE TABLE chunks (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      idx INTEGER NOT NULL,
      generation INTEGER NOT NULL,
      text TEXT NOT NULL,
      line_start INTEGER,
      line_end INTEGER,
      heading TEXT,
      embedded INTEGER NOT NULL DEFAULT 0,
      UNIQUE (doc_id, idx)
    );
    CREATE VIRTUAL TABLE chunks_fts USING fts5(
      text, content='chunks', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER chunks_fts_ai AFTER INSERT ON chunks BEGIN
      INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER chunks_fts_ad AFTER DELETE ON chunks BEGIN
      INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    -- Only on text changes: marking a chunk embedded must not rewrite its FTS row.
    CREATE TRIGGER chunks_fts_au AFTER UPDATE OF text ON chunks BEGIN
      INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
      INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TABLE models (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      dims INTEGER NOT NULL,
      created_at INTEGER NOT NULL
    );
  `);
}

/** Every migration in order; migration i brings the schema to user_version i + 1. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  jobHistorySchema,
  chunkPageSchema,
  modelSelectionSchema,
  vectorLogSchema,
  jobSubjectSchema,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** Applies the missing migrations; a read-only connection only checks that none is missing. */
export function runMigrations(db: Database.Database, readonly: boolean): void {
  const current = userVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new SemantikError('STORE', `The index was written by a newer version (schema ${current}, this app knows ${SCHEMA_VERSION})`);
  }
  if (current === SCHEMA_VERSION) return;
  if (readonly) {
    throw new SemantikError('STORE', `The index needs migration to schema ${SCHEMA_VERSION} first`);
  }
  MIGRATIONS.forEach((migrate, index) => {
    db.transaction(() => {
      // Another process may have applied it while this one waited for the lock.
      if (userVersion(db) !== index) return;
      migrate(db);
      db.pragma(`user_version = ${index + 1}`);
    }).immediate();
  });
}
