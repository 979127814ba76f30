/**
 * Log output to stderr, when there is one.
 *
 * A packaged GUI app (on Windows especially) may start with no valid fd 2: writing to it throws
 * EBADF. A terminal or pipe can also go away later (EPIPE when the reader exits). Neither may crash
 * the app or stop the log file, so stderr is probed once at start and dropped on such an error.
 */
import { fstatSync, writeSync } from 'node:fs';

/** Writes bytes to a descriptor, as `fs.writeSync` does; replaceable in tests. */
export type FdWrite = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

/** How long a full pipe is waited for before a line is given up (the reader may be stuck). */
const FULL_PIPE_WAIT_MS = 1_000;
const FULL_PIPE_STEP_MS = 10;

/** Whether fd 2 can be written to; `probe` throws when it cannot (EBADF: no such descriptor). */
export function stderrUsable(probe: () => unknown = () => fstatSync(2)): boolean {
  try {
    probe();
    return true;
  } catch {
    // The probe's error is the answer: there is no stderr, and nothing to report it on.
    return false;
  }
}

/**
 * Writes `text` whole to `fd`: `'written'`, `'dropped'` (the pipe stayed full too long) or `'gone'`
 * (the descriptor fails otherwise, e.g. EPIPE or EBADF: do not write to it again).
 */
export function writeWhole(fd: number, text: string, write: FdWrite = writeSync): 'written' | 'dropped' | 'gone' {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  let waited = 0;
  while (written < bytes.length) {
    try {
      written += write(fd, bytes, written, bytes.length - written);
    } catch (error) {
      // A non-blocking pipe that is full says EAGAIN: the reader is slow, not gone.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return 'gone';
      if (waited >= FULL_PIPE_WAIT_MS) return 'dropped';
      sleepSync(FULL_PIPE_STEP_MS);
      waited += FULL_PIPE_STEP_MS;
    }
  }
  return 'written';
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
