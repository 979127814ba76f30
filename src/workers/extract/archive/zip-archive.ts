/**
 * A ZIP-based document opened under the archive limits: the central directory is checked before
 * anything is inflated (archive-limits.ts), and each entry is inflated by node:zlib with its
 * declared size as the output limit, so a directory that lies about sizes is caught at the first
 * byte past the lie instead of after gigabytes. Every reader of a ZIP format takes its parts from
 * here (mammoth and exceljs through the adapters in zip-adapters.ts), never from an unbounded
 * unzipper.
 */
import { inflateRawSync } from 'node:zlib';
import { SemantikError } from '../../../shared/errors';
import { archiveLimitsFor, checkArchiveDirectory, type ArchiveLimits } from './archive-limits';
import { entryDataOffset, readZipDirectory, type ZipEntry } from './zip-directory';

const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED = 0x1;

/** The limits of archives opened in this thread; an extraction thread sets them from its memory limit. */
let threadLimits: ArchiveLimits = archiveLimitsFor(1024 ** 3);

/** Sets the limits of every archive opened from now on in this thread. */
export function setArchiveLimits(limits: ArchiveLimits): void {
  threadLimits = limits;
}

/** An opened archive: its file names and each file's bytes, inflated within bounds on demand. */
export class ZipArchive {
  private readonly entries: Map<string, ZipEntry>;

  private constructor(
    private readonly bytes: Uint8Array,
    entries: readonly ZipEntry[],
    private readonly what: string,
  ) {
    this.entries = new Map(entries.filter((entry) => !entry.name.endsWith('/')).map((entry) => [entry.name, entry]));
  }

  /**
   * Opens `bytes` as a ZIP container of a `what` ("Word document"); a file that is not one, or
   * declares more than the limits allow, fails with a reason that says so.
   */
  static open(bytes: Uint8Array, what: string, limits: ArchiveLimits = threadLimits): ZipArchive {
    let entries: ZipEntry[];
    try {
      entries = readZipDirectory(bytes);
    } catch (cause) {
      throw new SemantikError('BAD_INPUT', `not a valid ${what}: ${(cause as Error).message}`, { cause });
    }
    checkArchiveDirectory(entries, bytes.length, what, limits);
    return new ZipArchive(bytes, entries, what);
  }

  /** File names (folders left out), in directory order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** A file's bytes, or null when there is no such file. */
  bytesOf(name: string): Uint8Array | null {
    const entry = this.entries.get(name);
    return entry ? this.inflate(entry) : null;
  }

  /** A file's text (UTF-8), or null when there is no such file. */
  textOf(name: string): string | null {
    const bytes = this.bytesOf(name);
    return bytes === null ? null : new TextDecoder('utf-8').decode(bytes);
  }

  private inflate(entry: ZipEntry): Uint8Array {
    if (entry.flags & ENCRYPTED) throw this.refuse(entry, 'it is encrypted');
    const start = this.damagedUnless(() => entryDataOffset(this.bytes, entry));
    const raw = this.bytes.subarray(start, start + entry.compressedSize);
    if (entry.method === STORED) {
      if (raw.length !== entry.uncompressedSize) throw this.refuse(entry, 'its stored size disagrees with the directory');
      return raw;
    }
    if (entry.method !== DEFLATED) throw this.refuse(entry, `compression method ${entry.method} is not supported`);
    if (entry.uncompressedSize === 0) return new Uint8Array(0);
    let out: Buffer;
    try {
      // The declared size is the ceiling: zlib stops there instead of growing its output further.
      out = inflateRawSync(raw, { maxOutputLength: entry.uncompressedSize });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new SemantikError(
          'BAD_INPUT',
          `${this.what} refused: ${entry.name} inflates past the ${entry.uncompressedSize} bytes its directory declares (a zip bomb?)`,
        );
      }
      throw this.refuse(entry, `it does not inflate (${(error as Error).message})`);
    }
    if (out.length !== entry.uncompressedSize)
      throw this.refuse(entry, `it inflates to ${out.length} bytes, not the ${entry.uncompressedSize} declared`);
    return out;
  }

  private refuse(entry: ZipEntry, reason: string): SemantikError {
    return new SemantikError('BAD_INPUT', `not a valid ${this.what}: ${entry.name}: ${reason}`);
  }

  private damagedUnless<T>(read: () => T): T {
    try {
      return read();
    } catch (cause) {
      throw new SemantikError('BAD_INPUT', `not a valid ${this.what}: ${(cause as Error).message}`, { cause });
    }
  }
}
