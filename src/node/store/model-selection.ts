/**
 * The active and pending embedding models, and how far the pending one covers the index.
 *
 * Vectors live in one table per model (vectors.ts), so a switch writes the new model's vectors
 * beside the old ones while search keeps reading the old table; once every embedded chunk has a
 * vector of the new model, `flip` makes it active in one transaction. Get one with
 * `store.modelSelection()`.
 */
import { SemantikError } from '../../shared/errors';
import type { StoreContext } from './db-context';
import { ensureModel, getModel, vecTableName } from './vectors';

/** The selection row. */
export interface ModelSelectionRow {
  active: string | null;
  pending: string | null;
  pendingSince: number | null;
  switchError: string | null;
  switchedAt: number | null;
}

/** A chunk that still needs a vector of some model. */
export interface ChunkToEmbed {
  chunkId: number;
  docId: number;
  generation: number;
  text: string;
}

/** Embedded chunks, and how many of them have a vector of one model. */
export interface ModelCoverage {
  covered: number;
  total: number;
}

/** Operations on the model selection of one connection. */
export class ModelSelection {
  constructor(private readonly ctx: StoreContext) {}

  /** The selection row. */
  get(): ModelSelectionRow {
    const row = this.ctx
      .stmt<ModelSelectionRow>(
        `SELECT active, pending, pending_since AS pendingSince, switch_error AS switchError, switched_at AS switchedAt
         FROM model_selection WHERE id = 1`,
      )
      .get();
    // The migration inserts the row and nothing deletes it.
    return row!;
  }

  /** Makes `modelId` active at once (first start, or an index with no chunks) and drops any pending switch. */
  setActive(modelId: string): void {
    this.ctx
      .stmt(
        'UPDATE model_selection SET active = ?, pending = NULL, pending_since = NULL, switch_error = NULL, switched_at = ? WHERE id = 1',
      )
      .run(modelId, Date.now());
  }

  /** Starts (or, with null, cancels) a switch to `modelId`. */
  setPending(modelId: string | null): void {
    this.ctx
      .stmt('UPDATE model_selection SET pending = ?, pending_since = ?, switch_error = NULL WHERE id = 1')
      .run(modelId, modelId === null ? null : Date.now());
  }

  /** Records why the switch does not progress (null: it does again). */
  setSwitchError(error: string | null): void {
    this.ctx.stmt('UPDATE model_selection SET switch_error = ? WHERE id = 1').run(error);
  }

  /**
   * Embedded chunks (from documents.embedded_count, which mirrors chunks.embedded) and how many of
   * them have a vector of `modelId`. Both are cheap counts, fit for a timer: a vector exists only
   * for an existing, embedded chunk, so `covered === total` means every embedded chunk has one.
   */
  coverage(modelId: string): ModelCoverage {
    const total = this.ctx.stmt<number>('SELECT coalesce(sum(embedded_count), 0) FROM documents').pluck().get() ?? 0;
    if (!getModel(this.ctx, modelId)) return { covered: 0, total };
    const covered =
      this.ctx
        .stmt<number>(`SELECT count(*) FROM ${rowidTable(modelId)}`)
        .pluck()
        .get() ?? 0;
    return { covered, total };
  }

  /**
   * Up to `limit` embedded chunks with id above `afterId` and no vector of `modelId`, in id order.
   * Registers the model (its vector table) first. At most `window` chunk ids are examined per call,
   * so that a mostly covered index costs a short, bounded read each time; `nextAfter` is where the
   * next call continues (null at the end).
   */
  missingChunks(
    modelId: string,
    dims: number,
    afterId: number,
    limit: number,
    window: number,
  ): { chunks: ChunkToEmbed[]; nextAfter: number | null } {
    // ensureModel takes the write lock: only when the table is new.
    if (!getModel(this.ctx, modelId)) ensureModel(this.ctx, modelId, dims);
    const upTo = afterId + window;
    const chunks = this.ctx
      .stmt<ChunkToEmbed>(
        `SELECT c.id AS chunkId, c.doc_id AS docId, c.generation, c.text FROM chunks c
         LEFT JOIN ${rowidTable(modelId)} r ON r.rowid = c.id
         WHERE c.id > ? AND c.id <= ? AND c.embedded = 1 AND r.rowid IS NULL
         ORDER BY c.id LIMIT ?`,
      )
      .all(afterId, upTo, limit);
    const maxId = this.ctx.stmt<number>('SELECT coalesce(max(id), 0) FROM chunks').pluck().get() ?? 0;
    // A full page has a last chunk (limit is at least 1): continue after it.
    const reached = chunks.length === limit && limit > 0 ? chunks[chunks.length - 1]!.chunkId : upTo;
    return { chunks, nextAfter: reached >= maxId ? null : reached };
  }

  /**
   * Makes the pending model active if every embedded chunk has its vector, in one transaction, so
   * that no ingest can slip between the check and the flip. Returns true when it flipped.
   */
  flipIfCovered(pendingId: string): boolean {
    return this.ctx.write(() => {
      const row = this.get();
      if (row.pending !== pendingId) return false;
      const { covered, total } = this.coverage(pendingId);
      if (covered < total) return false;
      this.ctx
        .stmt(
          'UPDATE model_selection SET active = pending, pending = NULL, pending_since = NULL, switch_error = NULL, switched_at = ? WHERE id = 1',
        )
        .run(Date.now());
      return true;
    });
  }
}

/**
 * sqlite-vec's shadow table that maps a vec0 table's rowids (`<table>_rowids`, sqlite-vec 0.1).
 * Counting and joining it is a plain B-tree walk; the same on the vec0 table scans every vector.
 */
function rowidTable(modelId: string): string {
  const table = `${vecTableName(modelId)}_rowids`;
  if (!/^vec_[a-z0-9_]+_rowids$/.test(table)) throw new SemantikError('INTERNAL', `unexpected vector table name ${table}`);
  return table;
}
