/**
 * The scan job: walk a folder, compare each file with the store (size and mtime, then content
 * hash), queue extract jobs for new and changed files in batches, and drop deleted files.
 */
import type { Job, Queue } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  EXTRACT_JOB_BYTES,
  FIRST_EXTRACT_JOB_FILES,
  MAX_PENDING_EXTRACT_JOBS,
  type ExtractFile,
  type ExtractJobData,
  type ScanJobData,
} from '../../shared/jobs';
import { childLogger } from '../../node/logger';
import { waitForRoom } from '../backpressure';
import { belowAny, changedFiles, type ChangedPathsResult } from '../scan/changed-paths';
import { walkFolders, type WalkedFile, type WalkOptions } from '../scan/walk';
import { pathsUnder, scanSource } from '../job-references';
import { refuse } from '../job-trust';
import type { WorkerContext } from '../worker-context';
import type { Store } from '../../node/store/store';
import type { DocRow } from '../../node/store/store-types';

const PROGRESS_EVERY_MS = 250;
const log = childLogger('scan');

/** SHA-256 of a file's content, streamed: used only when size and mtime disagree with the store. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function batchJobId(runId: number, files: ExtractFile[]): string {
  // Same files in the same run → same id, so a retried scan does not queue a batch twice.
  const digest = createHash('sha1')
    .update(files.map((file) => file.docId).join(','))
    .digest('hex')
    .slice(0, 16);
  return `x-${runId}-${digest}`;
}

/** Processes one scan job. */
export async function processScan(ctx: WorkerContext, job: Job<ScanJobData>): Promise<{ seen: number; queued: number }> {
  const { runId, sourceId } = job.data;
  const store = ctx.store;
  const { root, onlyPaths } = await scanTarget(ctx, job);
  const known = store.documentsOfSource(sourceId);
  const seen = new Set<string>();
  const counts: ScanCounts = { filesSeen: 0, filesQueued: 0, filesUnchanged: 0, filesUnsupported: 0 };
  const batches = new ExtractBatches(ctx, runId, sourceId, counts);
  let lastReport = 0;
  /** Records how far the scan is, at `currentFile`, unless it did less than PROGRESS_EVERY_MS ago. */
  const reportIfDue = async (currentFile: string): Promise<void> => {
    if (Date.now() - lastReport <= PROGRESS_EVERY_MS) return;
    lastReport = Date.now();
    store.updateRunScan(runId, { ...counts, currentFile });
    await job.updateProgress({ ...counts, currentFile: ctx.seal(currentFile) });
  };
  const walkOptions = walkOptionsFor(ctx, job.data, seen, counts);
  // A watcher's run names the paths that changed; any other run walks the whole folder.
  const changed: ChangedPathsResult = { gone: [] };
  const walk = onlyPaths ? oneAtATime(changedFiles(root, onlyPaths, walkOptions, changed)) : walkFolders(root, walkOptions);
  for await (const files of walk) {
    for (const file of files) {
      seen.add(file.path);
      counts.filesSeen += 1;
      const doc = known.get(file.path);
      // Most files of a re-scan are unchanged: they are counted without an await or a clock read.
      if (countUnchanged(doc, file, counts)) continue;
      await compareWithStore(store, doc, file, counts, batches);
      // A folder of new files can wait long on the queue's room: progress goes on within it.
      await reportIfDue(file.path);
    }
    const last = files.at(-1);
    if (last) await reportIfDue(last.path);
  }
  await batches.flush();
  // After a whole walk, whatever it did not see is gone; after a paths scan, only the paths it
  // found gone (and what was below them).
  const wasGone = onlyPaths ? belowAny(changed.gone) : () => true;
  const deleted = [...known.entries()].filter(([path]) => !seen.has(path) && wasGone(path)).map(([, doc]) => doc.id);
  if (deleted.length > 0) store.deleteDocuments(deleted);
  store.updateRunScan(runId, { ...counts, filesDeleted: deleted.length, currentFile: null });
  store.finishScan(runId);
  await job.updateProgress({ ...counts, filesDeleted: deleted.length, done: true });
  return { seen: counts.filesSeen, queued: counts.filesQueued };
}

/** The folder to scan and, for a watcher's run, the changed paths under it; a job naming anything else is refused. */
async function scanTarget(ctx: WorkerContext, job: Job<ScanJobData>): Promise<{ root: string; onlyPaths: string[] | null }> {
  const { runId, sourceId } = job.data;
  // The folder comes from the store, never from the job: refused before anything is read.
  const source = scanSource(ctx.store, runId, sourceId);
  if (!source.ok) throw refuse('scan', job, source.reason);
  const root = source.value.path;
  let onlyPaths: string[] | null = null;
  if (job.data.paths !== undefined) {
    const paths = pathsUnder(source.value, ctx.unseal(job.data.paths));
    if (!paths.ok) throw refuse('scan', job, paths.reason);
    onlyPaths = paths.value;
  }
  try {
    if (!(await stat(root)).isDirectory()) throw new Error('not a folder');
  } catch (error) {
    const reason = `cannot index ${root}: ${(error as Error).message}`;
    ctx.store.failRun(runId, reason);
    throw new UnrecoverableError(reason);
  }
  return { root, onlyPaths };
}

