/**
 * Invariants that crash tests and `semantik doctor` check: each count must be 0.
 */
import type { StoreContext } from './db-context';
import { listModels, vecTableName } from './vectors';

/**
 * Rows that should not exist: extra chunks sharing a (document, index) and extra documents sharing
 * a path. The schema forbids both, so anything but 0 means the schema or a migration is wrong.
 */
export function duplicateChunkCount(ctx: StoreContext): number {
  const row = ctx
    .stmt<{ n: number }>(
      `SELECT
         (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM chunks GROUP BY doc_id, idx HAVING n > 1))
       + (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM documents GROUP BY path HAVING n > 1))
       AS n`,
    )
    .get();
  return row?.n ?? 0;
}

/** Chunks left from an older generation of their document (replaceChunks was not atomic). */
export function staleChunkCount(ctx: StoreContext): number {
  const row = ctx
    .stmt<{ n: number }>('SELECT count(*) AS n FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE c.generation <> d.generation')
    .get();
  return row?.n ?? 0;
}

/** Vectors, in any model's table, whose chunk is gone (a delete path missed the vector tables). */
export function orphanVectorCount(ctx: StoreContext): number {
  let orphans = 0;
  for (const model of listModels(ctx)) {
    // Scans the whole vector table: for tests and doctor, not for the monitor's refresh.
    const row = ctx
      .stmt<{ n: number }>(
        `SELECT count(*) AS n FROM ${vecTableName(model.id)} v WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = v.rowid)`,
      )
      .get();
    orphans += row?.n ?? 0;
  }
  return orphans;
}
