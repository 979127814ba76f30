/**
 * `semantik index <folder>...`: index folders and wait until every file is done.
 */
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { RunProgress } from '../../shared/monitor-types';
import { startIndexRun } from '../engine/index-runs';
import { cliConfig, connectOrStart } from './connect';
import { printResult, reportError, say } from './output';

const POLL_MS = 200;

export interface IndexSummary {
  files: number;
  indexed: number;
  skipped: number;
  unchanged: number;
  unsupported: number;
  deleted: number;
  failed: number;
  chunks: number;
  seconds: number;
  failures: Array<{ path: string; reason: string }>;
  /** Files skipped because their content is not something the app reads (binary, unknown format). */
  unsupportedFiles: Array<{ path: string; reason: string }>;
}

function summarize(
  runs: RunProgress[],
  failures: IndexSummary['failures'],
  unsupportedFiles: IndexSummary['unsupportedFiles'],
  seconds: number,
): IndexSummary {
  const sum = (pick: (run: RunProgress) => number): number => runs.reduce((total, run) => total + pick(run), 0);
  return {
    files: sum((run) => run.filesSeen),
    indexed: sum((run) => run.filesIndexed),
    skipped: sum((run) => run.filesUnchanged + run.filesUnsupported),
    unchanged: sum((run) => run.filesUnchanged),
    unsupported: sum((run) => run.filesUnsupported),
    deleted: sum((run) => run.filesDeleted),
    failed: sum((run) => run.filesFailed) + failures.filter((failure) => failure.reason.startsWith('cannot index')).length,
    chunks: sum((run) => run.chunks),
    seconds: Math.round(seconds * 100) / 100,
    failures,
    unsupportedFiles,
  };
}

/** Runs the command; returns the exit code. */
export async function indexCommand(folders: string[], options: { json?: boolean; dataDir?: string }): Promise<number> {
  const started = Date.now();
  const link = await connectOrStart(cliConfig(options.dataDir));
  let exitCode = 0;
  try {
    const runIds: number[] = [];
    const runFolders = new Map<number, string>();
    const folderFailures: IndexSummary['failures'] = [];
    for (const folder of folders) {
      try {
        const run = await startIndexRun(link.store, link.queues, resolve(folder));
        runIds.push(run.runId);
        runFolders.set(run.runId, run.path);
      } catch (error) {
        exitCode = reportError(error);
        folderFailures.push({ path: resolve(folder), reason: `cannot index: ${(error as Error).message}` });
      }
    }
    const bar =
      process.stderr.isTTY && !options.json
        ? new cliProgress.SingleBar(
            { format: 'indexing [{bar}] {value}/{total} files | {chunks} chunks | {file}', stream: process.stderr, hideCursor: true },
            cliProgress.Presets.shades_classic,
          )
        : null;
    bar?.start(1, 0, { chunks: 0, file: '' });
    for (;;) {
      const runs = runIds.map((id) => link.store.runProgress(id));
      const finished = runIds.every((id) => link.store.isRunComplete(id) || link.store.getRun(id)?.error);
      if (bar) {
        const total = runs.reduce((n, run) => n + run.filesQueued, 0);
        bar.setTotal(Math.max(1, total));
        bar.update(
          runs.reduce((n, run) => n + run.filesIndexed + run.filesFailed, 0),
          {
            chunks: runs.reduce((n, run) => n + run.chunksEmbedded, 0),
            file: (runs.find((run) => run.currentFile)?.currentFile ?? '').slice(-50),
          },
        );
      }
      if (finished) break;
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
    bar?.stop();
    for (const id of runIds) {
      const error = link.store.getRun(id)?.error;
      if (error) {
        exitCode = 1;
        folderFailures.push({ path: runFolders.get(id) ?? '', reason: error });
      }
    }
    const runs = runIds.map((id) => link.store.runProgress(id));
    const failures = [...folderFailures, ...runIds.flatMap((id) => link.store.failures(id))];
    const unsupportedFiles = runIds.flatMap((id) => link.store.unsupportedFiles(id));
    const summary = summarize(runs, failures, unsupportedFiles, (Date.now() - started) / 1000);
    printResult(Boolean(options.json), summary, () =>
      [
        `${summary.files} files: ${summary.indexed} indexed, ${summary.unchanged} unchanged, ${summary.unsupported} unsupported, ${summary.failed} failed, ${summary.deleted} deleted`,
        `${summary.chunks} chunks in ${summary.seconds} s`,
        ...summary.failures.map((failure) => `  failed: ${failure.path}: ${failure.reason}`),
        ...summary.unsupportedFiles.map((file) => `  skipped: ${file.path}: ${file.reason}`),
      ].join('\n'),
    );
    if (runIds.length === 0) say('semantik: nothing to index');
    return runIds.length === 0 ? Math.max(exitCode, 2) : exitCode;
  } finally {
    await link.close();
  }
}