/** The files a scan has seen, queued, found unchanged and found unsupported so far. */
interface ScanCounts {
  filesSeen: number;
  filesQueued: number;
  filesUnchanged: number;
  filesUnsupported: number;
}

/** The walk's settings; what it cannot read or leaves out is recorded in the run and counted as seen. */
function walkOptionsFor(ctx: WorkerContext, { runId, sourceId }: ScanJobData, seen: Set<string>, counts: ScanCounts): WalkOptions {
  const store = ctx.store;
  return {
    ignorePatterns: ctx.config.ignorePatterns,
    includeHidden: ctx.config.includeHidden,
    followSymlinks: ctx.config.followSymlinks,
    onProblem: (problem) => {
      // Recorded in the run beside the other failures (or, for what is left out on purpose, the skipped files).
      log.warn(problem, 'skipped during scan');
      const docId = store.upsertPendingDocument({ sourceId, path: problem.path, size: 0, mtimeMs: 0, runId });
      if (docId !== null) store.markDocument(docId, problem.skipped ? 'unsupported' : 'failed', problem.reason, runId);
      seen.add(problem.path);
      counts.filesSeen += 1;
    },
  };
}

/** Each file of a walk as a list of one. */
async function* oneAtATime(files: AsyncIterable<WalkedFile>): AsyncGenerator<WalkedFile[]> {
  for await (const file of files) yield [file];
}

/** Counts a file whose size and mtime the store has, indexed or unsupported; false for any other. */
function countUnchanged(doc: DocRow | undefined, file: WalkedFile, counts: ScanCounts): boolean {
  if (doc === undefined || doc.size !== file.size || doc.mtimeMs !== file.mtimeMs) return false;
  if (doc.state === 'indexed') counts.filesUnchanged += 1;
  else if (doc.state === 'unsupported') counts.filesUnsupported += 1;
  else return false;
  return true;
}

/** Counts a walked file as unchanged when only its mtime moved, else adds it to the extract batches. */
async function compareWithStore(
  store: Store,
  doc: DocRow | undefined,
  file: WalkedFile,
  counts: ScanCounts,
  batches: ExtractBatches,
): Promise<void> {
  if (
    doc &&
    doc.state === 'indexed' &&
    doc.size === file.size &&
    doc.hash !== null &&
    (await hashFile(file.path).catch(() => null)) === doc.hash
  ) {
    // Touched but not changed (a copy, a checkout): record the new mtime, embed nothing.
    store.touchUnchanged(doc.id, file.size, file.mtimeMs);
    counts.filesUnchanged += 1;
  } else {
    await batches.add(file);
  }
}

/**
 * New and changed files on their way to extract jobs. They wait to be recorded as pending in one
 * transaction per batch (a write each costs more than the walk itself), then go out in jobs of
 * document ids.
 */
class ExtractBatches {
  private readonly extractQueue: Queue;
  private found: WalkedFile[] = [];
  private batch: ExtractFile[] = [];
  /** Bytes of the files found since the last flush. */
  private bytes = 0;
  /** Jobs queued so far. */
  private sent = 0;

  constructor(
    private readonly ctx: WorkerContext,
    private readonly runId: number,
    private readonly sourceId: number,
    private readonly counts: ScanCounts,
  ) {
    this.extractQueue = ctx.queue('extract');
  }

  /** Adds a new or changed file; a full batch (by count or by bytes) is queued. */
  async add(file: WalkedFile): Promise<void> {
    this.found.push(file);
    this.bytes += file.size;
    if (this.found.length + this.batch.length >= this.batchFiles() || this.bytes >= EXTRACT_JOB_BYTES) await this.flush();
  }

  /** Files in the next job: doubling from FIRST_EXTRACT_JOB_FILES to the configured most. */
  private batchFiles(): number {
    const most = this.ctx.config.extractBatchFiles;
    return Math.min(most, FIRST_EXTRACT_JOB_FILES * 2 ** Math.min(this.sent, 16));
  }

  /** Records the files found as pending and queues the batch, if it holds any. */
  async flush(): Promise<void> {
    this.record();
    this.bytes = 0;
    if (this.batch.length === 0) return;
    await waitForRoom(this.extractQueue, MAX_PENDING_EXTRACT_JOBS);
    // Document ids only: the extract worker takes their paths from the store.
    const data: ExtractJobData = { runId: this.runId, files: this.batch };
    await this.ctx.addSigned('extract', 'extract', data, { jobId: batchJobId(this.runId, this.batch) });
    this.batch = [];
    this.sent += 1;
  }

  private record(): void {
    const { store } = this.ctx;
    const { sourceId, runId, counts } = this;
    const ids = store.transaction(() =>
      this.found.map((file) => store.upsertPendingDocument({ sourceId, path: file.path, size: file.size, mtimeMs: file.mtimeMs, runId })),
    );
    for (const [i, docId] of ids.entries()) {
      const file = this.found[i]!;
      if (docId === null) {
        // Finished since the store was read at the scan's start (a retried scan): nothing to do.
        counts.filesUnchanged += 1;
        continue;
      }
      this.batch.push({ docId, size: file.size, mtimeMs: file.mtimeMs });
      counts.filesQueued += 1;
    }
    this.found = [];
  }
}
