/**
 * The Store: one SQLite connection and every operation on the index, synchronous (better-sqlite3).
 *
 * Each method delegates to the module of its domain; this class only binds them to a connection
 * and its statement cache. Create one with openStore (open-store.ts).
 */
import type { ChunkRef } from '../../shared/jobs';
import { SemantikError } from '../../shared/errors';
import type { DocumentPreview, FolderInfo, RunProgress } from '../../shared/monitor-types';
import type { ResolvedSearchFilters } from '../../shared/search-filters';
import { replaceChunks, replaceChunksOfMany, type ChunkReplacement, type ReplacedChunks } from './chunks';
import type { StoreContext } from './db-context';
import * as documents from './documents';
import { JobHistory } from './job-history';
import { ModelSelection } from './model-selection';
import { duplicateChunkCount, orphanVectorCount, staleChunkCount } from './integrity';
import { documentPreview, type PreviewPlace } from './preview';
import * as runs from './runs';
import { clampK, searchKeyword, searchVectors, searchVectorsExact, type KeywordOptions, type VectorSearchOptions } from './search';
import { browseChunks } from './search-browse';
import { makeSnippet, type Snippet } from './snippet';
import * as sources from './sources';
import type * as T from './store-types';
import { changeMark, counts, failures, folderSummaries, problemsOfSource } from './summaries';
import { closePrefilters } from './vector-prefilter';
import { ensureModel, listModels, writeVectors, type WriteVectorsResult } from './vectors';

/** An open index. Not shared between threads: each process (or worker thread) opens its own. */
export class Store {
  private historyHandle: JobHistory | null = null;

  /** Use openStore: it sets the pragmas and runs the migrations this class relies on. */
  constructor(
    private readonly ctx: StoreContext,
    /** The database file. */
    readonly path: string,
    /** Opened read-only: every write throws. */
    readonly readonly: boolean,
  ) {}

  /** Closes the connection; later calls are no-ops. */
  close(): void {
    closePrefilters(this.ctx);
    if (this.ctx.db.open) this.ctx.db.close();
  }

  /** The job history (the `jobs` tables) on this connection. */
  history(): JobHistory {
    this.historyHandle ??= new JobHistory(this.ctx);
    return this.historyHandle;
  }

  /** The active and pending embedding models on this connection (blue/green switches). */
  modelSelection(): ModelSelection {
    return new ModelSelection(this.ctx);
  }

  /** Runs `fn` in one immediate write transaction, e.g. to upsert a scan's batch of files at once. */
  transaction<R>(fn: () => R): R {
    return this.ctx.write(fn);
  }

