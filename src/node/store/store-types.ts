/**
 * Row shapes the store returns and accepts. Timestamps are milliseconds since the epoch.
 */

/** A folder the user added. */
export interface SourceRow {
  id: number;
  path: string;
  addedAt: number;
  removed: boolean;
}

/** One indexing run of a source, with the scan's counters. */
export interface RunRow {
  id: number;
  sourceId: number;
  startedAt: number;
  finishedAt: number | null;
  scanDone: boolean;
  filesSeen: number;
  filesQueued: number;
  filesUnchanged: number;
  filesUnsupported: number;
  filesDeleted: number;
  currentFile: string | null;
  error: string | null;
}

/** The scan's counters; each given value replaces the stored one (a retried scan starts over). */
export interface RunScanUpdate {
  filesSeen?: number;
  filesQueued?: number;
  filesUnchanged?: number;
  filesUnsupported?: number;
  filesDeleted?: number;
  currentFile?: string | null;
}

export type DocState = 'pending' | 'indexed' | 'failed' | 'unsupported';

/** What the scan compares a file with: `documentsOfSource` maps path to this. */
export interface DocRow {
  id: number;
  size: number;
  mtimeMs: number;
  hash: string | null;
  state: DocState;
}

/** A whole document row. */
export interface DocumentRow extends DocRow {
  sourceId: number;
  path: string;
  error: string | null;
  runId: number | null;
  generation: number;
  chunkCount: number;
  embeddedCount: number;
  indexedAt: number | null;
  updatedAt: number;
}

/** A file the scan found new or changed. */
export interface PendingDocumentInput {
  sourceId: number;
  path: string;
  size: number;
  mtimeMs: number;
  runId: number;
}

/** One chunk as the extractor produces it. */
export interface ChunkInput {
  text: string;
  lineStart: number | null;
  lineEnd: number | null;
  heading?: string | null;
  /** PDF page, 1-based. */
  page?: number | null;
}

/** Size and mtime of the bytes extract read (they may differ from what the scan saw). */
export interface ReadStat {
  size: number;
  mtimeMs: number;
}

/** A registered embedding model and its vector table. */
export interface ModelRow {
  id: string;
  name: string;
  dims: number;
  createdAt: number;
}

/** A search result before snippeting: the chunk, its file and a score (higher is better). */
export interface ChunkHit {
  chunkId: number;
  docId: number;
  path: string;
  idx: number;
  text: string;
  lineStart: number | null;
  lineEnd: number | null;
  heading: string | null;
  page: number | null;
  score: number;
}

/** Totals over the whole index. */
export interface StoreCounts {
  documents: number;
  chunks: number;
  embedded: number;
  failed: number;
}
