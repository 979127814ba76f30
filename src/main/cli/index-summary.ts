/**
 * What `semantik index` reports: the runs it follows, one chain per folder, and their summary.
 *
 * A folder's run can be continued by a later run of the same folder: an instance restarted after a
 * crash starts a catch-up run that takes over the files still pending. The command follows the
 * whole chain, so its summary counts every file of the folder once.
 */
import type { RunProgress } from '../../shared/monitor-types';
import type { Store } from '../../node/store/store';

/** The runs of one folder that a command follows, oldest first. */
export interface RunChain {
  sourceId: number;
  folder: string;
  runIds: number[];
}

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

type Counts = Pick<IndexSummary, 'files' | 'indexed' | 'unchanged' | 'unsupported' | 'deleted' | 'failed' | 'chunks'>;

/** Adds the folder's newest run to the chain when it started after the chain's last one. */
export function extendChain(store: Store, chain: RunChain): void {
  const latest = store.latestRun(chain.sourceId);
  const last = chain.runIds[chain.runIds.length - 1] ?? 0;
  if (latest && latest.id > last) chain.runIds.push(latest.id);
}

/** True when every run of the chain is complete or ended with an error. */
export function chainDone(store: Store, chain: RunChain): boolean {
  return chain.runIds.every((id) => store.isRunComplete(id) || store.getRun(id)?.error);
}

/** The run errors of the chain (a folder that vanished, a scan that failed). */
export function chainErrors(store: Store, chain: RunChain): string[] {
  return chain.runIds.flatMap((id) => store.getRun(id)?.error ?? []);
}

function chainCounts(runs: RunProgress[]): Counts {
  const sum = (pick: (run: RunProgress) => number): number => runs.reduce((total, run) => total + pick(run), 0);
  const [only] = runs;
  if (runs.length === 1 && only) {
    return {
      files: only.filesSeen,
      indexed: only.filesIndexed,
      unchanged: only.filesUnchanged,
      unsupported: only.filesUnsupported,
      deleted: only.filesDeleted,
      failed: only.filesFailed,
      chunks: only.chunks,
    };
  }
  // A document belongs to the last run that queued it, so indexed, failed and chunks add up; each
  // full scan sees every file (a later one counts the earlier one's work as unchanged), so the
  // largest count of files and of unsupported files stands for the folder, and the rest is unchanged.
  const files = Math.max(0, ...runs.map((run) => run.filesSeen));
  const unsupported = Math.max(0, ...runs.map((run) => run.filesUnsupported));
  const indexed = sum((run) => run.filesIndexed);
  const failed = sum((run) => run.filesFailed);
  return {
    files,
    indexed,
    unchanged: Math.max(0, files - indexed - failed - unsupported),
    unsupported,
    deleted: sum((run) => run.filesDeleted),
    failed,
    chunks: sum((run) => run.chunks),
  };
}

/** The summary of the chains followed; `folderFailures` are folders that could not be indexed at all. */
export function summarize(store: Store, chains: RunChain[], folderFailures: IndexSummary['failures'], seconds: number): IndexSummary {
  const counts = chains.map((chain) => chainCounts(chain.runIds.map((id) => store.runProgress(id))));
  const sum = (key: keyof Counts): number => counts.reduce((total, one) => total + one[key], 0);
  const runIds = chains.flatMap((chain) => chain.runIds);
  const failures = [...folderFailures, ...runIds.flatMap((id) => store.failures(id))];
  return {
    files: sum('files'),
    indexed: sum('indexed'),
    skipped: sum('unchanged') + sum('unsupported'),
    unchanged: sum('unchanged'),
    unsupported: sum('unsupported'),
    deleted: sum('deleted'),
    failed: sum('failed') + folderFailures.filter((failure) => failure.reason.startsWith('cannot index')).length,
    chunks: sum('chunks'),
    seconds: Math.round(seconds * 100) / 100,
    failures,
    unsupportedFiles: runIds.flatMap((id) => store.unsupportedFiles(id)),
  };
}

/** The summary as lines for a person. */
export function summaryText(summary: IndexSummary): string {
  return [
    `${summary.files} files: ${summary.indexed} indexed, ${summary.unchanged} unchanged, ${summary.unsupported} unsupported, ${summary.failed} failed, ${summary.deleted} deleted`,
    `${summary.chunks} chunks in ${summary.seconds} s`,
    ...summary.failures.map((failure) => `  failed: ${failure.path}: ${failure.reason}`),
    ...summary.unsupportedFiles.map((file) => `  skipped: ${file.path}: ${file.reason}`),
  ].join('\n');
}
