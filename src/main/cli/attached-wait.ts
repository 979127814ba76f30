/**
 * Waiting for `semantik index`'s runs: progress from the shared SQLite file, and, when the command
 * is attached to a running instance, a watch on that instance (instance-watch.ts) and Ctrl-C.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import type { EngineConfig } from '../engine/config';
import { processAlive, readInstance } from '../engine/instance-file';
import { connectToInstance, type EngineLink } from './connect';
import { chainDone, extendChain, type RunChain } from './index-summary';
import { InstanceWatch, lostMessage, REDIS_SILENCE_LIMIT_MS } from './instance-watch';
import { say } from './output';

const POLL_MS = 200;
/**
 * For the first seconds of a wait, the runs are looked at every FAST_POLL_MS: a re-scan of an
 * unchanged folder ends in a fraction of a second, and the command would otherwise sit out most
 * of a poll after it. Each look is a few SQLite reads.
 */
const FAST_POLL_MS = 25;
const FAST_POLL_FOR_MS = 3_000;

/** How the wait ended. */
export type Followed =
  | { outcome: 'done' }
  /** Ctrl-C: the runs go on in the instance. */
  | { outcome: 'interrupted' }
  /** The instance died and none came back; `message` takes the command that resumes. */
  | { outcome: 'lost'; message: (resume: string) => string };

export interface FollowOptions {
  /** The link in use; replaced when a restarted instance is followed. */
  links: { current: EngineLink };
  config: EngineConfig;
  chains: RunChain[];
  progressBar: boolean;
  restartWaitMs: number;
}

/** An instance watch fed by the link's Redis connection events. */
function watchLink(link: EngineLink, restartWaitMs: number): { watch: InstanceWatch; stop(): void } | null {
  if (link.instance === null) return null;
  const dataDir = link.config.dataDir;
  const watch = new InstanceWatch(
    link.instance,
    { alive: processAlive, current: () => readInstance(dataDir), now: () => Date.now() },
    { restartWaitMs, redisSilenceMs: REDIS_SILENCE_LIMIT_MS },
  );
  const down = (): void => watch.redisDown();
  const up = (): void => watch.redisUp();
  link.redis.on('close', down);
  link.redis.on('ready', up);
  return {
    watch,
    stop() {
      link.redis.off('close', down);
      link.redis.off('ready', up);
    },
  };
}

function startBar(enabled: boolean): cliProgress.SingleBar | null {
  if (!enabled) return null;
  const bar = new cliProgress.SingleBar(
    { format: 'indexing [{bar}] {value}/{total} files | {chunks} chunks | {file}', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { chunks: 0, file: '' });
  return bar;
}

function updateBar(bar: cliProgress.SingleBar, link: EngineLink, chains: RunChain[]): void {
  const runs = chains.flatMap((chain) => chain.runIds.map((id) => link.store.runProgress(id)));
  bar.setTotal(
    Math.max(
      1,
      runs.reduce((n, run) => n + run.filesQueued, 0),
    ),
  );
  bar.update(
    runs.reduce((n, run) => n + run.filesIndexed + run.filesFailed, 0),
    {
      chunks: runs.reduce((n, run) => n + run.chunksEmbedded, 0),
      file: (runs.find((run) => run.currentFile)?.currentFile ?? '').slice(-50),
    },
  );
}

/** The instance died (or was replaced) while the command was queuing its runs. */
export class InstanceLostError extends Error {
  override readonly name = 'InstanceLostError';
}

/**
 * Runs `submit` (which talks to the instance's Redis) while watching the instance: a command that
 * queues work on an instance that dies meanwhile fails with {@link InstanceLostError} instead of
 * waiting on a connection that will never come back. A Redis restart is waited through.
 */
export async function submitWatched<T>(link: EngineLink, restartWaitMs: number, submit: () => Promise<T>): Promise<T> {
  const watching = watchLink(link, restartWaitMs);
  if (!watching) return submit();
  const pending = submit();
  let settled = false;
  const settledOrFailed = pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  try {
    while (!settled) {
      const verdict = watching.watch.check();
      if (verdict.kind === 'lost' || verdict.kind === 'followed') {
        throw new InstanceLostError(
          `the Semantik instance (pid ${link.instance?.pid}) on ${link.config.dataDir} stopped while the folders were being queued`,
        );
      }
      await Promise.race([settledOrFailed, sleep(POLL_MS)]);
    }
    return await pending;
  } finally {
    watching.stop();
  }
}

/** Waits until every chain is done, the person presses Ctrl-C (attached only), or the instance is lost. */
export async function followRuns(options: FollowOptions): Promise<Followed> {
  const { links, chains, config } = options;
  const attached = links.current.own === null;
  let interrupted = false;
  const onInterrupt = (): void => {
    interrupted = true;
  };
  // Only while attached: a command's own engine would stop with it, so Ctrl-C keeps its default there.
  if (attached) process.on('SIGINT', onInterrupt);
  let watching = watchLink(links.current, options.restartWaitMs);
  const bar = startBar(options.progressBar);
  const started = Date.now();
  try {
    for (;;) {
      const link = links.current;
      for (const chain of chains) extendChain(link.store, chain);
      const done = chains.every((chain) => chainDone(link.store, chain));
      if (bar) updateBar(bar, link, chains);
      if (done) return { outcome: 'done' };
      if (interrupted) return { outcome: 'interrupted' };
      const verdict = watching?.watch.check() ?? { kind: 'up' };
      if (verdict.kind === 'lost') return { outcome: 'lost', message: (resume) => lostMessage(verdict, config.dataDir, resume) };
      if (verdict.kind === 'followed') {
        const next = connectToInstance(config);
        // Null if the new instance died already: the watch holds it and sees that on its next check.
        if (next) {
          say(`semantik: the instance (pid ${verdict.previous.pid}) stopped; following the new one (pid ${verdict.instance.pid})`);
          watching?.stop();
          await link.close();
          links.current = next;
          watching = watchLink(next, options.restartWaitMs);
        }
      }
      await sleep(Date.now() - started < FAST_POLL_FOR_MS ? FAST_POLL_MS : POLL_MS);
    }
  } finally {
    bar?.stop();
    watching?.stop();
    if (attached) process.off('SIGINT', onInterrupt);
  }
}
