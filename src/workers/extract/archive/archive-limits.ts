/**
 * Limits on what a ZIP-based document (DOCX, XLSX, PPTX, ODT/ODS/ODP, EPUB, and such files
 * attached to e-mail) may inflate to, checked on its central directory before anything is
 * inflated. The declared sizes are then enforced while inflating (zip-archive.ts): an entry that
 * inflates past its declared size is refused, so the declared total is a true bound.
 */
import { SemantikError } from '../../../shared/errors';
import type { ZipEntry } from './zip-directory';

/** What an archive may hold. */
export interface ArchiveLimits {
  /** Sum of the entries' uncompressed sizes. @defaultValue half the extraction memory limit */
  maxTotalBytes: number;
  /** Uncompressed size over compressed size, of an entry or of the whole archive. @defaultValue 200 */
  maxRatio: number;
  /**
   * Entries (or archives) smaller than this uncompressed are not held to `maxRatio`: a small
   * file of repeated text compresses well and harms nobody. @defaultValue 1 MiB
   */
  ratioFloorBytes: number;
  /** Entries in the central directory. @defaultValue 20,000 */
  maxEntries: number;
}

const MIB = 1024 * 1024;
/**
 * Text XML compresses 5 to 30 times, very repetitive sheets up to about 100; DEFLATE's ceiling is
 * about 1,030 (a run of one byte), which is what a zip bomb is made of.
 */
const MAX_RATIO = 200;
const MAX_ENTRIES = 20_000;

/** The limits for an extraction thread whose memory limit is `memoryBytes` (SEMANTIK_EXTRACT_MEMORY). */
export function archiveLimitsFor(memoryBytes: number): ArchiveLimits {
  // The parsers hold the inflated XML and their own tree of it: half the limit for the XML leaves
  // room for the rest.
  return { maxTotalBytes: Math.floor(memoryBytes / 2), maxRatio: MAX_RATIO, ratioFloorBytes: MIB, maxEntries: MAX_ENTRIES };
}

function megabytes(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MB`;
}

function refused(what: string, reason: string): SemantikError {
  return new SemantikError('BAD_INPUT', `${what} refused: ${reason} (a zip bomb?)`);
}

/**
 * Throws a SemantikError naming the broken limit when the directory of an archive of
 * `archiveBytes` bytes (a `what`: "Word document") declares too much. Pure: tested on its own.
 */
export function checkArchiveDirectory(entries: readonly ZipEntry[], archiveBytes: number, what: string, limits: ArchiveLimits): void {
  if (entries.length > limits.maxEntries) {
    throw refused(what, `${entries.length} entries (limit ${limits.maxEntries})`);
  }
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (entry.uncompressedSize >= limits.ratioFloorBytes && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
      const ratio = Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize));
      throw refused(
        what,
        `${entry.name} would inflate ${ratio} times (${megabytes(entry.compressedSize)} to ${megabytes(entry.uncompressedSize)}; limit ${limits.maxRatio} times)`,
      );
    }
  }
  if (total > limits.maxTotalBytes) {
    throw refused(
      what,
      `its content would inflate to ${megabytes(total)} (limit ${megabytes(limits.maxTotalBytes)}, half of SEMANTIK_EXTRACT_MEMORY)`,
    );
  }
  if (total >= limits.ratioFloorBytes && total > limits.maxRatio * Math.max(1, archiveBytes)) {
    throw refused(
      what,
      `it would inflate ${Math.round(total / Math.max(1, archiveBytes))} times (${megabytes(archiveBytes)} to ${megabytes(total)}; limit ${limits.maxRatio} times)`,
    );
  }
}
