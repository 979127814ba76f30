/**
 * `semantik index <folder>...`: index folders and wait until every file is done.
 *
 * With a running instance on the data folder, the command queues the runs there and follows them,
 * watching the instance (attached-wait.ts); without one it starts an engine of its own for the
 * command. `--detach` queues and returns at once; Ctrl-C while attached stops only the waiting.
 */
import { resolve } from 'node:path';
import { SemantikError } from '../../shared/errors';
import { startIndexRun } from '../engine/index-runs';
import { followRuns, InstanceLostError, submitWatched } from './attached-wait';
import type { EngineConfig } from '../engine/config';
import { cliConfig } from './cli-config';
import { connectOrStart, connectToInstance, type EngineLink } from './connect';
import { EXIT } from './exit-codes';
import { summarize, summaryText, type IndexSummary, type RunChain } from './index-summary';
import { DEFAULT_RESTART_WAIT_MS } from './instance-watch';
import { printJsonFailure, printResult, reportError, say } from './output';

export type { IndexSummary } from './index-summary';

export interface IndexOptions {
  json?: boolean;
  dataDir?: string;
  /** Queue the runs on the running instance and return at once. */
  detach?: boolean;
  /** @defaultValue {@link DEFAULT_RESTART_WAIT_MS} */
  restartWaitMs?: number;
}

/** Says that the instance is lost (one line; a JSON error object too with `--json`); returns its exit code. */
function instanceLost(message: string, resume: string, json: boolean, runs: Array<{ runId: number; folder: string }> = []): number {
  const line = message.endsWith('.') || message.includes(resume) ? message : `${message}; run \`${resume}\` again once it runs.`;
  say(line);
  if (json) printJsonFailure('INSTANCE_LOST', line.replace(/^semantik: /, ''), EXIT.INSTANCE_LOST, { runs });
  return EXIT.INSTANCE_LOST;
}

/** Runs the command; returns the exit code (see exit-codes.ts). */
export async function indexCommand(folders: string[], options: IndexOptions): Promise<number> {
  const started = Date.now();
  const json = Boolean(options.json);
  const config = cliConfig(options.dataDir);
  const resume = `semantik ${options.dataDir ? `--data-dir ${options.dataDir} ` : ''}index ${folders.join(' ')}`;
  const links = { current: await linkForIndex(options, config) };
  const restartWaitMs = options.restartWaitMs ?? DEFAULT_RESTART_WAIT_MS;
  try {
    const submission = await submitFolders(links.current, folders, restartWaitMs);
    if ('lost' in submission) return instanceLost(`semantik: ${submission.lost.message}`, resume, json);
    const { chains } = submission;
    if (options.detach) return reportQueued(submission, json);
    const followed = await followRuns({ links, config, chains, progressBar: process.stderr.isTTY && !json, restartWaitMs });
    switch (followed.outcome) {
      case 'interrupted':
        return reportInterrupted(chains, json);
      case 'lost':
        return instanceLost(followed.message(resume), resume, json, runsOf(chains));
      case 'done':
        break;
    }
    return reportFinished(links.current, submission, json, started);
  } finally {
    await links.current.close();
  }
}

/** The running instance (the only choice with `--detach`), else an engine of the command's own. */
async function linkForIndex(options: IndexOptions, config: EngineConfig): Promise<EngineLink> {
  if (!options.detach) return connectOrStart(cliConfig(options.dataDir));
  const attached = connectToInstance(config);
  if (!attached) {
    throw new SemantikError(
      'UNAVAILABLE',
      `--detach needs a running instance to do the work, and none runs on ${config.dataDir}; start one with \`semantik serve\` (or the app)`,
    );
  }
  return attached;
}

/** The runs started, one chain per folder, and the folders that could not be indexed. */
interface Submitted {
  chains: RunChain[];
  failures: IndexSummary['failures'];
  /** EXIT.DONE, or the exit code of the last folder that could not be indexed. */
  exitCode: number;
}

/** Starts a run per folder; a folder that cannot be indexed is reported and the others go on, unless the instance is lost. */
async function submitFolders(link: EngineLink, folders: string[], restartWaitMs: number): Promise<Submitted | { lost: InstanceLostError }> {
  const submitted: Submitted = { chains: [], failures: [], exitCode: EXIT.DONE };
  for (const folder of folders) {
    try {
      const run = await submitWatched(link, restartWaitMs, async () => startIndexRun(link.store, await link.queues(), resolve(folder)));
      submitted.chains.push({ sourceId: run.sourceId, folder: run.path, runIds: [run.runId] });
    } catch (error) {
      if (error instanceof InstanceLostError) return { lost: error };
      submitted.exitCode = reportError(error);
      submitted.failures.push({ path: resolve(folder), reason: `cannot index: ${(error as Error).message}` });
    }
  }
  return submitted;
}

/** Every run of the chains, with its folder. */
function runsOf(chains: readonly RunChain[]): Array<{ runId: number; folder: string }> {
  return chains.flatMap((chain) => chain.runIds.map((runId) => ({ runId, folder: chain.folder })));
}

/** `--detach`: says which runs were queued on the running instance. */
function reportQueued({ chains, failures, exitCode }: Submitted, json: boolean): number {
  printResult(json, { runs: runsOf(chains), failures }, () =>
    runsOf(chains)
      .map((run) => `run ${run.runId}: ${run.folder} (queued on the running instance; \`semantik status\` shows it)`)
      .join('\n'),
  );
  return chains.length === 0 ? Math.max(exitCode, EXIT.USAGE) : exitCode;
}

/** Ctrl-C while waiting: the runs go on in the instance. */
function reportInterrupted(chains: readonly RunChain[], json: boolean): number {
  const ids = runsOf(chains).map((run) => run.runId);
  say(
    `semantik: stopped waiting; the indexing goes on in the app (run${ids.length === 1 ? '' : 's'} ${ids.join(', ')}): \`semantik status\` shows it.`,
  );
  if (json) printResult(true, { interrupted: true, runs: runsOf(chains) }, () => '');
  return EXIT.DONE;
}

/** Every run is done: prints the summary, with the runs that failed among the failures. */
function reportFinished(link: EngineLink, submitted: Submitted, json: boolean, started: number): number {
  const { chains, failures } = submitted;
  let exitCode = submitted.exitCode;
  for (const chain of chains) {
    for (const id of chain.runIds) {
      const error = link.store.getRun(id)?.error;
      if (!error) continue;
      exitCode = Math.max(exitCode, EXIT.FAILED);
      failures.push({ path: chain.folder, reason: error });
    }
  }
  const summary = summarize(link.store, chains, failures, (Date.now() - started) / 1000);
  printResult(json, summary, () => summaryText(summary));
  if (chains.length === 0) {
    say('semantik: nothing to index');
    return Math.max(exitCode, EXIT.USAGE);
  }
  return summary.failed > 0 ? Math.max(exitCode, EXIT.FAILED) : exitCode;
}
