/**
 * The handle every store module works through: one connection, its prepared-statement cache and
 * the write-transaction helper.
 */
import type Database from 'better-sqlite3';

/** A statement whose rows have the shape `R`; parameters are positional. */
export type Stmt<R> = Database.Statement<unknown[], R>;

/** One open connection with cached statements. */
export interface StoreContext {
  readonly db: Database.Database;
  /** Prepares `sql` once per connection and returns the cached statement afterwards. */
  stmt<R = unknown>(sql: string): Stmt<R>;
  /**
   * Runs `fn` in a `BEGIN IMMEDIATE` transaction (a savepoint when already inside one).
   *
   * Immediate, because a deferred transaction that reads and then writes cannot wait for another
   * process's writer: SQLite answers SQLITE_BUSY at once instead of using the busy timeout.
   */
  write<T>(fn: () => T): T;
}

/** Wraps a connection in a StoreContext. */
export function createContext(db: Database.Database): StoreContext {
  const cache = new Map<string, Stmt<unknown>>();
  return {
    db,
    stmt<R>(sql: string): Stmt<R> {
      let statement = cache.get(sql);
      if (!statement) {
        statement = db.prepare<unknown[], unknown>(sql);
        cache.set(sql, statement);
      }
      // The cache is keyed by SQL text, and each SQL text is always asked for with one row type.
      return statement as Stmt<R>;
    },
    write<T>(fn: () => T): T {
      return db.transaction(fn).immediate();
    },
  };
}

/** Splits ids into slices so that a long delete is many short transactions, not one long lock. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
