/**
 * The data folder holds the index (every indexed text), the Redis password and the monitor's
 * credentials: only its owner may read it. `mkdir` leaves an existing folder's mode alone and
 * SQLite creates its files under the umask (often 0644), so the modes are set at every start,
 * also over a folder made or copied with looser ones.
 */
import { chmodSync, existsSync, statSync } from 'node:fs';
import { childLogger } from '../../node/logger';

const log = childLogger('data-folder');

/** Mode of the data folder: owner only. */
export const DATA_FOLDER_MODE = 0o700;
/** Mode of the database and its WAL and shared-memory files (SQLite gives new ones the database's). */
export const DATABASE_FILE_MODE = 0o600;

/** The database file and the two files SQLite keeps beside it in WAL mode. */
export function databaseFiles(dbPath: string): string[] {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-shm`];
}

/** Sets `path` to `mode` when it exists with another one; logs what it changed. */
function restrict(path: string, mode: number): void {
  if (!existsSync(path)) return;
  const current = statSync(path).mode & 0o777;
  if (current === mode) return;
  chmodSync(path, mode);
  log.info({ path, from: current.toString(8), to: mode.toString(8) }, 'mode tightened');
}

/** Makes the data folder 0700 (POSIX; Windows keeps its ACLs, which chmod cannot express). */
export function restrictDataFolder(dataDir: string): void {
  if (process.platform !== 'win32') restrict(dataDir, DATA_FOLDER_MODE);
}

/** Makes the database files 0600 (POSIX). */
export function restrictDatabaseFiles(dbPath: string): void {
  if (process.platform === 'win32') return;
  for (const file of databaseFiles(dbPath)) restrict(file, DATABASE_FILE_MODE);
}
