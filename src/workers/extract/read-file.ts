/**
 * Reads a file for extraction so that what is stored matches what was read: the size and mtime
 * come from the open file, before and after the read, and a file that changes meanwhile is read
 * again (a few times, then given up as "still being written"). Only regular files are opened: a
 * named pipe would block the read until a writer comes, a device might never end.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
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

/** Throws unless the path, checked before it is opened, is a regular file. */
function checkPath(info: Stats): void {
  // Opening a FIFO for reading blocks until a writer opens it.
  if (!info.isFile()) throw notRegular(info.isDirectory() ? 'a folder' : specialKind(info));
}

/** Throws unless the open file is a regular file within the size limit. */
function checkOpened(before: Stats, maxBytes: number): void {
  if (!before.isFile()) throw notRegular(specialKind(before));
  if (before.size > maxBytes) {
    throw new SemantikError(
      'BAD_INPUT',
      `file too large: ${(before.size / MIB).toFixed(1)} MB (limit ${(maxBytes / MIB).toFixed(0)} MB, SEMANTIK_MAX_FILE_SIZE)`,
    );
  }
}

/** The bytes, if the file stayed as it was before the read; `changed` otherwise. */
function stableRead(bytes: Buffer, before: Stats, after: Stats): Attempt {
  if (bytes.length === before.size && after.size === before.size && after.mtimeMs === before.mtimeMs) {
    return { kind: 'read', bytes, size: after.size, mtimeMs: after.mtimeMs };
  }
  return { kind: 'changed' };
}

/**
 * Files up to this size are read with synchronous calls. Reading a file takes five or six calls;
 * in their promise form each waits a thread-pool round trip, ten to thirty times what a call on a
 * cached small file takes, and most documents are small. A larger file is read with promises, so
 * that a slow disk or network share does not hold the worker's other jobs for long.
 */
const SYNC_READ_MAX_BYTES = 1 * MIB;

/** One attempt: the bytes, gone, or `changed` while read. */
type Attempt = ReadResult | { kind: 'changed' };

/** An attempt with synchronous calls; null when the file is larger than SYNC_READ_MAX_BYTES. */
function attemptSync(path: string, maxBytes: number): Attempt | null {
  let fd: number;
  try {
    const info = statSync(path);
    checkPath(info);
    if (info.size > SYNC_READ_MAX_BYTES) return null;
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    if (isGone(error)) return { kind: 'vanished' };
    throw error;
  }
  try {
    const before = fstatSync(fd);
    checkOpened(before, maxBytes);
    // Grown since the check: read with promises like any large file.
    if (before.size > SYNC_READ_MAX_BYTES) return null;
    // Not from Buffer's shared pool: the bytes are handed on whole.
    const bytes = Buffer.allocUnsafeSlow(before.size);
    let read = 0;
    while (read < before.size) {
      const got = readSync(fd, bytes, read, before.size - read, null);
      if (got === 0) break;
      read += got;
    }
    return stableRead(bytes.subarray(0, read), before, fstatSync(fd));
  } finally {
    closeSync(fd);
  }
}

/** An attempt with promises, for files of any size. */
async function attemptAsync(path: string, maxBytes: number): Promise<Attempt> {
  let handle;
  try {
    checkPath(await stat(path));
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    if (isGone(error)) return { kind: 'vanished' };
    throw error;
  }
  try {
    const before = await handle.stat();
    checkOpened(before, maxBytes);
    const bytes = await handle.readFile();
    return stableRead(bytes, before, await handle.stat());
  } finally {
    await handle.close();
  }
}

/** Reads `path` whole; throws SemantikError BAD_INPUT when too large or not a file, UNAVAILABLE when never stable. */
export async function readStable(path: string, maxBytes: number): Promise<ReadResult> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const result = attemptSync(path, maxBytes) ?? (await attemptAsync(path, maxBytes));
    if (result.kind !== 'changed') return result;
    await new Promise((done) => setTimeout(done, RETRY_DELAY_MS * attempt));
  }
  // Still being written: a later attempt may read it whole, so this one is worth a retry.
  throw new SemantikError('UNAVAILABLE', `the file kept changing while it was read (${ATTEMPTS} attempts): still being written?`);
}
