/**
 * Sources: the folders the user added.
 */
import type { StoreContext } from './db-context';
import { deleteDocuments, documentIdsOfSource } from './documents';
import type { SourceRow } from './store-types';

interface SourceRecord {
  id: number;
  path: string;
  addedAt: number;
  removed: number;
}

const SOURCE_COLUMNS = 'id, path, added_at AS addedAt, removed';

function toSource(row: SourceRecord): SourceRow {
  return { ...row, removed: row.removed !== 0 };
}

/** Adds a folder, or returns it if known; a removed one is revived with a new added time. */
export function addSource(ctx: StoreContext, path: string): SourceRow {
  const row = ctx
    .stmt<SourceRecord>(
      `INSERT INTO sources (path, added_at) VALUES (?, ?)
       ON CONFLICT(path) DO UPDATE SET
         added_at = CASE WHEN removed = 1 THEN excluded.added_at ELSE added_at END, removed = 0
       RETURNING ${SOURCE_COLUMNS}`,
    )
    .get(path, Date.now());
  // RETURNING always yields the inserted or updated row.
  return toSource(row!);
}

/** The folders in the order they were added; removed ones only when asked. */
export function listSources(ctx: StoreContext, includeRemoved = false): SourceRow[] {
  return ctx
    .stmt<SourceRecord>(`SELECT ${SOURCE_COLUMNS} FROM sources WHERE removed = 0 OR ? ORDER BY id`)
    .all(includeRemoved ? 1 : 0)
    .map(toSource);
}

/** One source (removed or not), or null. */
export function getSource(ctx: StoreContext, id: number): SourceRow | null {
  const row = ctx.stmt<SourceRecord>(`SELECT ${SOURCE_COLUMNS} FROM sources WHERE id = ?`).get(id);
  return row ? toSource(row) : null;
}

/**
 * Removes a folder from the index: false if it is unknown or already removed.
 *
 * The flag is set first, in its own transaction, so that searches skip the folder at once; its
 * documents are then deleted in short batches. The row stays, so that its runs keep their history.
 */
export function removeSource(ctx: StoreContext, id: number): boolean {
  const changed = ctx.stmt('UPDATE sources SET removed = 1 WHERE id = ? AND removed = 0').run(id);
  // Deleting even when already removed finishes a removal that a crash interrupted.
  deleteDocuments(ctx, documentIdsOfSource(ctx, id));
  return changed.changes > 0;
}
