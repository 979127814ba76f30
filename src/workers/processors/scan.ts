/**
 * The scan job: walk a folder, compare each file with the store (size and mtime, then content
 * hash), queue extract jobs for new and changed files in batches, and drop deleted files.
 */
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  FILES_PER_EXTRACT_JOB,
  MAX_PENDING_EXTRACT_JOBS,
  type ExtractFile,
  type ExtractJobData,
  type ScanJobData,
} from '../../shared/jobs';
import { childLogger } from '../../node/logger';
import { waitForRoom } from '../backpressure';
import { belowAny, changedFiles, type ChangedPathsResult } from '../scan/changed-paths';
import { walkFiles, type WalkedFile, type WalkOptions } from '../scan/walk';
import { pathsUnder, scanSource } from '../job-references';
import { refuse } from '../job-trust';
import type { WorkerContext } from '../worker-context';

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
  // The folder comes from the store, never from the job: refused before anything is read.
  const source = scanSource(store, runId, sourceId);
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
    store.failRun(runId, reason);
    throw new UnrecoverableError(reason);
  }
  const known = store.documentsOfSource(sourceId);
  const seen = new Set<string>();
  const counts = { filesSeen: 0, filesQueued: 0, filesUnchanged: 0, filesUnsupported: 0 };
  const extractQueue = ctx.queue('extract');
  let batch: ExtractFile[] = [];
  let lastReport = 0;

  // New and changed files wait here to be recorded as pending in one transaction per batch (a
  // write each costs more than the walk itself).
  let found: WalkedFile[] = [];
  const record = (): void => {
    const ids = store.transaction(() =>
      found.map((file) => store.upsertPendingDocument({ sourceId, path: file.path, size: file.size, mtimeMs: file.mtimeMs, runId })),
    );
    for (const [i, docId] of ids.entries()) {
      const file = found[i]!;
      if (docId === null) {
        // Finished since `known` was read (a retried scan): nothing to do.
        counts.filesUnchanged += 1;
        continue;
      }
      batch.push({ docId, size: file.size, mtimeMs: file.mtimeMs });
      counts.filesQueued += 1;
    }
    found = [];
  };

  const flush = async (): Promise<void> => {
    record();
    if (batch.length === 0) return;
    await waitForRoom(extractQueue, MAX_PENDING_EXTRACT_JOBS);
    // Document ids only: the extract worker takes their paths from the store.
    const data: ExtractJobData = { runId, files: batch };
    await ctx.addSigned('extract', 'extract', data, { jobId: batchJobId(runId, batch) });
    batch = [];
  };

  const walkOptions: WalkOptions = {
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
  // A watcher's run names the paths that changed; any other run walks the whole folder.
  const changed: ChangedPathsResult = { gone: [] };
  const walk = onlyPaths ? changedFiles(root, onlyPaths, walkOptions, changed) : walkFiles(root, walkOptions);
  for await (const file of walk) {
    seen.add(file.path);
    counts.filesSeen += 1;
    const doc = known.get(file.path);
    const sameStat = doc !== undefined && doc.size === file.size && doc.mtimeMs === file.mtimeMs;
    if (doc && sameStat && doc.state === 'indexed') {
      counts.filesUnchanged += 1;
    } else if (doc && sameStat && doc.state === 'unsupported') {
      counts.filesUnsupported += 1;
    } else if (
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
      found.push(file);
      if (found.length + batch.length >= FILES_PER_EXTRACT_JOB) await flush();
    }
    if (Date.now() - lastReport > PROGRESS_EVERY_MS) {
      lastReport = Date.now();
      store.updateRunScan(runId, { ...counts, currentFile: file.path });
      await job.updateProgress({ ...counts, currentFile: ctx.seal(file.path) });
    }
  }
  await flush();
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
