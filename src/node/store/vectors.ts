/**
 * Vectors: one sqlite-vec table per embedding model, keyed by chunk id.
 *
 * Virtual tables do not take part in ON DELETE CASCADE, so registering a model also creates a
 * trigger that deletes a chunk's vector whenever the chunk row goes, whichever code path deletes it
 * (replaceChunks, deleteDocuments, a cascade from documents). Every vector added or deleted is also
 * logged in `vector_log`, in the same transaction, for the search's vector prefilter.
 */
import type { ChunkRef } from '../../shared/jobs';
import { SemantikError } from '../../shared/errors';
import type { StoreContext } from './db-context';
import type { ModelRow } from './store-types';
import { VECTOR_LOG_KEEP } from './vector-prefilter';
import { vecTableName, vectorDeleteTrigger } from './vector-triggers';

export { vecTableName };

/** sqlite-vec's limit on a float vector's dimensions. */
const MAX_DIMS = 8192;

/** The registered models. */
export function listModels(ctx: StoreContext): ModelRow[] {
  return ctx.stmt<ModelRow>('SELECT id, name, dims, created_at AS createdAt FROM models ORDER BY id').all();
}

/** One registered model, or null. */
export function getModel(ctx: StoreContext, modelId: string): ModelRow | null {
  return ctx.stmt<ModelRow>('SELECT id, name, dims, created_at AS createdAt FROM models WHERE id = ?').get(modelId) ?? null;
}

/**
 * Registers a model and creates its vector table and delete trigger if new; returns the table name.
 *
 * Throws MODEL if the model is known with other dimensions, or if its table name would collide with
 * another model's.
 */
export function ensureModel(ctx: StoreContext, modelId: string, dims: number, name = modelId): string {
  if (!Number.isInteger(dims) || dims < 1 || dims > MAX_DIMS) {
    throw new SemantikError('BAD_INPUT', `Model ${modelId}: dimensions must be 1 to ${MAX_DIMS}, not ${dims}`);
  }
  const table = vecTableName(modelId);
  return ctx.write(() => {
    const known = getModel(ctx, modelId);
    if (known) {
      if (known.dims !== dims) {
        throw new SemantikError('MODEL', `Model ${modelId} has ${known.dims} dimensions in the index, not ${dims}`);
      }
      return table;
    }
    const clash = listModels(ctx).find((model) => vecTableName(model.id) === table);
    if (clash) throw new SemantikError('MODEL', `Model ids ${clash.id} and ${modelId} share table ${table}`);
    // The table name is sanitised above and dims is an integer: both are safe to interpolate.
    ctx.db.exec(`CREATE VIRTUAL TABLE ${table} USING vec0(embedding float[${dims}]); ${vectorDeleteTrigger(modelId)}`);
    ctx.stmt('INSERT INTO models (id, name, dims, created_at) VALUES (?, ?, ?, ?)').run(modelId, name, dims, Date.now());
    return table;
  });
}

/** What writeVectors did: vectors inserted, and refs refused because their chunk is gone or newer. */
export interface WriteVectorsResult {
  written: number;
  stale: number;
}

/**
 * Writes the vectors of an ingest batch in one transaction.
 *
 * `vectors` holds `refs.length` rows of `dims` floats. A ref whose chunk no longer exists with that
 * document and generation is stale and skipped; a chunk that already has a vector of this model is
 * left as it is, so a retried ingest neither duplicates nor overwrites. Touched documents whose
 * chunks are now all embedded become indexed.
 */
export function writeVectors(
  ctx: StoreContext,
  modelId: string,
  dims: number,
  refs: readonly ChunkRef[],
  vectors: Float32Array,
): WriteVectorsResult {
  if (vectors.length !== refs.length * dims) {
    throw new SemantikError(
      'BAD_INPUT',
      `Expected ${refs.length} vectors of ${dims} floats (${refs.length * dims}), got ${vectors.length} floats`,
    );
  }
  return ctx.write(() => {
    const table = ensureModel(ctx, modelId, dims);
    const current = ctx.stmt('SELECT 1 FROM chunks WHERE id = ? AND doc_id = ? AND generation = ?').pluck();
    const hasVector = ctx.stmt(`SELECT 1 FROM ${table} WHERE rowid = ?`).pluck();
    const insert = ctx.stmt(`INSERT INTO ${table} (rowid, embedding) VALUES (?, ?)`);
    const log = ctx.stmt('INSERT INTO vector_log (vec_table, chunk_id, added) VALUES (?, ?, 1)');
    const markEmbedded = ctx.stmt('UPDATE chunks SET embedded = 1 WHERE id = ? AND embedded = 0');
    // updated_at moves with each vector too: a large file's embedding is progress, not a stall.
    const countEmbedded = ctx.stmt('UPDATE documents SET embedded_count = embedded_count + 1, updated_at = ? WHERE id = ?');
    const now = Date.now();
    const touched = new Set<number>();
    let written = 0;
    let stale = 0;
    refs.forEach((ref, i) => {
      if (current.get(ref.chunkId, ref.docId, ref.generation) === undefined) {
        stale += 1;
        return;
      }
      touched.add(ref.docId);
      if (hasVector.get(ref.chunkId) === undefined) {
        const bytes = Buffer.from(vectors.buffer, vectors.byteOffset + i * dims * 4, dims * 4);
        // vec0 accepts only integer rowids, and better-sqlite3 binds a JS number as a float.
        insert.run(BigInt(ref.chunkId), bytes);
        log.run(table, ref.chunkId);
        written += 1;
      }
      if (markEmbedded.run(ref.chunkId).changes > 0) countEmbedded.run(now, ref.docId);
    });
    const complete = ctx.stmt(
      `UPDATE documents SET state = 'indexed', indexed_at = ?, error = NULL, updated_at = ?
       WHERE id = ? AND state = 'pending' AND embedded_count >= chunk_count`,
    );
    for (const docId of touched) complete.run(now, now, docId);
    if (written > 0) trimVectorLog(ctx);
    return { written, stale };
  });
}

/** Keeps the newest VECTOR_LOG_KEEP rows of `vector_log` (a prefilter further behind rebuilds). */
export function trimVectorLog(ctx: StoreContext): void {
  ctx.stmt('DELETE FROM vector_log WHERE seq <= (SELECT max(seq) FROM vector_log) - ?').run(VECTOR_LOG_KEEP);
}
