/**
 * The app's log file: `<data folder>/logs/semantik.log`, rotated by size, so that a packaged app
 * (which may have no terminal at all) keeps a log its user can send.
 *
 * Writes are synchronous, as the logger's are: a line logged just before an exit is on disk. When
 * a line would take the file past its size, the files shift (`semantik.log` becomes `semantik.1.log`,
 * … , the oldest is deleted) and a fresh `semantik.log` begins. The folder is 0700 and the files 0600,
 * like the rest of the data folder: log lines name indexed paths.
 */
import { chmodSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The logs folder's name inside the data folder. */
export const LOGS_FOLDER = 'logs';
/** Size of one log file before it is rotated. */
export const LOG_FILE_MAX_BYTES = 5 * 1024 * 1024;
/** Files kept: the current one and the rotated ones before it. */
export const LOG_FILES_KEPT = 5;
const LOG_FOLDER_MODE = 0o700;
const LOG_FILE_MODE = 0o600;

/** Where the logs of the app using `dataDir` are kept. */
export function logsDirOf(dataDir: string): string {
  return join(dataDir, LOGS_FOLDER);
}

export interface RotatingLogFileOptions {
  /** The folder of the files; made (0700) when missing. */
  dir: string;
  /**
   * The files' base name: `<name>.log`, `<name>.1.log`, …
   *
   * @defaultValue `'semantik'`
   */
  name?: string;
  /**
   * Size at which the current file is rotated.
   *
   * @defaultValue {@link LOG_FILE_MAX_BYTES}
   */
  maxBytes?: number;
  /**
   * Files kept in all, the current one included (at least 1).
   *
   * @defaultValue {@link LOG_FILES_KEPT}
   */
  maxFiles?: number;
}

/** A synchronous, size-rotated log file; usable as a pino destination (`write` takes one line). */
export class RotatingLogFile {
  readonly dir: string;
  readonly path: string;
  private readonly name: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private fd: number | null = null;
  private size = 0;

  constructor(options: RotatingLogFileOptions) {
    this.dir = options.dir;
    this.name = options.name ?? 'semantik';
    this.maxBytes = options.maxBytes ?? LOG_FILE_MAX_BYTES;
    this.maxFiles = Math.max(1, options.maxFiles ?? LOG_FILES_KEPT);
    this.path = this.fileAt(0);
    mkdirSync(this.dir, { recursive: true, mode: LOG_FOLDER_MODE });
    // mkdir leaves an existing folder's mode alone; Windows keeps its ACLs, which chmod cannot express.
    if (process.platform !== 'win32') chmodSync(this.dir, LOG_FOLDER_MODE);
    this.open();
  }

  /** Appends `line`, rotating first when it would take the file past its size. Throws what the file system throws. */
  write(line: string): void {
    const bytes = Buffer.from(line, 'utf8');
    // A line longer than a whole file still gets written, alone in its file.
    if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
    const fd = this.fd ?? this.open();
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    this.size += bytes.length;
  }

  /** Closes the current file; a later write opens it again. */
  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    closeSync(fd);
  }

  /** `<name>.log` for 0, `<name>.<index>.log` for the rotated ones. */
  fileAt(index: number): string {
    return join(this.dir, index === 0 ? `${this.name}.log` : `${this.name}.${index}.log`);
  }

  private open(): number {
    const fd = openSync(this.path, 'a', LOG_FILE_MODE);
    // The mode applies only to a new file: an existing one made with a looser mode is tightened.
    if (process.platform !== 'win32' && (fstatSync(fd).mode & 0o777) !== LOG_FILE_MODE) chmodSync(this.path, LOG_FILE_MODE);
    this.fd = fd;
    this.size = fstatSync(fd).size;
    return fd;
  }

  private rotate(): void {
    // Closed before renaming: Windows cannot rename a file that is open.
    this.close();
    rmSync(this.fileAt(this.maxFiles - 1), { force: true });
    for (let index = this.maxFiles - 2; index >= 0; index -= 1) {
      const from = this.fileAt(index);
      if (existsSync(from)) renameSync(from, this.fileAt(index + 1));
    }
    this.open();
  }
}
