/**
 * Migration: chunks keep the PDF page they come from, so search results can say "p. 12".
 */
import type Database from 'better-sqlite3';

/** Adds `chunks.page` (null for formats without pages). */
export function chunkPageSchema(db: Database.Database): void {
  db.exec('ALTER TABLE chunks ADD COLUMN page INTEGER');
}
