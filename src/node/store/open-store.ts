/**
 * Opening the SQLite store: pragmas, the sqlite-vec extension and migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { SemantikError } from '../../shared/errors';
import { childLogger } from '../logger';
import { createContext } from './db-context';
import { currentBinding, REBUILD_HINT } from './native-binding';
import { runMigrations, SCHEMA_VERSION } from './migrations';
import { Store } from './store';

/** How long a connection waits for another process's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 15_000;

const log = childLogger('store');

/** Options of openStore. */
export interface OpenStoreOptions {
  /**
   * Open for reading only: the file must exist and be migrated already.
   * @defaultValue false
   */
  readonly?: boolean;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** better-sqlite3's `nativeBinding` for this runtime (Node or Electron), or nothing for its default. */
function bindingOption(): { nativeBinding?: string } {
  const choice = currentBinding();
  if (choice.kind === 'electron') return { nativeBinding: choice.path };
  if (choice.kind === 'missing') {
    // The default build is for plain Node and would fail with a bare ABI message: say what to do.
    throw new SemantikError('STORE', `Cannot load SQLite under Electron: ${choice.why}; ${REBUILD_HINT}`);
  }
  return {};
}

/**
 * Opens (creating if needed) the index at `dbPath` and brings its schema up to date.
 *
 * WAL lets the supervisor read while a worker writes; synchronous=NORMAL is safe with WAL (a power
 * cut may lose the last commits, never corrupt the file). Throws SemantikError 'STORE'.
 */
export function openStore(dbPath: string, opts: OpenStoreOptions = {}): Store {
  const readonly = opts.readonly ?? false;
  let db: Database.Database;
  try {
    if (!readonly) mkdirSync(dirname(dbPath), { recursive: true });
    db = new Database(dbPath, { readonly, fileMustExist: readonly, timeout: BUSY_TIMEOUT_MS, ...bindingOption() });
  } catch (cause) {
    throw new SemantikError('STORE', `Cannot open the index at ${dbPath}: ${reason(cause)}`, { cause });
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') log.warn({ dbPath, mode }, 'WAL mode unavailable: readers will block writers');
    }
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    sqliteVec.load(db);
    runMigrations(db, readonly);
  } catch (cause) {
    db.close();
    if (cause instanceof SemantikError) throw cause;
    throw new SemantikError('STORE', `Cannot prepare the index at ${dbPath}: ${reason(cause)}`, { cause });
  }
  log.debug({ dbPath, readonly, schema: SCHEMA_VERSION }, 'store opened');
  return new Store(createContext(db), dbPath, readonly);
}