  /** Proves a write can be made (then rolls it back); throws SemantikError 'STORE' with the reason. */
  checkWritable(): void {
    const db = this.ctx.db;
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        db.prepare("INSERT INTO sources (path, added_at, removed) VALUES ('semantik:doctor-probe', 0, 1)").run();
      } finally {
        if (db.inTransaction) db.exec('ROLLBACK');
      }
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new SemantikError('STORE', `The index at ${this.path} is not writable: ${reason}`, { cause });
    }
  }

  /** Adds a folder (idempotent; revives a removed one). */
  addSource(path: string): T.SourceRow {
    return sources.addSource(this.ctx, path);
  }
  /** The folders, oldest first; removed ones only when asked. */
  listSources(includeRemoved = false): T.SourceRow[] {
    return sources.listSources(this.ctx, includeRemoved);
  }
  /** One folder, or null. */
  getSource(id: number): T.SourceRow | null {
    return sources.getSource(this.ctx, id);
  }
  /** Removes a folder with its documents, chunks and vectors; false if unknown or already removed. */
  removeSource(id: number): boolean {
    return sources.removeSource(this.ctx, id);
  }

  /** Starts a run of a folder; returns its id. */
  createRun(sourceId: number): number {
    return runs.createRun(this.ctx, sourceId);
  }
  /** Sets the given scan counters (absolute values). */
  updateRunScan(runId: number, update: T.RunScanUpdate): void {
    runs.updateRunScan(this.ctx, runId, update);
  }
  /** Records that the scan has queued everything. */
  finishScan(runId: number): void {
    runs.finishScan(this.ctx, runId);
  }
  /** Ends a run, with its error if it failed. */
  finishRun(runId: number, error: string | null = null): void {
    runs.finishRun(this.ctx, runId, error);
  }
  /** Ends a run as failed with the reason (the scan could not start, or the run was cancelled). */
  failRun(runId: number, reason: string): void {
    runs.finishRun(this.ctx, runId, reason);
  }
  /** One run, or null. */
  getRun(runId: number): T.RunRow | null {
    return runs.getRun(this.ctx, runId);
  }
  /** A folder's newest run, or null. */
  latestRun(sourceId: number): T.RunRow | null {
    return runs.latestRun(this.ctx, sourceId);
  }
  /** A run's progress (rate and ETA null: the caller measures them); throws NOT_FOUND. */
  runProgress(runId: number): RunProgress {
    return runs.runProgress(this.ctx, runId);
  }
  /** True when the scan is done and none of the run's documents is pending. */
  isRunComplete(runId: number): boolean {
    return runs.isRunComplete(this.ctx, runId);
  }

  /** Path to {id, size, mtimeMs, hash, state} of each document of a folder. */
  documentsOfSource(sourceId: number): Map<string, T.DocRow> {
    return documents.documentsOfSource(this.ctx, sourceId);
  }
  /** Records a new or changed file as pending; returns its id (kept across changes). */
  upsertPendingDocument(input: T.PendingDocumentInput): number | null {
    return documents.upsertPendingDocument(this.ctx, input);
  }
  /** Records a file whose size or mtime moved but whose content did not. */
  touchUnchanged(docId: number, size: number, mtimeMs: number): void {
    documents.touchUnchanged(this.ctx, docId, size, mtimeMs);
  }
  /** Deletes documents with their chunks, FTS rows and vectors; returns how many went. */
  deleteDocuments(docIds: readonly number[]): number {
    return documents.deleteDocuments(this.ctx, docIds);
  }
  /** Marks a document failed (keeps its chunks) or unsupported (drops them); false if it is gone. */
  markDocument(docId: number, state: 'failed' | 'unsupported', error: string, runId: number): boolean {
    return documents.markDocument(this.ctx, docId, state, error, runId);
  }
  /** True if `path` is a document of a folder that is not removed (guards opening files). */
  isIndexedPath(path: string): boolean {
    return documents.isIndexedPath(this.ctx, path);
  }
  /** The stored chunks around a line or page of an indexed document; throws NOT_FOUND (see preview.ts). */
  documentPreview(path: string, place: PreviewPlace): DocumentPreview {
    return documentPreview(this.ctx, path, place);
  }
  /** One document, or null. */
  getDocument(id: number): T.DocumentRow | null {
    return documents.getDocument(this.ctx, id);
  }

  /** Replaces a document's chunks in one transaction and bumps its generation; throws NOT_FOUND. */
  replaceChunks(docId: number, hash: string, chunks: readonly T.ChunkInput[], read?: T.ReadStat): ReplacedChunks {
    return replaceChunks(this.ctx, docId, hash, chunks, read);
  }

  /** Replaces the chunks of several documents in one transaction; null for a document deleted meanwhile. */
  replaceChunksOfMany(items: readonly ChunkReplacement[]): Array<ReplacedChunks | null> {
    return replaceChunksOfMany(this.ctx, items);
  }

  /** Registers a model and creates its vector table if new; returns the table name. */
  registerModel(modelId: string, dims: number, name?: string): string {
    return ensureModel(this.ctx, modelId, dims, name);
  }
  /** The registered models. */
  listModels(): T.ModelRow[] {
    return listModels(this.ctx);
  }
  /** Writes an ingest batch's vectors for current chunks only, in one transaction (idempotent). */
  writeVectors(modelId: string, dims: number, refs: readonly ChunkRef[], vectors: Float32Array): WriteVectorsResult {
    return writeVectors(this.ctx, modelId, dims, refs, vectors);
  }

  /** The k nearest chunks to a unit query vector, score = cosine similarity. */
  searchVectors(
    modelId: string,
    query: Float32Array,
    k: number,
    filters?: ResolvedSearchFilters,
    options?: VectorSearchOptions,
  ): T.ChunkHit[] {
    return searchVectors(this.ctx, modelId, query, k, filters, options);
  }
  /** The k nearest chunks by a full scan of every vector (what searchVectors approximates on large stores). */
  searchVectorsExact(modelId: string, query: Float32Array, k: number): T.ChunkHit[] {
    return searchVectorsExact(this.ctx, modelId, query, clampK(k));
  }
  /** The k best keyword matches (FTS5 bm25), score = -bm25. */
  searchKeyword(query: string, k: number, options?: KeywordOptions): T.ChunkHit[] {
    return searchKeyword(this.ctx, query, k, options);
  }
  /** The first k chunks passing the filters, newest file first (a search with filters only). */
  browseChunks(filters: ResolvedSearchFilters, k: number): T.ChunkHit[] {
    return browseChunks(this.ctx, filters, k);
  }

  /** A ~240-character window of `text` around the query's terms, with highlight ranges (pure). */
  makeSnippet(text: string, query: string): Snippet {
    return makeSnippet(text, query);
  }

  /** Every folder with counts, state and latest run progress. */
  folderSummaries(): FolderInfo[] {
    return folderSummaries(this.ctx);
  }
  /** Moves whenever the store may have changed (any connection's commit); see summaries.ts. */
  changeMark(): string {
    return changeMark(this.ctx);
  }
  /** Totals over the index. */
  counts(): T.StoreCounts {
    return counts(this.ctx);
  }
  /** Failed documents with reasons, of one run or all. */
  failures(runId?: number, limit?: number): Array<{ path: string; reason: string }> {
    return failures(this.ctx, runId, limit);
  }

  /** A folder's failed and unsupported files with their reasons. */
  problemsOfSource(sourceId: number, limit?: number): Array<{ path: string; reason: string; state: 'failed' | 'unsupported' }> {
    return problemsOfSource(this.ctx, sourceId, limit);
  }

  /** Files skipped as unsupported (binary, unknown format), with the reason, newest run first. */
  unsupportedFiles(runId?: number, limit?: number): Array<{ path: string; reason: string }> {
    return failures(this.ctx, runId, limit, 'unsupported');
  }
  /** Duplicate chunk or document rows: must be 0. */
  duplicateChunkCount(): number {
    return duplicateChunkCount(this.ctx);
  }
  /** Chunks of an older generation than their document: must be 0. */
  staleChunkCount(): number {
    return staleChunkCount(this.ctx);
  }
  /** Vectors whose chunk is gone: must be 0 (scans every vector table). */
  orphanVectorCount(): number {
    return orphanVectorCount(this.ctx);
  }
}
