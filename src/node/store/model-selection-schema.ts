/**
 * Migration: which embedding model search uses, and which one a switch is moving to (blue/green).
 */
import type Database from 'better-sqlite3';

/**
 * Adds `model_selection`, a single row: `active` (search and new documents use it; null until the
 * engine first records its model) and `pending` (being re-embedded in the background).
 */
export function modelSelectionSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE model_selection (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      active TEXT,
      pending TEXT,
      pending_since INTEGER,
      switch_error TEXT,
      switched_at INTEGER
    );
    INSERT INTO model_selection (id) VALUES (1);
  `);
}
