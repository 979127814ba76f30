/**
 * The per-model vector table's name and its chunk-delete trigger (virtual tables take no part in
 * ON DELETE CASCADE, so the trigger deletes a chunk's vector whichever code path deletes the chunk,
 * and logs it for the vector prefilter).
 */

/** The vector table of a model: `vec_` and the id lower-cased with anything else than [a-z0-9_] as `_`. */
export function vecTableName(modelId: string): string {
  return `vec_${modelId.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/** SQL that (re)creates a model's chunk-delete trigger; `replace` drops the existing one first. */
export function vectorDeleteTrigger(modelId: string, replace = false): string {
  // The table name is sanitised by vecTableName: safe to interpolate, also as a string literal.
  const table = vecTableName(modelId);
  return `
    ${replace ? `DROP TRIGGER IF EXISTS ${table}_chunk_ad;` : ''}
    CREATE TRIGGER ${table}_chunk_ad AFTER DELETE ON chunks BEGIN
      DELETE FROM ${table} WHERE rowid = old.id;
      INSERT INTO vector_log (vec_table, chunk_id, added) SELECT '${table}', old.id, 0 WHERE old.embedded = 1;
    END;`;
}
