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
import { followRuns, InstanceLostError, submitWatched, type Followed } from './attached-wait';
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
  let link: EngineLink;
  if (options.detach) {
    const attached = connectToInstance(config);
    if (!attached) {
      throw new SemantikError(
        'UNAVAILABLE',
        `--detach needs a running instance to do the work, and none runs on ${config.dataDir}; start one with \`semantik serve\` (or the app)`,
      );
    }
    link = attached;
  } else {
    link = await connectOrStart(cliConfig(options.dataDir));
  }
  const links = { current: link };
  const restartWaitMs = options.restartWaitMs ?? DEFAULT_RESTART_WAIT_MS;
  try {
    let exitCode: number = EXIT.DONE;
    const chains: RunChain[] = [];
    const folderFailures: IndexSummary['failures'] = [];
    for (const folder of folders) {
      try {
        const run = await submitWatched(link, restartWaitMs, async () => startIndexRun(link.store, await link.queues(), resolve(folder)));
        chains.push({ sourceId: run.sourceId, folder: run.path, runIds: [run.runId] });
      } catch (error) {
        if (error instanceof InstanceLostError) return instanceLost(`semantik: ${error.message}`, resume, json);
        exitCode = reportError(error);
        folderFailures.push({ path: resolve(folder), reason: `cannot index: ${(error as Error).message}` });
      }
    }
    const runs = (): Array<{ runId: number; folder: string }> =>
      chains.flatMap((chain) => chain.runIds.map((runId) => ({ runId, folder: chain.folder })));

    if (options.detach) {
      printResult(json, { runs: runs(), failures: folderFailures }, () =>
        runs()
          .map((run) => `run ${run.runId}: ${run.folder} (queued on the running instance; \`semantik status\` shows it)`)
          .join('\n'),
      );
      return chains.length === 0 ? Math.max(exitCode, EXIT.USAGE) : exitCode;
    }

    const followed: Followed = await followRuns({
      links,
      config,
      chains,
      progressBar: process.stderr.isTTY && !json,
      restartWaitMs,
    });
    link = links.current;
    switch (followed.outcome) {
      case 'interrupted': {
        const ids = runs().map((run) => run.runId);
        say(
          `semantik: stopped waiting; the indexing goes on in the app (run${ids.length === 1 ? '' : 's'} ${ids.join(', ')}): \`semantik status\` shows it.`,
        );
        if (json) printResult(true, { interrupted: true, runs: runs() }, () => '');
        return EXIT.DONE;
      }
      case 'lost':
        return instanceLost(followed.message(resume), resume, json, runs());
      case 'done':
        break;
    }
    for (const chain of chains) {
      for (const id of chain.runIds) {
        const error = link.store.getRun(id)?.error;
        if (!error) continue;
        exitCode = Math.max(exitCode, EXIT.FAILED);
        folderFailures.push({ path: chain.folder, reason: error });
      }
    }
    const summary = summarize(link.store, chains, folderFailures, (Date.now() - started) / 1000);
    printResult(json, summary, () => summaryText(summary));
    if (chains.length === 0) {
      say('semantik: nothing to index');
      return Math.max(exitCode, EXIT.USAGE);
    }
    return summary.failed > 0 ? Math.max(exitCode, EXIT.FAILED) : exitCode;
  } finally {
    await links.current.close();
  }
}
