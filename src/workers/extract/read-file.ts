/**
 * Reads a file for extraction so that what is stored matches what was read: the size and mtime
 * come from the open file, before and after the read, and a file that changes meanwhile is read
 * again (a few times, then given up as "still being written"). Only regular files are opened: a
 * named pipe would block the read until a writer comes, a device might never end.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { SemantikError } from '../../shared/errors';
import { specialKind } from '../scan/walk';

const ATTEMPTS = 3;
const RETRY_DELAY_MS = 250;
const MIB = 1024 * 1024;

/** The bytes with their size and mtime, or what stopped the read. */
export type ReadResult = { kind: 'read'; bytes: Buffer; size: number; mtimeMs: number } | { kind: 'vanished' };

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Read-only, and without waiting for a writer should the path have become a named pipe since it
 * was checked (O_NONBLOCK does not exist on Windows, where there are no such pipes).
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function notRegular(what: string | null): SemantikError {
  return new SemantikError('BAD_INPUT', `no longer a regular file${what ? ` (${what})` : ''}: not read`);
}

/** Reads `path` whole; throws SemantikError BAD_INPUT when too large or not a file, UNAVAILABLE when never stable. */
export async function readStable(path: string, maxBytes: number): Promise<ReadResult> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let handle;
    try {
      // Checked before it is opened: opening a FIFO for reading blocks until a writer opens it.
      const info = await stat(path);
      if (!info.isFile()) throw notRegular(info.isDirectory() ? 'a folder' : specialKind(info));
      handle = await open(path, OPEN_FLAGS);
    } catch (error) {
      if (isGone(error)) return { kind: 'vanished' };
      throw error;
    }
    try {
      const before = await handle.stat();
      if (!before.isFile()) throw notRegular(specialKind(before));
      if (before.size > maxBytes) {
        throw new SemantikError(
          'BAD_INPUT',
          `file too large: ${(before.size / MIB).toFixed(1)} MB (limit ${(maxBytes / MIB).toFixed(0)} MB, SEMANTIK_MAX_FILE_SIZE)`,
        );
      }
      const bytes = await handle.readFile();
      const after = await handle.stat();
      if (after.size === before.size && after.mtimeMs === before.mtimeMs && bytes.length === before.size) {
        return { kind: 'read', bytes, size: after.size, mtimeMs: after.mtimeMs };
      }
    } finally {
      await handle.close();
    }
    await new Promise((done) => setTimeout(done, RETRY_DELAY_MS * attempt));
  }
  // Still being written: a later attempt may read it whole, so this one is worth a retry.
  throw new SemantikError('UNAVAILABLE', `the file kept changing while it was read (${ATTEMPTS} attempts): still being written?`);
}
