/**
 * Migration: `vector_log`, the changes to every model's vectors in commit order, which the vector
 * prefilter of each searching connection follows (vector-prefilter.ts).
 *
 * writeVectors logs each vector it adds; each model's chunk-delete trigger logs the deletion of an
 * embedded chunk. Both happen in the transaction that changes the vectors.
 */
import type Database from 'better-sqlite3';
import { vectorDeleteTrigger } from './vector-triggers';

export function vectorLogSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE vector_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      vec_table TEXT NOT NULL,
      chunk_id INTEGER NOT NULL,
      added INTEGER NOT NULL
    );
  `);
  const models = db.prepare<[], string>('SELECT id FROM models').pluck().all();
  for (const modelId of models) db.exec(vectorDeleteTrigger(modelId, true));
}
